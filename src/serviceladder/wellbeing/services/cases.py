"""Writers of wellbeing cases (issue 16 item 3): the lead (or HR) opens a case on a warning — from the
person's latest assessment, or by hand —, plans actions from the catalogue with an owner and a due date,
marks them done with their result, records follow-ups, and closes the case with an outcome and a reason.

Every change is audited in its transaction with ids, codes and the names of the text fields written, never
their content (case notes are sensitive and the retention purge never touches the audit log); the people
concerned are notified once it commits. Who may act: accounts.scoping.can_open_wellbeing_case (the person's
lead; their head for a team without a lead and for the lead; HR) — and an action's owner marks it done.

Closing: a case with an action not done yet is refused. There is no separate "cancelled" state: an action
that was dropped is marked done with a result saying why, so the case keeps what happened to each action.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_open_wellbeing_case
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message
from serviceladder.development.models import DevelopmentPlan
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.wellbeing.errors_cases import (
    ACTION_ALREADY_DONE,
    ACTIVITY_ONLY_FOR_TEAM_ACTIVITY,
    BAD_SIGNAL_CODE,
    CANNOT_DO_ACTION,
    CASE_CLOSED,
    DUE_DATE,
    FOLLOW_UP_DATE,
    FOLLOW_UP_REQUIRED,
    OUTCOME_REQUIRED,
    OWNER_NOT_ALLOWED,
    RESULT_REQUIRED,
    SIGNAL_NOT_FIRED,
    SUMMARY_REQUIRED,
    TEXT_TOO_LONG,
    UNKNOWN_ACTIVITY,
    UNKNOWN_KIND,
    UNKNOWN_PHASE,
    UNKNOWN_REASON,
    CaseAlreadyOpen,
    CaseHasOpenActions,
    CaseInvalid,
    CaseNotAllowed,
)
from serviceladder.wellbeing.models import Activity, Case, CaseAction, CaseFollowUp
from serviceladder.wellbeing.models.cases import ActionKind, Phase
from serviceladder.wellbeing.selectors.cases import latest_assessment, open_case_of, owner_choices

TEXT_LIMIT = 4000
SIGNAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")

ACTION_TITLE = _("Wellbeing case of {name}: {action} due on {date}")
ACTION_BODY = _("{actor} planned this action and made you its owner.")
REMINDER_TITLE = _("Overdue: {action} for {name} (due {date})")
REMINDER_BODY = _("Mark it done with its result on the wellbeing case; this reminder is sent once.")
REMINDER_KIND = "wellbeing.case_action_overdue"


def _actor(acting_user, channel: str) -> Actor:
    return Actor(user=acting_user, channel=channel)


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("employee__team__lead", "employee__team__department__head")
        .get(pk=case.pk)
    )


def _require_runner(acting_user, employee: Employee) -> None:
    if acting_user is None or not can_open_wellbeing_case(acting_user, employee):
        raise CaseNotAllowed()


def _require_open(case: Case) -> None:
    if case.state != Case.State.OPEN:
        raise CaseInvalid(CASE_CLOSED)


def _text(raw, required_message=None) -> str:
    text = (raw or "").strip()
    if not text and required_message is not None:
        raise CaseInvalid(required_message)
    if len(text) > TEXT_LIMIT:
        raise CaseInvalid(TEXT_TOO_LONG, length=len(text), limit=TEXT_LIMIT)
    return text


def _date(raw, message) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise CaseInvalid(message, found=str(raw or "").strip() or "—") from None


def _signals(employee: Employee, signals, assessment) -> list[str]:
    """The signal codes the case answers: the latest assessment's fired ones by default; given by hand, each
    must have fired there (or, for a person not assessed yet, be a well-formed code)."""
    if signals is None:
        return list(assessment.fired) if assessment is not None else []
    codes: list[str] = []
    for raw in signals:
        code = str(raw).strip()
        if not code or code in codes:
            continue
        if not SIGNAL_CODE.match(code):
            raise CaseInvalid(BAD_SIGNAL_CODE, found=code[:60])
        if assessment is not None and code not in (assessment.fired or []):
            raise CaseInvalid(
                SIGNAL_NOT_FIRED,
                found=code,
                month=assessment.month,
                allowed=", ".join(assessment.fired) or "—",
            )
        codes.append(code)
    return codes


@transaction.atomic
def case_open(
    *,
    acting_user,
    employee: Employee,
    phase: str = Phase.BEFORE,
    signals: list[str] | None = None,
    summary: str = "",
    link_plan: bool = True,
    channel: str = "web",
) -> Case:
    """Open a wellbeing case for `employee`. It answers the signals that fired in the person's latest
    assessment (all of them by default, or the ones given); without an assessment, or without a signal, the
    lead writes what they noticed. One open case per person: a second one is refused (the new warning is
    followed up in the case already open). With `link_plan`, the person's open development plan is linked."""
    _require_runner(acting_user, employee)
    if phase not in Phase.values:
        raise CaseInvalid(UNKNOWN_PHASE, found=phase or "—", allowed=", ".join(Phase.values))
    existing = open_case_of(employee)
    if existing is not None:
        raise CaseAlreadyOpen(name=employee.name, date=timezone.localdate(existing.opened_at).isoformat())
    assessment = latest_assessment(employee)
    codes = _signals(employee, signals, assessment)
    summary = _text(summary, None if codes else SUMMARY_REQUIRED)
    plan = None
    if link_plan:
        plan = (
            DevelopmentPlan.objects.filter(employee=employee)
            .exclude(status=DevelopmentPlan.Status.CLOSED)
            .first()
        )
    try:
        with transaction.atomic():
            case = Case.objects.create(
                employee=employee,
                assessment=assessment,
                signals=codes,
                phase=phase,
                summary=summary,
                development_plan=plan,
                opened_by=acting_user,
            )
    except IntegrityError:  # a concurrent open made it first
        existing = open_case_of(employee)
        opened = timezone.localdate(existing.opened_at) if existing else local_today()
        raise CaseAlreadyOpen(name=employee.name, date=opened.isoformat()) from None
    audit_record(
        actor=_actor(acting_user, channel),
        action="wellbeing.case_open",
        employee=employee,
        obj=case,
        after={
            "phase": phase,
            "signals": codes,
            "assessment": assessment.pk if assessment else None,
            "development_plan": plan.pk if plan else None,
            "fields": ["summary"] if summary else [],
        },
    )
    return case


@transaction.atomic
def case_action_add(
    *,
    acting_user,
    case: Case,
    kind: str,
    owner,
    due_on,
    note: str = "",
    activity: Activity | None = None,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseAction:
    """Plan an action of the catalogue on an open case: its owner (the person's lead, their head, or someone
    in HR), a due date today or later, optional details, and — for a team activity — the activity it is."""
    today = today or local_today()
    case = _locked(case)
    _require_runner(acting_user, case.employee)
    _require_open(case)
    if kind not in ActionKind.values:
        raise CaseInvalid(UNKNOWN_KIND, found=kind or "—", allowed=", ".join(ActionKind.values))
    if owner is None or owner.pk not in {u.pk for u in owner_choices(case.employee)}:
        raise CaseInvalid(OWNER_NOT_ALLOWED)
    due = _date(due_on, DUE_DATE)
    if due < today:
        raise CaseInvalid(DUE_DATE, found=due.isoformat())
    note = _text(note)
    if activity is not None:
        if kind != ActionKind.TEAM_ACTIVITY:
            raise CaseInvalid(ACTIVITY_ONLY_FOR_TEAM_ACTIVITY)
        if activity.cancelled:
            raise CaseInvalid(UNKNOWN_ACTIVITY)
    action = CaseAction.objects.create(
        case=case,
        kind=kind,
        note=note,
        owner=owner,
        due_on=due,
        activity=activity,
        created_by=acting_user,
    )
    actor = _actor(acting_user, channel)
    audit_record(
        actor=actor,
        action="wellbeing.case_action_add",
        employee=case.employee,
        obj=case,
        after={
            "case_action": action.pk,
            "kind": kind,
            "owner": owner.pk,
            "due_on": due.isoformat(),
            "activity": activity.pk if activity else None,
            "fields": ["note"] if note else [],
        },
    )
    if owner.pk != acting_user.pk:
        notify(
            recipients=[owner],
            kind="wellbeing.case_action",
            title=Message(
                ACTION_TITLE, name=case.employee.name, action=ActionKind(kind).label, date=due.isoformat()
            ),
            body=Message(ACTION_BODY, actor=actor.display_name),
            url=reverse("wellbeing_case", args=[case.pk]),
            actor=actor,
        )
    return action


@transaction.atomic
def case_action_done(
    *,
    acting_user,
    action: CaseAction,
    result: str,
    done_on=None,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseAction:
    """Mark an action done with its result (for a dropped action: why). Its owner may, and so may whoever
    runs the case."""
    today = today or local_today()
    case = _locked(action.case)
    action = CaseAction.objects.select_for_update().get(pk=action.pk)
    if acting_user is None or (
        action.owner_id != acting_user.pk and not can_open_wellbeing_case(acting_user, case.employee)
    ):
        raise CaseNotAllowed(CANNOT_DO_ACTION)
    _require_open(case)
    if action.done_on is not None:
        raise CaseInvalid(ACTION_ALREADY_DONE, date=action.done_on.isoformat())
    result = _text(result, RESULT_REQUIRED)
    done = today if done_on in (None, "") else _date(done_on, FOLLOW_UP_DATE)
    if done > today:
        raise CaseInvalid(FOLLOW_UP_DATE, found=done.isoformat())
    action.done_on = done
    action.result = result
    action.save(update_fields=["done_on", "result"])
    audit_record(
        actor=_actor(acting_user, channel),
        action="wellbeing.case_action_done",
        employee=case.employee,
        obj=case,
        after={
            "case_action": action.pk,
            "kind": action.kind,
            "done_on": done.isoformat(),
            "fields": ["result"],
        },
    )
    return action


@transaction.atomic
def case_follow_up_add(
    *,
    acting_user,
    case: Case,
    note: str,
    held_on=None,
    today: dt.date | None = None,
    channel: str = "web",
) -> CaseFollowUp:
    """Record a follow-up on an open case: how the person is doing, on a date today or earlier."""
    today = today or local_today()
    case = _locked(case)
    _require_runner(acting_user, case.employee)
    _require_open(case)
    held = today if held_on in (None, "") else _date(held_on, FOLLOW_UP_DATE)
    if held > today:
        raise CaseInvalid(FOLLOW_UP_DATE, found=held.isoformat())
    note = _text(note, FOLLOW_UP_REQUIRED)
    follow_up = CaseFollowUp.objects.create(case=case, held_on=held, note=note, author=acting_user)
    audit_record(
        actor=_actor(acting_user, channel),
        action="wellbeing.case_follow_up_add",
        employee=case.employee,
        obj=case,
        after={"case_follow_up": follow_up.pk, "held_on": held.isoformat(), "fields": ["note"]},
    )
    return follow_up


@transaction.atomic
def case_close(*, acting_user, case: Case, outcome: str, reason: str, channel: str = "web") -> Case:
    """Close an open case with its outcome and a reason of Case.CloseReason. Refused while an action is not
    done (a dropped action is marked done with why)."""
    case = _locked(case)
    _require_runner(acting_user, case.employee)
    _require_open(case)
    if reason not in Case.CloseReason.values:
        raise CaseInvalid(UNKNOWN_REASON, allowed=", ".join(Case.CloseReason.values))
    outcome = _text(outcome, OUTCOME_REQUIRED)
    pending = case.actions.filter(done_on__isnull=True).count()
    if pending:
        raise CaseHasOpenActions(count=pending)
    case.state = Case.State.CLOSED
    case.outcome = outcome
    case.close_reason = reason
    case.closed_by = acting_user
    case.closed_at = timezone.now()
    case.save(update_fields=["state", "outcome", "close_reason", "closed_by", "closed_at"])
    audit_record(
        actor=_actor(acting_user, channel),
        action="wellbeing.case_close",
        employee=case.employee,
        obj=case,
        before={"state": Case.State.OPEN},
        after={"state": case.state, "close_reason": reason, "fields": ["outcome"]},
    )
    return case


def case_reminders_send(day: dt.date) -> dict:
    """The daily step: one notification to its owner for each action of an open case that is past its due
    date on `day`, not done, and not reminded about yet (CaseAction.reminded_on: sent once)."""
    sent = 0
    due = (
        CaseAction.objects.filter(
            case__state=Case.State.OPEN, done_on__isnull=True, due_on__lt=day, reminded_on__isnull=True
        )
        .select_related("case__employee", "owner")
        .order_by("pk")
    )
    actor = Actor(None, "system")
    for action in due:
        with transaction.atomic():
            claimed = CaseAction.objects.filter(pk=action.pk, reminded_on__isnull=True).update(
                reminded_on=day
            )
            if not claimed:  # another server sent it
                continue
            if action.owner.is_active:
                notify(
                    recipients=[action.owner],
                    kind=REMINDER_KIND,
                    title=Message(
                        REMINDER_TITLE,
                        action=ActionKind(action.kind).label,
                        name=action.case.employee.name,
                        date=action.due_on.isoformat(),
                    ),
                    body=Message(REMINDER_BODY),
                    url=reverse("wellbeing_case", args=[action.case_id]) + f"#action-{action.pk}",
                    actor=actor,
                )
                sent += 1
    return {"sent": sent}
