"""Writers of the promotion process (policy 001 §6–8). The contract for the web pages, the API and the CLI.

Every service is keyword-only, takes `actor: Actor` (serviceladder.audit.services), runs in one transaction,
writes its audit rows in it, notifies on commit (notify.py) and raises DomainErrors from errors.py.
Every state change goes through workflow.transition_apply (the one function; table in states.py). Services
that move an application accept `expected_version` (the `version` the caller showed) — optional.

Cycles
  promotion_cycle_open(*, actor, name, opens_on, closes_on, quotas=None, note="") -> PromotionCycle
      HR. Window inside the policy's application months (policy in force on opens_on); quotas default to
      the policy's `process.quotas`.
  promotion_cycle_quotas_set(*, actor, cycle, quotas) -> PromotionCycle
      HR, before the first submission.
Applications
  promotion_application_create(*, actor, cycle, target_level, achievements="", capability_growth="",
      role_understanding="", plan="") -> PromotionApplication            the applicant's draft
  promotion_application_nominate(*, actor, cycle, employee, target_level, achievements="", ...) -> draft
      by the person's team lead or department head (nominated_by)
  promotion_application_update(*, actor, application, **form fields, expected_version=None)   draft only
  promotion_attachment_add(*, actor, application, uploaded_file) -> ApplicationAttachment     draft only
  promotion_application_submit(*, actor, application, exception_reason="", expected_version=None)
      applicant or nominator, inside the window; freezes the eligibility decision; not eligible → only as
      an exception with a reason (is_exception)
  promotion_application_withdraw(*, actor, application, reason="", expected_version=None)    applicant
Stages
  promotion_review_department(*, actor, application, approve: bool, opinion, expected_version=None)
  promotion_assessment_schedule(*, actor, application, kind, scheduled_at, note="") -> Assessment   HR
  promotion_assessment_record(*, actor, assessment, scores: dict[str, Decimal|str], result_note="")  HR
  promotion_review_hr(*, actor, application, approve: bool, opinion, expected_version=None)
  promotion_approve_management(*, actor, application, approve: bool, opinion, override_reason="",
      expected_version=None)   over the target level's quota only with override_reason; approval proposes
      the pay change (PayChange)
  promotion_notice_publish(*, actor, cycle, applications=None, published_on=None) -> PromotionNotice
      HR; all management-approved applications of the cycle by default; end date from the work calendar
  promotion_appeal_file(*, actor, application, text) -> Appeal
      anyone but the applicant, while the notice runs
  promotion_appeal_answer(*, actor, appeal, outcome, answer) -> Appeal
      HR; outcome "dismissed" | "upheld_department" | "upheld_hr" | "upheld_reject"
  promotion_pay_adjust(*, actor, application, amount, reason) -> PayChange     HR, within the band
  promotion_finalise(*, actor, application, today=None, expected_version=None) -> PromotionApplication
      HR, after the notice with no open appeal: level (org.services.employee_level_assign), pay
      (org.services.employee_pay_set) from the first day of the next month, promotion trainings assigned
Any stage
  promotion_comment_add(*, actor, application, text) -> Comment       anyone who may see the case
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, LevelAssignment, PayRecord
from serviceladder.org.services import employee_level_assign, employee_pay_set
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    can_comment,
    can_nominate,
    can_open_cycle,
    is_own_application,
    require_scope,
)
from serviceladder.promotions.attachments import check_upload
from serviceladder.promotions.errors import (
    ALREADY_APPLIED,
    APPEAL_ALREADY_ANSWERED,
    APPEAL_OUTCOME_UNKNOWN,
    APPEAL_OWN_ANSWER,
    APPEAL_PERIOD_OVER,
    ASSESSMENT_STAGE,
    ATTACHMENT_TOO_MANY,
    CANNOT_APPLY_FOR_OTHERS,
    CANNOT_NOMINATE,
    CANNOT_OPEN_CYCLE,
    COMMENT_EMPTY,
    CYCLE_HAS_APPLICATIONS,
    CYCLE_NAME_REQUIRED,
    CYCLE_NOT_OPEN,
    DATE_OUT_OF_RANGE,
    FORM_INCOMPLETE,
    LEVEL_ALREADY_SET,
    NO_CURRENT_LEVEL,
    NO_SUCH_TRANSITION,
    NOT_EDITABLE,
    NOT_READY_TO_PUBLISH,
    NOTHING_TO_PUBLISH,
    NOTICE_NOT_OVER,
    OPEN_APPEALS,
    OPINION_REQUIRED,
    OWN_APPLICATION,
    PAY_ALREADY_SET,
    PAY_FINAL,
    PAY_NOT_A_NUMBER,
    PAY_NOT_YET,
    PAY_OUTSIDE_BAND,
    QUOTA_INVALID,
    QUOTA_UNKNOWN_LEVEL,
    REASON_REQUIRED,
    SCORE_INVALID,
    SCORES_REQUIRED,
    UNKNOWN_LEVEL,
    WINDOW_ORDER,
    WINDOW_OUTSIDE_MONTHS,
    ExceptionReasonRequired,
    PromotionError,
    PromotionInvalid,
    QuotaExceeded,
    StageNotAllowed,
    WindowClosed,
)
from serviceladder.promotions.models import (
    Appeal,
    ApplicationAttachment,
    Assessment,
    Comment,
    PayChange,
    PromotionApplication,
    PromotionCycle,
    PromotionNotice,
    StageOpinion,
    TrainingAssignment,
)
from serviceladder.promotions.notify import application_url, promotion_notify
from serviceladder.promotions.states import (
    APPEAL_UPHOLD_ACTIONS,
    OPEN_STATES,
    QUOTA_STATES,
    Action,
    Scope,
    State,
)
from serviceladder.promotions.workflow import transition_apply

FORM_FIELDS = ("achievements", "capability_growth", "role_understanding", "plan")
FORM_LABELS = {
    "achievements": _("achievements"),
    "capability_growth": _("growth in capability"),
    "role_understanding": _("understanding of the new role"),
    "plan": _("plan for the new role"),
}
MAX_ATTACHMENTS = 10
KIND_BY_TRACK = {"management": "promotion", "expert": "expert", "transfer": "transfer"}


# --- helpers ------------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return clock.today()


def _policy(cycle: PromotionCycle) -> Policy:
    return policy_parsed(cycle.policy_version)


def _users_with_role(role: str) -> list:
    return list(get_user_model().objects.filter(role_grants__role=role, is_active=True).distinct())


def _department_head_user(employee: Employee):
    if employee.team_id is None:
        return None
    head = employee.team.department.head
    return head.user if head is not None and head.pk != employee.pk else None


def _applicant_side(application: PromotionApplication) -> list:
    """The applicant and the superior who nominated them."""
    users = [application.applicant.user]
    if application.nominated_by_id:
        users.append(application.nominated_by.user)
    return users


def _send(application: PromotionApplication, *, kind: str, recipients, title, body, actor: Actor) -> None:
    promotion_notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        url=application_url(application),
        actor=actor.user,
    )


def _level(code_or_level: Level | str) -> Level:
    if isinstance(code_or_level, Level):
        return code_or_level
    level = Level.objects.filter(code=code_or_level).first()
    if level is None:
        raise PromotionInvalid(UNKNOWN_LEVEL, code=code_or_level)
    return level


def _current_level(employee: Employee, on: dt.date) -> Level:
    assignment = (
        LevelAssignment.objects.filter(employee=employee, effective_from__lte=on)
        .select_related("level")
        .order_by("-effective_from")
        .first()
    )
    if assignment is None:
        raise PromotionInvalid(NO_CURRENT_LEVEL, name=employee.name, date=on.isoformat())
    return assignment.level


def _kind_for(policy: Policy, from_level: Level, target: Level) -> str:
    """The policy must have a move from the current level to the target; its track names the kind."""
    if not any(t.to_level == target.code for t in policy.transitions_from(from_level.code)):
        raise PromotionInvalid(NO_SUCH_TRANSITION, from_level=from_level.name, to_level=target.name)
    track = policy.levels()[target.code][0]
    return KIND_BY_TRACK.get(track.kind, "promotion")


def _opinion(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PromotionInvalid(OPINION_REQUIRED)
    return text


def _not_own(actor: Actor, application: PromotionApplication) -> None:
    if is_own_application(actor.user, application):
        raise StageNotAllowed(OWN_APPLICATION)


def _locked(application: PromotionApplication) -> PromotionApplication:
    return (
        PromotionApplication.objects.select_for_update(of=("self",))
        .select_related("applicant__team__department", "cycle")
        .get(pk=application.pk)
    )


# --- cycles -------------------------------------------------------------------------------------------------


def _clean_quotas(policy: Policy, quotas: dict) -> dict[str, int]:
    levels = policy.levels()
    clean = {}
    for code, value in quotas.items():
        if code not in levels:
            raise PromotionInvalid(QUOTA_UNKNOWN_LEVEL, level=code)
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
        if isinstance(value, bool) or number < 0 or str(number) != str(value).strip():
            raise PromotionInvalid(QUOTA_INVALID, level=code, value=value)
        clean[code] = number
    return clean


@transaction.atomic
def promotion_cycle_open(
    *,
    actor: Actor,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    quotas: dict[str, int] | None = None,
    note: str = "",
) -> PromotionCycle:
    """HR opens a cycle whose application window lies inside the policy's application months (clause
    `process.application_months`, policy in force on `opens_on`). Quotas default to `process.quotas`."""
    if not can_open_cycle(actor.user):
        raise PermissionDeniedError(CANNOT_OPEN_CYCLE)
    name = (name or "").strip()
    if not name:
        raise PromotionInvalid(CYCLE_NAME_REQUIRED)
    if closes_on < opens_on:
        raise PromotionInvalid(WINDOW_ORDER, opens=opens_on.isoformat(), closes=closes_on.isoformat())
    version = policy_version_in_force(opens_on)
    policy = policy_parsed(version)
    allowed = policy.process.application_months
    outside = rules.application_window_check(opens_on, closes_on, allowed)
    if outside:
        raise WindowClosed(
            WINDOW_OUTSIDE_MONTHS,
            opens=opens_on.isoformat(),
            closes=closes_on.isoformat(),
            months=", ".join(f"{y:04d}-{m:02d}" for y, m in outside),
            allowed=", ".join(str(m) for m in sorted(allowed)),
        )
    clean = _clean_quotas(policy, dict(policy.process.quotas) if quotas is None else quotas)
    cycle = PromotionCycle.objects.create(
        name=name[:200],
        policy_version=version,
        opens_on=opens_on,
        closes_on=closes_on,
        quotas=clean,
        note=note.strip(),
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="promotion.cycle_open",
        obj=cycle,
        after={
            "name": cycle.name,
            "policy_version": version.label,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "quotas": clean,
        },
        reason=note,
    )
    return cycle


@transaction.atomic
def promotion_cycle_quotas_set(
    *, actor: Actor, cycle: PromotionCycle, quotas: dict[str, int]
) -> PromotionCycle:
    """HR edits the quota per target level, before the first application is submitted."""
    if not can_open_cycle(actor.user):
        raise PermissionDeniedError(CANNOT_OPEN_CYCLE)
    cycle = PromotionCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.applications.filter(submitted_at__isnull=False).exists():
        raise PromotionInvalid(CYCLE_HAS_APPLICATIONS)
    clean = _clean_quotas(_policy(cycle), quotas)
    before = dict(cycle.quotas)
    cycle.quotas = clean
    cycle.save(update_fields=["quotas"])
    audit_record(actor=actor, action="promotion.cycle_quotas", obj=cycle, before=before, after=clean)
    return cycle


# --- applications -------------------------------------------------------------------------------------------


def _draft(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    employee: Employee,
    target_level,
    nominated_by,
    form: dict[str, str],
) -> PromotionApplication:
    today = _today()
    if today > cycle.closes_on:
        raise WindowClosed(
            CYCLE_NOT_OPEN,
            cycle=cycle.name,
            opens=cycle.opens_on.isoformat(),
            closes=cycle.closes_on.isoformat(),
            today=today.isoformat(),
        )
    target = _level(target_level)
    from_level = _current_level(employee, today)
    kind = _kind_for(_policy(cycle), from_level, target)
    if PromotionApplication.objects.filter(cycle=cycle, applicant=employee, state__in=OPEN_STATES).exists():
        raise PromotionInvalid(ALREADY_APPLIED, name=employee.name, cycle=cycle.name)
    try:
        with transaction.atomic():
            application = PromotionApplication.objects.create(
                cycle=cycle,
                applicant=employee,
                from_level=from_level,
                target_level=target,
                kind=kind,
                nominated_by=nominated_by,
                created_by=actor.user,
                **{f: (form.get(f) or "").strip() for f in FORM_FIELDS},
            )
    except IntegrityError:  # a second draft created at the same moment
        raise PromotionInvalid(ALREADY_APPLIED, name=employee.name, cycle=cycle.name) from None
    audit_record(
        actor=actor,
        action="promotion.nominate" if nominated_by else "promotion.create",
        employee=employee,
        obj=application,
        after={
            "cycle": cycle.name,
            "from_level": from_level.code,
            "target_level": target.code,
            "kind": kind,
            "nominated_by": nominated_by.number if nominated_by else None,
        },
    )
    return application


@transaction.atomic
def promotion_application_create(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    target_level: Level | str,
    achievements: str = "",
    capability_growth: str = "",
    role_understanding: str = "",
    plan: str = "",
) -> PromotionApplication:
    """The acting user's own draft application (they need an employee record and a role)."""
    me = user_employee(actor.user)
    if me is None or not actor.user.role_grants.exists():
        raise PermissionDeniedError(CANNOT_APPLY_FOR_OTHERS)
    return _draft(
        actor=actor,
        cycle=cycle,
        employee=me,
        target_level=target_level,
        nominated_by=None,
        form={
            "achievements": achievements,
            "capability_growth": capability_growth,
            "role_understanding": role_understanding,
            "plan": plan,
        },
    )


@transaction.atomic
def promotion_application_nominate(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    employee: Employee,
    target_level: Level | str,
    achievements: str = "",
    capability_growth: str = "",
    role_understanding: str = "",
    plan: str = "",
) -> PromotionApplication:
    """A team lead (of the person's team) or department head (of their department) nominates them: a draft
    with `nominated_by` set, which the nominator or the person completes and submits."""
    if not can_nominate(actor.user, employee):
        raise PermissionDeniedError(CANNOT_NOMINATE)
    application = _draft(
        actor=actor,
        cycle=cycle,
        employee=employee,
        target_level=target_level,
        nominated_by=user_employee(actor.user),
        form={
            "achievements": achievements,
            "capability_growth": capability_growth,
            "role_understanding": role_understanding,
            "plan": plan,
        },
    )
    _send(
        application,
        kind="promotion.nominated",
        recipients=[employee.user],
        title=_("You were nominated for promotion"),
        body=format_lazy(
            _("{who} nominated you for {level} in {cycle}."),
            who=actor.label,
            level=application.target_level.name,
            cycle=cycle.name,
        ),
        actor=actor,
    )
    return application


@transaction.atomic
def promotion_application_update(
    *, actor: Actor, application: PromotionApplication, expected_version: int | None = None, **fields: str
) -> PromotionApplication:
    """Change the form of a draft (the applicant or the nominator). Unknown field names are a TypeError."""
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    application = _locked(application)
    require_scope(actor.user, application, Scope.APPLICANT_OR_NOMINATOR)
    if application.state != State.DRAFT:
        raise PromotionInvalid(NOT_EDITABLE)
    if expected_version is not None and expected_version != application.version:
        from serviceladder.promotions.errors import StaleApplication

        raise StaleApplication(actor="?")
    before = {f: getattr(application, f) for f in fields}
    for f, value in fields.items():
        setattr(application, f, (value or "").strip())
    application.version += 1
    application.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="promotion.update",
        employee=application.applicant,
        obj=application,
        before=before,
        after={f: getattr(application, f) for f in fields},
    )
    return application


@transaction.atomic
def promotion_attachment_add(
    *, actor: Actor, application: PromotionApplication, uploaded_file
) -> ApplicationAttachment:
    """Attach a file to a draft (PDF, image, Office document or text; size and type checked, see
    attachments.py). Stored under $SERVICELADDER_HOME/media/promotions/<application>/."""
    application = _locked(application)
    require_scope(actor.user, application, Scope.APPLICANT_OR_NOMINATOR)
    if application.state != State.DRAFT:
        raise PromotionInvalid(NOT_EDITABLE)
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise PromotionInvalid(ATTACHMENT_TOO_MANY, limit=MAX_ATTACHMENTS)
    name, content_type = check_upload(uploaded_file)
    attachment = ApplicationAttachment(
        application=application,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor.user,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    path = attachment.file.name
    audit_record(
        actor=actor,
        action="promotion.attachment_add",
        employee=application.applicant,
        obj=application,
        after={"file": name, "size": attachment.size, "type": content_type, "stored": path},
    )
    return attachment


def _freeze_eligibility(application: PromotionApplication, today: dt.date) -> dict:
    """The eligibility decision for this move today, under the cycle's policy version (JSON, see
    eligibility.serialize.decision_to_dict), with the language its texts were rendered in."""
    from django.utils import translation

    from serviceladder.eligibility.engine import compile_policy, evaluate
    from serviceladder.eligibility.loading import load_facts
    from serviceladder.eligibility.serialize import decision_to_dict

    version = application.cycle.policy_version
    policy = policy_parsed(version)
    employee = application.applicant
    facts = load_facts(Employee.objects.filter(pk=employee.pk), as_of=today, policy=policy)
    decisions = evaluate(facts[0], compile_policy(policy, version.label), today) if facts else []
    decision = next((d for d in decisions if d.to_level == application.target_level.code), None)
    if decision is None:
        raise PromotionInvalid(
            NO_SUCH_TRANSITION, from_level=application.from_level.name, to_level=application.target_level.name
        )
    language = "zh" if (translation.get_language() or "").startswith("zh") else "en"
    data = decision_to_dict(decision, employee, language)
    data.update(as_of=today.isoformat(), policy_version=version.label, language=language)
    return data


@transaction.atomic
def promotion_application_submit(
    *,
    actor: Actor,
    application: PromotionApplication,
    exception_reason: str = "",
    expected_version: int | None = None,
) -> PromotionApplication:
    """Submit inside the cycle's window (clause `process.application_months`). The eligibility decision is
    frozen into the application; a person who is not eligible today can be submitted only as an exception
    with a reason (is_exception, shown everywhere)."""
    today = _today()
    cycle = application.cycle
    if not rules.application_window_open(cycle.opens_on, cycle.closes_on, today):
        raise WindowClosed(
            CYCLE_NOT_OPEN,
            cycle=cycle.name,
            opens=cycle.opens_on.isoformat(),
            closes=cycle.closes_on.isoformat(),
            today=today.isoformat(),
        )
    reason = (exception_reason or "").strip()

    def effects(app: PromotionApplication) -> dict:
        missing = [str(FORM_LABELS[f]) for f in FORM_FIELDS if not getattr(app, f).strip()]
        if missing:
            raise PromotionInvalid(FORM_INCOMPLETE, missing=", ".join(missing))
        app.from_level = _current_level(app.applicant, today)
        app.kind = _kind_for(_policy(cycle), app.from_level, app.target_level)
        snapshot = _freeze_eligibility(app, today)
        status = snapshot["status"]
        if status != "eligible" and not reason:
            raise ExceptionReasonRequired(
                name=app.applicant.name, to_level=app.target_level.name, status=snapshot["summary"]
            )
        app.eligibility_snapshot = snapshot
        app.eligibility_status = status
        app.is_exception = status != "eligible"
        app.exception_reason = reason if app.is_exception else ""
        app.submitted_at = clock.now()
        app.save(
            update_fields=[
                "from_level",
                "kind",
                "eligibility_snapshot",
                "eligibility_status",
                "is_exception",
                "exception_reason",
                "submitted_at",
            ]
        )
        return {
            "eligibility": status,
            "is_exception": app.is_exception,
            "exception_reason": app.exception_reason,
        }

    def notify(app: PromotionApplication) -> None:
        head = _department_head_user(app.applicant)
        reviewers = [head] if head is not None else _users_with_role(Role.HR)
        _send(
            app,
            kind="promotion.submitted",
            recipients=[*reviewers, *_applicant_side(app)],
            title=_("Promotion application submitted"),
            body=format_lazy(
                _("{name} applies for {level}; the department review is next."),
                name=app.applicant.name,
                level=app.target_level.name,
            ),
            actor=actor,
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.SUBMIT,
        opinion=reason,
        expected_version=expected_version,
        effects=effects,
        notify=notify,
    )


@transaction.atomic
def promotion_application_withdraw(
    *, actor: Actor, application: PromotionApplication, reason: str = "", expected_version: int | None = None
) -> PromotionApplication:
    """The applicant withdraws (from a draft up to the public notice; not while an appeal is open)."""

    def notify(app: PromotionApplication) -> None:
        _send(
            app,
            kind="promotion.withdrawn",
            recipients=[*_applicant_side(app), _department_head_user(app.applicant)],
            title=_("Promotion application withdrawn"),
            body=format_lazy(
                _("{name} withdrew the application for {level}."),
                name=app.applicant.name,
                level=app.target_level.name,
            ),
            actor=actor,
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.WITHDRAW,
        opinion=(reason or "").strip(),
        expected_version=expected_version,
        notify=notify,
    )


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
    text = _opinion(opinion)
    label, approve_action, reject_action = STAGE_TEXTS[stage]
    action = approve_action if approve else reject_action

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
        if approve:
            title = format_lazy(_("{stage}: approved"), stage=label)
            body = format_lazy(
                _("{name}'s application for {level} was approved at the {stage}."),
                name=app.applicant.name,
                level=app.target_level.name,
                stage=label,
            )
        else:
            title = format_lazy(_("{stage}: rejected"), stage=label)
            body = format_lazy(
                _("{name}'s application for {level} was rejected at the {stage}: {opinion}"),
                name=app.applicant.name,
                level=app.target_level.name,
                stage=label,
                opinion=text,
            )
        recipients = [*_applicant_side(app), *(next_reviewers if approve else ())]
        _send(app, kind=f"promotion.{action}", recipients=recipients, title=title, body=body, actor=actor)

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
        title=format_lazy(_("{kind} scheduled"), kind=kind.label),
        body=format_lazy(
            _("Your {kind} for {level} is on {when}."),
            kind=kind.label,
            level=application.target_level.name,
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
        # Lock the cycle so that two approvals for one level at the same moment count each other.
        PromotionCycle.objects.select_for_update().filter(pk=app.cycle_id).first()
        use = quota_use(app.cycle, app.target_level, exclude_pk=app.pk)
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


# --- notice and appeals -------------------------------------------------------------------------------------


def notice_end(cycle: PromotionCycle, published_on: dt.date):
    """The notice's end per the cycle's policy and holiday calendar (a WorkingDaysResult)."""
    from serviceladder.workcalendar.selectors import work_calendar

    process = _policy(cycle).process
    try:
        return rules.notice_end_date(
            published_on,
            working_days=process.notice_period_working_days,
            publication_day_counts=process.publication_day_counts,
            calendar=work_calendar(process.holiday_calendar),
        )
    except OverflowError:
        raise PromotionInvalid(
            DATE_OUT_OF_RANGE, date=published_on.isoformat(), days=process.notice_period_working_days
        ) from None


@transaction.atomic
def promotion_notice_publish(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    applications: list[PromotionApplication] | None = None,
    published_on: dt.date | None = None,
) -> PromotionNotice:
    """HR publishes approved promotions (policy 001 §6.5) for the policy's number of working days; the end
    date comes from the holiday calendar (provisional years are recorded on the notice)."""
    if not can_open_cycle(actor.user):
        raise StageNotAllowed(scope=Scope.HR.label)
    published_on = published_on or _today()
    if applications is None:
        applications = list(
            cycle.applications.filter(state=State.MGMT_APPROVED).select_related("applicant", "target_level")
        )
    if not applications:
        raise PromotionInvalid(NOTHING_TO_PUBLISH)
    for app in applications:
        if app.cycle_id != cycle.pk or app.state != State.MGMT_APPROVED:
            raise PromotionInvalid(
                NOT_READY_TO_PUBLISH, name=app.applicant.name, state=State(app.state).label
            )
    process = _policy(cycle).process
    end = notice_end(cycle, published_on)
    notice = PromotionNotice.objects.create(
        cycle=cycle,
        published_on=published_on,
        ends_on=end.date,
        working_days=process.notice_period_working_days,
        publication_day_counts=process.publication_day_counts,
        holiday_calendar=process.holiday_calendar,
        provisional_years=list(end.provisional_years),
        published_by=actor.user,
    )

    def effects(app: PromotionApplication) -> dict:
        app.notice = notice
        app.save(update_fields=["notice"])
        return {"notice": notice.pk, "published_on": published_on, "ends_on": end.date}

    def notify(app: PromotionApplication) -> None:
        _send(
            app,
            kind="promotion.published",
            recipients=_applicant_side(app),
            title=_("Promotion on public notice"),
            body=format_lazy(
                _("The promotion of {name} to {level} is on public notice until {ends}."),
                name=app.applicant.name,
                level=app.target_level.name,
                ends=end.date.isoformat(),
            ),
            actor=actor,
        )

    for app in applications:
        transition_apply(actor=actor, application=app, action=Action.PUBLISH, effects=effects, notify=notify)
    audit_record(
        actor=actor,
        action="promotion.notice_publish",
        obj=notice,
        after={
            "cycle": cycle.name,
            "published_on": published_on,
            "ends_on": end.date,
            "provisional_years": list(end.provisional_years),
            "applications": [a.pk for a in applications],
        },
    )
    return notice


@transaction.atomic
def promotion_appeal_file(*, actor: Actor, application: PromotionApplication, text: str) -> Appeal:
    """Anyone in the organisation (not the applicant) appeals a promotion while its notice runs; HR answers
    within the policy's `appeal_deadline_days`. The appellant's identity is shown to HR only."""
    text = (text or "").strip()
    if not text:
        raise PromotionInvalid(REASON_REQUIRED)
    today = _today()
    notice = application.notice
    if notice is not None and not rules.notice_running(notice.ends_on, today):
        raise PromotionInvalid(APPEAL_PERIOD_OVER, ends=notice.ends_on.isoformat())
    days = _policy(application.cycle).process.appeal_deadline_days
    created: list[Appeal] = []

    def effects(app: PromotionApplication) -> dict:
        if app.notice is not None and not rules.notice_running(app.notice.ends_on, today):
            raise PromotionInvalid(APPEAL_PERIOD_OVER, ends=app.notice.ends_on.isoformat())
        appeal = Appeal.objects.create(
            application=app, appellant=actor.user, text=text, answer_due_on=today + dt.timedelta(days=days)
        )
        created.append(appeal)
        return {"appeal": appeal.pk, "answer_due_on": appeal.answer_due_on}

    def notify(app: PromotionApplication) -> None:
        _send(
            app,
            kind="promotion.appeal_filed",
            recipients=_users_with_role(Role.HR),
            title=_("Appeal filed"),
            body=format_lazy(
                _("An appeal against the promotion of {name} to {level}; answer by {due}."),
                name=app.applicant.name,
                level=app.target_level.name,
                due=created[0].answer_due_on.isoformat(),
            ),
            actor=actor,
        )

    transition_apply(
        actor=actor,
        application=application,
        action=Action.APPEAL_FILE,
        opinion=text,
        effects=effects,
        notify=notify,
    )
    return created[0]


APPEAL_OUTCOMES = ("dismissed", "upheld_department", "upheld_hr", "upheld_reject")


@transaction.atomic
def promotion_appeal_answer(*, actor: Actor, appeal: Appeal, outcome: str, answer: str) -> Appeal:
    """HR answers an appeal. Dismissed: when no other appeal is open the application is back on notice.
    Upheld: back to the department review, back to the HR review, or rejected; other open appeals of the
    application are closed with the same answer."""
    if outcome not in APPEAL_OUTCOMES:
        raise PromotionInvalid(APPEAL_OUTCOME_UNKNOWN, outcome=outcome, allowed=", ".join(APPEAL_OUTCOMES))
    answer = (answer or "").strip()
    if not answer:
        raise PromotionInvalid(REASON_REQUIRED)
    appeal = Appeal.objects.select_for_update().select_related("application__applicant").get(pk=appeal.pk)
    application = appeal.application
    require_scope(actor.user, application, Scope.HR)
    if appeal.appellant_id == getattr(actor.user, "pk", None):
        raise StageNotAllowed(APPEAL_OWN_ANSWER)
    if appeal.outcome != Appeal.Outcome.OPEN:
        raise PromotionInvalid(APPEAL_ALREADY_ANSWERED)
    now = clock.now()

    def close(a: Appeal, result: str) -> None:
        a.outcome, a.answer, a.answered_at, a.answered_by = result, answer, now, actor.user
        a.save(update_fields=["outcome", "answer", "answered_at", "answered_by"])

    others = list(
        Appeal.objects.select_for_update()
        .filter(application=application, outcome=Appeal.Outcome.OPEN)
        .exclude(pk=appeal.pk)
    )
    if outcome == "dismissed":
        action = Action.APPEAL_DISMISS if not others else None
    else:
        action = APPEAL_UPHOLD_ACTIONS[outcome.removeprefix("upheld_")]
    if action is None:  # another appeal is still open: the application stays under appeal
        close(appeal, Appeal.Outcome.DISMISSED)
        audit_record(
            actor=actor,
            action="promotion.appeal_answer",
            employee=application.applicant,
            obj=application,
            after={"appeal": appeal.pk, "outcome": outcome, "open_appeals": len(others)},
            reason=answer,
        )
    else:

        def effects(app: PromotionApplication) -> dict:
            close(appeal, outcome)
            for other in others:
                close(other, Appeal.Outcome.CLOSED)
            if outcome != "dismissed":
                app.notice = None
                app.save(update_fields=["notice"])
            return {"appeal": appeal.pk, "outcome": outcome, "closed": [o.pk for o in others]}

        transition_apply(actor=actor, application=application, action=action, opinion=answer, effects=effects)
    appellants = [appeal.appellant, *(o.appellant for o in others)]
    _send(
        application,
        kind="promotion.appeal_answered",
        recipients=appellants,
        title=_("Your appeal was answered"),
        body=format_lazy(
            _("{outcome}: {answer}"), outcome=Appeal.Outcome(appeal.outcome).label, answer=answer
        ),
        actor=actor,
    )
    if outcome != "dismissed":
        _send(
            application,
            kind="promotion.appeal_upheld",
            recipients=_applicant_side(application),
            title=_("An appeal against your promotion was upheld"),
            body=format_lazy(_("{outcome}: {answer}"), outcome=Appeal.Outcome(outcome).label, answer=answer),
            actor=actor,
        )
    return appeal


# --- pay and finalisation -----------------------------------------------------------------------------------


def _money(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise PromotionInvalid(PAY_NOT_A_NUMBER, value=raw) from None
    if not value.is_finite():
        raise PromotionInvalid(PAY_NOT_A_NUMBER, value=raw)
    return value.quantize(rules.CENT)


@transaction.atomic
def promotion_pay_adjust(
    *, actor: Actor, application: PromotionApplication, amount: Decimal | str, reason: str
) -> PayChange:
    """HR sets the final pay within the new level's band, with a reason (policy 001 §8)."""
    application = _locked(application)
    require_scope(actor.user, application, Scope.HR)
    if application.state == State.EFFECTIVE:
        raise PromotionInvalid(PAY_FINAL)
    pay = PayChange.objects.select_for_update().filter(application=application).first()
    if pay is None or application.state not in QUOTA_STATES:
        raise PromotionInvalid(PAY_NOT_YET)
    reason = (reason or "").strip()
    if not reason:
        raise PromotionInvalid(REASON_REQUIRED)
    value = _money(amount)
    if not rules.pay_within_band(value, band_min=pay.band_min, band_max=pay.band_max):
        raise PromotionInvalid(
            PAY_OUTSIDE_BAND,
            amount=value,
            level=application.target_level.name,
            low=pay.band_min if pay.band_min is not None else "—",
            high=pay.band_max if pay.band_max is not None else "—",
        )
    before = {"final_amount": pay.final_amount}
    pay.final_amount = value
    pay.adjustment_reason = reason
    pay.adjusted_by = actor.user
    pay.adjusted_at = clock.now()
    pay.save(update_fields=["final_amount", "adjustment_reason", "adjusted_by", "adjusted_at"])
    audit_record(
        actor=actor,
        action="promotion.pay_adjust",
        employee=application.applicant,
        obj=application,
        before=before,
        after={"final_amount": value, "proposed_amount": pay.proposed_amount},
        reason=reason,
    )
    return pay


@transaction.atomic
def promotion_finalise(
    *,
    actor: Actor,
    application: PromotionApplication,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> PromotionApplication:
    """HR finalises after the notice ended with no open appeal (policy 001 §6.5–8): the new level and the
    pay take effect on the first day of the next month (through org.services, audited), and the new level's
    promotion trainings are assigned. Everyone involved is notified."""
    today = today or _today()
    policy = _policy(application.cycle)

    def effects(app: PromotionApplication) -> dict:
        notice = app.notice
        if notice is None or rules.notice_running(notice.ends_on, today):
            raise PromotionError(NOTICE_NOT_OVER, ends=notice.ends_on.isoformat() if notice else "?")
        open_appeals = app.appeals.filter(outcome=Appeal.Outcome.OPEN).count()
        if open_appeals:
            raise PromotionError(OPEN_APPEALS, count=open_appeals)
        last_answer = app.appeals.aggregate(last=Max("answered_at"))["last"]
        effective = rules.effective_date(
            notice.ends_on, timezone.localtime(last_answer).date() if last_answer else None
        )
        employee = app.applicant
        if LevelAssignment.objects.filter(employee=employee, effective_from=effective).exists():
            raise PromotionError(LEVEL_ALREADY_SET, name=employee.name, date=effective.isoformat())
        if PayRecord.objects.filter(employee=employee, effective_from=effective).exists():
            raise PromotionError(PAY_ALREADY_SET, name=employee.name, date=effective.isoformat())
        reason = f"promotion {app.cycle.name} #{app.pk}"
        employee_level_assign(
            actor=actor, employee=employee, level=app.target_level, effective_from=effective, reason=reason
        )
        pay = PayChange.objects.filter(application=app).first() or _propose_pay(app, today)
        employee_pay_set(
            actor=actor,
            employee=employee,
            amount=pay.final_amount,
            currency=pay.currency,
            effective_from=effective,
            reason=reason,
        )
        trainings = {t.code: t for t in policy.trainings}
        codes = policy.levels()[app.target_level.code][1].promotion_training
        assigned = []
        for code in codes:
            t = trainings.get(code)
            TrainingAssignment.objects.get_or_create(
                employee=employee,
                application=app,
                training_code=code,
                defaults={
                    "name_zh": t.name_zh if t else code,
                    "name_en": t.name_en if t else code,
                    "hours": t.hours if t else None,
                    "assigned_on": today,
                },
            )
            assigned.append(code)
        app.effective_on = effective
        app.save(update_fields=["effective_on"])
        return {"effective_on": effective, "level": app.target_level.code, "trainings": assigned}

    def notify(app: PromotionApplication) -> None:
        involved = [*_applicant_side(app), _department_head_user(app.applicant)]
        if app.applicant.team_id and app.applicant.team.lead_id:
            involved.append(app.applicant.team.lead.user)
        involved += [
            log.actor for log in app.history.select_related("actor") if log.action != Action.APPEAL_FILE
        ]
        _send(
            app,
            kind="promotion.effective",
            recipients=involved,
            title=_("Promotion effective"),
            body=format_lazy(
                _("{name} holds {level} from {date}."),
                name=app.applicant.name,
                level=app.target_level.name,
                date=app.effective_on.isoformat(),
            ),
            actor=actor,
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.FINALISE,
        expected_version=expected_version,
        effects=effects,
        notify=notify,
    )


# --- comments -----------------------------------------------------------------------------------------------


@transaction.atomic
def promotion_comment_add(*, actor: Actor, application: PromotionApplication, text: str) -> Comment:
    """A comment on the case, by anyone who may see it; shown in the timeline."""
    if not can_comment(actor.user, application):
        from serviceladder.promotions.errors import NotFound

        raise NotFound()
    text = (text or "").strip()
    if not text:
        raise PromotionInvalid(COMMENT_EMPTY)
    comment = Comment.objects.create(
        application=application, author=actor.user, author_label=actor.label, text=text
    )
    audit_record(
        actor=actor,
        action="promotion.comment",
        employee=application.applicant,
        obj=application,
        after={"comment": comment.pk},
        reason=text,
    )
    _send(
        application,
        kind="promotion.comment",
        recipients=_applicant_side(application),
        title=_("New comment on a promotion application"),
        body=text,
        actor=actor,
    )
    return comment
