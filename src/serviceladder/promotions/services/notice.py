"""The public notice and appeals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.policy.schema import Policy
from serviceladder.promotions import clock, rules
from serviceladder.promotions.access import (
    APPEAL_ANSWER,
    can_open_cycle,
    require_operation,
    require_scope,
)
from serviceladder.promotions.errors import (
    APPEAL_ALREADY_ANSWERED,
    APPEAL_OUTCOME_UNKNOWN,
    APPEAL_OWN_ANSWER,
    APPEAL_PERIOD_OVER,
    DATE_OUT_OF_RANGE,
    NOT_READY_TO_PUBLISH,
    NOTHING_TO_PUBLISH,
    REASON_REQUIRED,
    PromotionInvalid,
    StageNotAllowed,
)
from serviceladder.promotions.models import (
    Appeal,
    PromotionApplication,
    PromotionCycle,
    PromotionNotice,
)
from serviceladder.promotions.services._common import (
    _applicant_side,
    _policy,
    _send,
    _today,
    _users_with_role,
)
from serviceladder.promotions.states import (
    APPEAL_UPHOLD_ACTIONS,
    Action,
    Scope,
    State,
)
from serviceladder.promotions.workflow import transition_apply

# --- notice and appeals -------------------------------------------------------------------------------------


def notice_end(cycle: PromotionCycle | None, published_on: dt.date, *, policy: Policy | None = None):
    """The last day of a notice published on `published_on` (a WorkingDaysResult with the provisional
    years), per the cycle's policy — or `policy`, e.g. the one in force — and its holiday calendar."""
    from serviceladder.workcalendar.selectors import work_calendar

    process = (policy or _policy(cycle)).process
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
            body=Message(
                _("The promotion of {name} to {level} is on public notice until {ends}."),
                name=app.applicant.name,
                level=names_of(app.target_level),
                ends=end.date.isoformat(),
            ),
            actor=actor,
            to_applicant=(
                _("Your promotion is on public notice"),
                Message(
                    _("Your promotion to {level} is on public notice until {ends}."),
                    level=names_of(app.target_level),
                    ends=end.date.isoformat(),
                ),
            ),
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
    require_operation(actor.user, application, Action.APPEAL_FILE)  # the role before the notice's dates
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
            body=Message(
                _("An appeal against the promotion of {name} to {level}; answer by {due}."),
                name=app.applicant.name,
                level=names_of(app.target_level),
                due=created[0].answer_due_on.isoformat(),
            ),
            actor=actor,
        )

    transition_apply(
        actor=actor,
        application=application,
        action=Action.APPEAL_FILE,
        opinion=text,
        opinion_is_private=True,  # a person's grievance, kept in the appeal only
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
    require_operation(actor.user, appeal.application, APPEAL_ANSWER)  # the role before the input and state
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
        body=Message(_("{outcome}: {answer}"), outcome=Appeal.Outcome(appeal.outcome).label, answer=answer),
        actor=actor,
    )
    if outcome != "dismissed":
        _send(
            application,
            kind="promotion.appeal_upheld",
            recipients=_applicant_side(application),
            title=_("An appeal against your promotion was upheld"),
            body=Message(_("{outcome}: {answer}"), outcome=Appeal.Outcome(outcome).label, answer=answer),
            actor=actor,
        )
    return appeal
