"""Pay adjustment and finalisation: level, pay and training take effect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message, cycle_names, names_of
from serviceladder.learning.models import Enrolment
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.policy_courses import course_for_training
from serviceladder.org.models import LevelAssignment, PayRecord
from serviceladder.org.services import employee_level_assign, employee_pay_set
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    require_scope,
)
from serviceladder.promotions.errors import (
    LEVEL_ALREADY_SET,
    NOTICE_NOT_OVER,
    OPEN_APPEALS,
    PAY_ALREADY_SET,
    PAY_FINAL,
    PAY_NOT_A_NUMBER,
    PAY_NOT_YET,
    PAY_OUTSIDE_BAND,
    REASON_REQUIRED,
    PromotionError,
    PromotionInvalid,
)
from serviceladder.promotions.models import (
    Appeal,
    PayChange,
    PromotionApplication,
)
from serviceladder.promotions.services._common import (
    _applicant_side,
    _department_head_user,
    _locked,
    _policy,
    _send,
    _today,
)
from serviceladder.promotions.services.reviews import _propose_pay
from serviceladder.promotions.states import (
    QUOTA_STATES,
    Action,
    Scope,
    State,
)
from serviceladder.promotions.workflow import transition_apply
from serviceladder.rules.periods import add_months

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
    promotion trainings are assigned, due `process.promotion_training_due_months` after that day. Everyone
    involved is notified."""
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
        reason = Message(
            _("Promoted in {cycle}, application {number}"), cycle=cycle_names(app.cycle), number=app.pk
        )
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
        codes = policy.levels()[app.target_level.code][1].promotion_training
        # due the policy's months after the new level takes effect (the version the case was judged under)
        due_on = add_months(effective, policy.process.promotion_training_due_months)
        assigned = []
        for code in codes:
            enrolment, created = enrol(
                employee,
                course_for_training(code, policy),
                source=Enrolment.Source.PROMOTION,
                actor=actor,
                due_on=due_on,
                assigned_on=today,
                application=app,
            )
            if not created and enrolment.application_id is None:
                # already open (a curriculum's, a lead's): the promotion now asks for it too
                enrolment.application = app
                enrolment.save(update_fields=["application", "updated_at"])
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
            body=Message(
                _("{name} holds {level} from {date}."),
                name=app.applicant.name,
                level=names_of(app.target_level),
                date=app.effective_on.isoformat(),
            ),
            actor=actor,
            to_applicant=(
                _("Your promotion is effective"),
                Message(
                    _("You hold {level} from {date}."),
                    level=names_of(app.target_level),
                    date=app.effective_on.isoformat(),
                ),
            ),
        )

    return transition_apply(
        actor=actor,
        application=application,
        action=Action.FINALISE,
        expected_version=expected_version,
        effects=effects,
        notify=notify,
    )
