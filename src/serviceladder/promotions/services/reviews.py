"""The review stages: department, HR (with interviews and assessments), management (quota, pay proposal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, PayRecord
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    require_operation,
    require_scope,
)
from serviceladder.promotions.errors import (
    ASSESSMENT_STAGE,
    SCORE_INVALID,
    SCORES_REQUIRED,
    PromotionInvalid,
    QuotaExceeded,
)
from serviceladder.promotions.models import (
    Assessment,
    PayChange,
    PromotionApplication,
    PromotionCycle,
    StageOpinion,
)
from serviceladder.promotions.services._common import (
    _applicant_side,
    _locked,
    _opinion,
    _policy,
    _send,
    _today,
    _users_with_role,
)
from serviceladder.promotions.states import (
    QUOTA_STATES,
    Action,
    Scope,
    State,
)
from serviceladder.promotions.workflow import transition_apply

# --- review stages ------------------------------------------------------------------------------------------

STAGE_TEXTS = {
    StageOpinion.Stage.DEPARTMENT: (_("Department review"), Action.DEPT_APPROVE, Action.DEPT_REJECT),
    StageOpinion.Stage.HR: (_("HR review"), Action.HR_APPROVE, Action.HR_REJECT),
    StageOpinion.Stage.MANAGEMENT: (_("Management approval"), Action.MGMT_APPROVE, Action.MGMT_REJECT),
}


def _review(
    *,
    actor: Actor,
    application: PromotionApplication,
    stage: str,
    approve: bool,
    opinion: str,
    expected_version: int | None,
    extra_effects=None,
    next_reviewers=(),
) -> PromotionApplication:
    label, approve_action, reject_action = STAGE_TEXTS[stage]
    action = approve_action if approve else reject_action
    require_operation(actor.user, application, action)  # the role before the opinion and the state
    text = _opinion(opinion)

    def effects(app: PromotionApplication) -> dict:
        extra = extra_effects(app) if extra_effects is not None else None
        StageOpinion.objects.create(
            application=app,
            stage=stage,
            decision=StageOpinion.Decision.APPROVE if approve else StageOpinion.Decision.REJECT,
            opinion=text,
            actor=actor.user,
            actor_label=actor.label,
        )
        return {"stage": stage, "decision": "approve" if approve else "reject", **(extra or {})}

    def notify(app: PromotionApplication) -> None:
        level = names_of(app.target_level)
        if approve:
            title = Message(_("{stage}: approved"), stage=label)
            body = Message(
                _("{name}'s application for {level} was approved at the {stage}."),
                name=app.applicant.name,
                level=level,
                stage=label,
            )
            own = Message(
                _("Your application for {level} was approved at the {stage}."), level=level, stage=label
            )
        else:
            title = Message(_("{stage}: rejected"), stage=label)
            body = Message(
                _("{name}'s application for {level} was rejected at the {stage}: {opinion}"),
                name=app.applicant.name,
                level=level,
                stage=label,
                opinion=text,
            )
            own = Message(
                _("Your application for {level} was rejected at the {stage}: {opinion}"),
                level=level,
                stage=label,
                opinion=text,
            )
        recipients = [*_applicant_side(app), *(next_reviewers if approve else ())]
        _send(
            app,
            kind=f"promotion.{action}",
            recipients=recipients,
            title=title,
            body=body,
            actor=actor,
            to_applicant=(title, own),
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=action,
        opinion=text,
        expected_version=expected_version,
        effects=effects,
        notify=notify,
    )


@transaction.atomic
def promotion_review_department(
    *,
    actor: Actor,
    application: PromotionApplication,
    approve: bool,
    opinion: str,
    expected_version: int | None = None,
) -> PromotionApplication:
    """Department preliminary review (policy 001 §6.2) by the head of the applicant's department."""
    return _review(
        actor=actor,
        application=application,
        stage=StageOpinion.Stage.DEPARTMENT,
        approve=approve,
        opinion=opinion,
        expected_version=expected_version,
        next_reviewers=_users_with_role(Role.HR) if approve else (),
    )


@transaction.atomic
def promotion_assessment_schedule(
    *, actor: Actor, application: PromotionApplication, kind: str, scheduled_at: dt.datetime, note: str = ""
) -> Assessment:
    """HR adds an interview or assessment to its review (policy 001 §6.3)."""
    application = _locked(application)
    require_scope(actor.user, application, Scope.HR)
    if application.state != State.DEPT_APPROVED:
        raise PromotionInvalid(ASSESSMENT_STAGE, state=State(application.state).label)
    kind = Assessment.Kind(kind)
    if timezone.is_naive(scheduled_at):
        scheduled_at = timezone.make_aware(scheduled_at)
    assessment = Assessment.objects.create(
        application=application,
        kind=kind,
        scheduled_at=scheduled_at,
        result_note="",
        scheduled_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="promotion.assessment_schedule",
        employee=application.applicant,
        obj=application,
        after={"assessment": assessment.pk, "kind": kind, "scheduled_at": scheduled_at},
        reason=note,
    )
    when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M")
    _send(
        application,
        kind="promotion.assessment",
        recipients=[application.applicant.user],
        title=Message(_("{kind} scheduled"), kind=kind.label),
        body=Message(
            _("Your {kind} for {level} is on {when}."),
            kind=kind.label,
            level=names_of(application.target_level),
            when=when,
        ),
        actor=actor,
    )
    return assessment


def _score(name: str, raw) -> str:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise PromotionInvalid(SCORE_INVALID, name=name, value=raw) from None
    if isinstance(raw, bool) or not value.is_finite() or not Decimal(0) <= value <= Decimal(1000):
        raise PromotionInvalid(SCORE_INVALID, name=name, value=raw)
    return str(value)


@transaction.atomic
def promotion_assessment_record(
    *, actor: Actor, assessment: Assessment, scores: dict[str, Decimal | str], result_note: str = ""
) -> Assessment:
    """HR records the scores of an interview or assessment (name → score 0–1000, kept as decimal text)."""
    assessment = (
        Assessment.objects.select_for_update().select_related("application__applicant").get(pk=assessment.pk)
    )
    application = assessment.application
    require_scope(actor.user, application, Scope.HR)
    if application.state != State.DEPT_APPROVED:
        raise PromotionInvalid(ASSESSMENT_STAGE, state=State(application.state).label)
    clean = {str(k).strip(): _score(str(k), v) for k, v in scores.items() if str(k).strip()}
    if not clean:
        raise PromotionInvalid(SCORES_REQUIRED)
    before = {"scores": assessment.scores, "result_note": assessment.result_note}
    assessment.scores = clean
    assessment.result_note = (result_note or "").strip()
    assessment.recorded_at = clock.now()
    assessment.recorded_by = actor.user
    assessment.save(update_fields=["scores", "result_note", "recorded_at", "recorded_by"])
    audit_record(
        actor=actor,
        action="promotion.assessment_record",
        employee=application.applicant,
        obj=application,
        before=before,
        after={"assessment": assessment.pk, "scores": clean, "result_note": assessment.result_note},
    )
    return assessment


@transaction.atomic
def promotion_review_hr(
    *,
    actor: Actor,
    application: PromotionApplication,
    approve: bool,
    opinion: str,
    expected_version: int | None = None,
) -> PromotionApplication:
    """HR second review (policy 001 §6.3): HR verifies the data (selectors.snapshot_comparison shows the
    frozen snapshot against today's data) and writes its opinion."""
    return _review(
        actor=actor,
        application=application,
        stage=StageOpinion.Stage.HR,
        approve=approve,
        opinion=opinion,
        expected_version=expected_version,
        next_reviewers=_users_with_role(Role.MANAGEMENT) if approve else (),
    )


def quota_use(cycle: PromotionCycle, level: Level, *, exclude_pk=None) -> rules.QuotaUse:
    """The target level's quota in the cycle and the approvals already using it (clause `process.quotas`)."""
    used = PromotionApplication.objects.filter(cycle=cycle, target_level=level, state__in=QUOTA_STATES)
    if exclude_pk is not None:
        used = used.exclude(pk=exclude_pk)
    quota = cycle.quotas.get(level.code)
    return rules.QuotaUse(None if quota is None else int(quota), used.count())


def _old_pay(employee: Employee, on: dt.date) -> PayRecord | None:
    return (
        PayRecord.objects.filter(employee=employee, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def _propose_pay(app: PromotionApplication, today: dt.date) -> PayChange:
    """Clause `process.pay_rule`: max(band minimum, old pay × min_ratio), capped at the band maximum."""
    policy = _policy(app.cycle)
    level = policy.levels()[app.target_level.code][1]
    band = level.pay_band
    old = _old_pay(app.applicant, today)
    ratio = policy.process.pay_rule.min_ratio
    proposal = rules.pay_proposal(
        old.monthly_amount if old else None,
        min_ratio=ratio,
        band_min=band.min if band else None,
        band_max=band.max if band else None,
    )
    currency = (band.currency if band and band.currency else None) or policy.currency
    pay, _created = PayChange.objects.update_or_create(
        application=app,
        defaults={
            "currency": currency,
            "old_amount": old.monthly_amount if old else None,
            "min_ratio": ratio,
            "band_min": band.min if band else None,
            "band_max": band.max if band else None,
            "proposed_amount": proposal.amount,
            "capped": proposal.capped,
            "final_amount": proposal.amount,
            "adjustment_reason": "",
            "adjusted_by": None,
            "adjusted_at": None,
        },
    )
    return pay


@transaction.atomic
def promotion_approve_management(
    *,
    actor: Actor,
    application: PromotionApplication,
    approve: bool,
    opinion: str,
    override_reason: str = "",
    expected_version: int | None = None,
) -> PromotionApplication:
    """Management approval (policy 001 §6.4) against the target level's quota; an approval that goes over
    the quota needs `override_reason`. Approval proposes the pay change by the policy's pay rule."""
    override = (override_reason or "").strip()
    today = _today()

    def extra(app: PromotionApplication) -> dict:
        if not approve:
            return {}
        # Lock the cycle so that two approvals for one level at the same moment count each other, and read
        # its quotas from the locked row: HR may have changed them since the application was loaded
        # (promotion_cycle_quotas_set locks the same row).
        cycle = PromotionCycle.objects.select_for_update().get(pk=app.cycle_id)
        app.cycle = cycle
        use = quota_use(cycle, app.target_level, exclude_pk=app.pk)
        if use.full and not override:
            raise QuotaExceeded(used=use.used + 1, quota=use.quota, level=app.target_level.name)
        app.quota_override_reason = override if use.full else ""
        app.save(update_fields=["quota_override_reason"])
        pay = _propose_pay(app, today)
        return {
            "quota": use.quota,
            "quota_used_before": use.used,
            "over_quota": use.full,
            "override_reason": app.quota_override_reason,
            "pay_proposed": pay.proposed_amount,
            "pay_capped": pay.capped,
        }

    return _review(
        actor=actor,
        application=application,
        stage=StageOpinion.Stage.MANAGEMENT,
        approve=approve,
        opinion=opinion,
        expected_version=expected_version,
        extra_effects=extra,
        next_reviewers=_users_with_role(Role.HR) if approve else (),
    )
