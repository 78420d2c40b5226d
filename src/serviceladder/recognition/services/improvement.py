"""Improvement plans for the bottom band (issue 15 item 5; seed 003 末位; README "Improvement plans").

Never an automatic sanction or dismissal. Entering the policy's bottom band (rules.clauses.bottom_band,
judged on `recognition.selectors.standing.peer_standing`) opens ONE proposal per entry; the lead reviews it
(goals from the development goal model, support actions, duration, start — or declines with a reason), then
HR approves (the plan is active) or declines with a reason. While it runs the lead records check-ins; the
person acknowledges it (a dated acceptance or comment) and may attach a response at any time; at its end the
lead records the outcome: completed, extended (a new end date) or closed with a reason.

An entry: in the band for the month scanned, with no plan of the person still open (proposed, active,
extended) and none opened since the person's current stay in the band began (a declined proposal is not
re-opened every month while the person stays in the band; leaving the band and entering again later is a new
entry). The (employee, entered month) pair is unique in the database as well.

Every step is audited and notifies the person, their lead (the head for a team without a lead) and HR.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_review_improvement_plan,
    can_review_improvement_plan_as_hr,
    user_employee,
)
from serviceladder.audit.services import Actor, audit_record, private_fields
from serviceladder.core.errors import ValidationFailed
from serviceladder.core.translatable import Message
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_in_force
from serviceladder.recognition.errors_improvement import (
    ALREADY_ACKNOWLEDGED,
    BAD_MONTH,
    CANNOT_FOLLOW_UP,
    CANNOT_REVIEW_AS_HR,
    CHECK_IN_DATE,
    DURATION_OUT_OF_RANGE,
    GOAL_ROW,
    MONTH_NOT_COMPLETE,
    NEW_END_REQUIRED,
    NEW_END_TOO_FAR,
    NO_GOALS,
    NOT_RUNNING,
    NOT_WAITING_FOR_HR,
    NOT_WAITING_FOR_LEAD,
    NOT_YET_ACTIVE,
    NOTE_REQUIRED,
    ONLY_THE_PERSON,
    REASON_REQUIRED,
    RESPONSE_REQUIRED,
    SAME_REVIEWER,
    START_IN_PAST,
    START_NOT_A_DATE,
    START_TOO_FAR,
    TEXT_TOO_LONG,
    TOO_EARLY_TO_COMPLETE,
    UNKNOWN_DECISION,
    UNKNOWN_OUTCOME,
    ImprovementInvalid,
    ImprovementNotAllowed,
)
from serviceladder.recognition.models import ImprovementCheckIn, ImprovementPlan
from serviceladder.recognition.selectors.improvement import plan_url
from serviceladder.recognition.selectors.standing import month_end, peer_standing
from serviceladder.rules.clauses import PASS, BandMonth, CheckResult, bottom_band
from serviceladder.rules.goals import explanation
from serviceladder.rules.periods import add_months, date_month_index, month_index, month_label

State = ImprovementPlan.State
OPEN_STATES = (State.PROPOSED, State.ACTIVE, State.EXTENDED)
RUNNING_STATES = (State.ACTIVE, State.EXTENDED)
LOOKBACK = 12  # how many months back the scan looks for the start of a person's current stay in the band
TEXT_LIMIT = 5000
MAX_GOALS = 5
SYSTEM = Actor(None, channel="system")

DECISION_PROPOSE, DECISION_DECLINE = "propose", "decline"
OUTCOME_COMPLETED, OUTCOME_EXTENDED, OUTCOME_CLOSED = "completed", "extended", "closed"
OUTCOMES = (OUTCOME_COMPLETED, OUTCOME_EXTENDED, OUTCOME_CLOSED)

SUPPORT_LABEL = _("Support actions")
NOTE_LABEL = _("The note")
REASON_LABEL = _("The reason")
RESPONSE_LABEL = _("Your response")
COMMENT_LABEL = _("Your comment")

# Notifications (each recipient reads them in their own language).
N_PROPOSED = _("A proposal for an improvement plan for {name} is open")
N_PROPOSED_BODY = _(
    "{name} was in the bottom band of their peer group in each of the last {months} months (to {month}). The "
    "lead and HR review the proposal; it is a plan of support, never a sanction."
)
N_LEAD_PROPOSED = _("The lead proposed an improvement plan for {name}")
N_LEAD_PROPOSED_BODY = _("Goals, support and dates are proposed; HR reviews the plan next.")
N_DECLINED = _("The improvement plan for {name} will not start")
N_DECLINED_BODY = _("The reason is on the plan's page.")
N_APPROVED = _("The improvement plan for {name} is approved")
N_APPROVED_BODY = _("It runs from {start} to {end}. Please read it and acknowledge it on its page.")
N_CHECK_IN = _("A check-in on the improvement plan for {name} was recorded")
N_CHECK_IN_BODY = _("Check-in of {date}; the notes are on the plan's page.")
N_ACKNOWLEDGED = _("{name} acknowledged their improvement plan")
N_RESPONDED = _("{name} attached a response to their improvement plan")
N_SEE_PAGE = _("It is on the plan's page.")
N_OUTCOME = _("The improvement plan for {name}: {outcome}")
N_OUTCOME_BODY = _("The outcome and its reason are on the plan's page.")
OUTCOME_WORDS = {
    OUTCOME_COMPLETED: _("completed"),
    OUTCOME_EXTENDED: _("extended"),
    OUTCOME_CLOSED: _("closed"),
}


# --- the bottom band: the scan ----------------------------------------------------------------------------


def last_complete_month(today: dt.date) -> str:
    return month_label(date_month_index(today) - 1)


def parse_month(raw: str, today: dt.date) -> str:
    """A complete month written YYYY-MM (bad input raises ImprovementInvalid)."""
    text = (raw or "").strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise ImprovementInvalid(BAD_MONTH, found=raw or "—")
    if month_index(text) > date_month_index(today) - 1:
        raise ImprovementInvalid(MONTH_NOT_COMPLETE, found=text)
    return text


def _window(month: str, need: int) -> tuple[str, ...]:
    end = month_index(month)
    return tuple(month_label(i) for i in range(end - need + 1, end + 1))


def band_check(policy: Policy, standings: dict, employee: Employee, month: str) -> CheckResult:
    """The kernel's bottom-band check of one person for the window ending with `month`."""
    rule = policy.improvement_plans
    months = _window(month, rule.months)
    return bottom_band(
        {m: BandMonth(s.pct, s.group_size) for m, s in standings.items()},
        months,
        bottom_percent=float(rule.bottom_percent),
        min_group=rule.min_peer_group,
        hire_date=employee.hire_date,
        min_months_of_service=rule.min_months_of_service,
    )


def _stay_start(policy: Policy, standings: dict, employee: Employee, month: str) -> str:
    """The first month of the person's current, unbroken stay in the band (looking back at most LOOKBACK)."""
    start = month
    for back in range(1, LOOKBACK + 1):
        earlier = month_label(month_index(month) - back)
        if band_check(policy, standings, employee, earlier).status != PASS:
            break
        start = earlier
    return start


@dataclass
class ScanResult:
    month: str
    enabled: bool
    in_band: int = 0
    opened: list[ImprovementPlan] = field(default_factory=list)


def improvement_scan(
    *, month: str | None = None, today: dt.date | None = None, actor: Actor = SYSTEM
) -> ScanResult:
    """Judge the bottom band for `month` (default: the last complete month) under the policy in force on its
    last day, and open one proposal per entry. Safe to run again: nothing is opened twice."""
    day = today or local_today()
    month = parse_month(month, day) if month else last_complete_month(day)
    try:
        policy = policy_in_force(month_end(month))
    except NoPolicyInForce:
        return ScanResult(month, enabled=False)
    rule = policy.improvement_plans
    if not rule.enabled:
        return ScanResult(month, enabled=False)
    first = month_index(month) - rule.months + 1 - LOOKBACK
    months = [month_label(i) for i in range(first, month_index(month) + 1)]
    standing = peer_standing(policy, months=months, peer_group=rule.peer_group)
    candidates = [emp_id for emp_id, by_month in standing.items() if month in by_month]
    employees = Employee.objects.filter(pk__in=candidates).select_related("team__department", "user")
    result = ScanResult(month, enabled=True)
    for employee in employees:
        if employee.leave_date is not None and employee.leave_date <= month_end(month):
            continue
        check = band_check(policy, standing[employee.pk], employee, month)
        if check.status != PASS:
            continue
        result.in_band += 1
        start = _stay_start(policy, standing[employee.pk], employee, month)
        plans = ImprovementPlan.objects.filter(employee=employee)
        if plans.filter(state__in=OPEN_STATES).exists() or plans.filter(entered_month__gte=start).exists():
            continue
        plan = _propose(actor=actor, employee=employee, month=month, check=check, policy=policy)
        if plan is not None:
            result.opened.append(plan)
    return result


def improvement_scan_step(day: dt.date) -> dict:
    """The daily step: scan the last complete month before `day` (idempotent: one proposal per entry)."""
    result = improvement_scan(today=day)
    return {"month": result.month, "in_band": result.in_band, "opened": len(result.opened)}


def _propose(*, actor: Actor, employee: Employee, month: str, check: CheckResult, policy: Policy):
    rule = policy.improvement_plans
    evidence = {
        **explanation(check),
        "peer_group": rule.peer_group,
        "bottom_percent": str(rule.bottom_percent),
        "min_peer_group": rule.min_peer_group,
        "policy": policy.name,
    }
    try:
        with transaction.atomic():
            plan = ImprovementPlan.objects.create(employee=employee, entered_month=month, evidence=evidence)
            audit_record(
                actor=actor,
                action="improvement.propose",
                employee=employee,
                obj=plan,
                after={"month": month, "months": list(check.months), "detail": check.values["detail"]},
            )
            _tell(
                plan,
                kind="improvement.proposed",
                title=Message(N_PROPOSED, name=employee.name),
                body=Message(N_PROPOSED_BODY, name=employee.name, months=len(check.months), month=month),
                actor=actor,
            )
    except IntegrityError:  # another scan opened it first
        return None
    return plan


# --- who is told ------------------------------------------------------------------------------------------


def _superior_users(employee: Employee) -> list:
    """The lead (the department head for a team without a lead, and for the lead themselves)."""
    team = employee.team
    if team is None:
        return []
    if team.lead_id is not None and team.lead_id != employee.pk:
        return [team.lead.user] if team.lead.user_id else []
    head = team.department.head if team.department_id else None
    return [head.user] if head is not None and head.pk != employee.pk and head.user_id else []


def hr_users() -> list:
    return list(get_user_model().objects.filter(role_grants__role=Role.HR, is_active=True).distinct())


def _tell(plan: ImprovementPlan, *, kind: str, title, body, actor: Actor) -> None:
    """The person, their lead and HR, never the one who acted."""
    employee = plan.employee
    people = [employee.user if employee.user_id else None, *_superior_users(employee), *hr_users()]
    acting = actor.user.pk if actor.user is not None else None
    recipients = [u for u in people if u is not None and u.pk != acting]
    notify(recipients=recipients, kind=kind, title=title, body=body, url=plan_url(plan), actor=actor)


# --- the reviews ------------------------------------------------------------------------------------------


def _text(raw, label, *, required=None) -> str:
    text = (raw or "").strip()
    if required is not None and not text:
        raise ImprovementInvalid(required)
    if len(text) > TEXT_LIMIT:
        raise ImprovementInvalid(TEXT_TOO_LONG, field=label, limit=TEXT_LIMIT, length=len(text))
    return text


def _locked(plan: ImprovementPlan) -> ImprovementPlan:
    return (
        ImprovementPlan.objects.select_for_update(of=("self",))
        .select_related("employee__team__department")
        .get(pk=plan.pk)
    )


def _start(raw, today: dt.date) -> dt.date:
    if isinstance(raw, dt.date):
        start = raw
    else:
        try:
            start = dt.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            raise ImprovementInvalid(START_NOT_A_DATE, found=raw or "—") from None
    if start < today:
        raise ImprovementInvalid(START_IN_PAST, found=start.isoformat(), today=today.isoformat())
    latest = add_months(today, 3)
    if start > latest:
        raise ImprovementInvalid(START_TOO_FAR, found=start.isoformat(), latest=latest.isoformat())
    return start


def _duration(raw) -> int:
    text = str(raw if raw is not None else "").strip()
    if isinstance(raw, bool) or not text.isdigit() or not 1 <= int(text) <= 12:
        raise ImprovementInvalid(DURATION_OUT_OF_RANGE, found=text or "—")
    return int(text)


def plan_end(start: dt.date, months: int) -> dt.date:
    """The last day of a plan of `months` months from `start`."""
    return add_months(start, months) - dt.timedelta(days=1)


@transaction.atomic
def improvement_lead_review(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    decision: str,
    goals=(),
    support_actions: str = "",
    duration_months=None,
    starts_on=None,
    note: str = "",
    today: dt.date | None = None,
) -> ImprovementPlan:
    """The lead's review of a proposal: propose the plan (goals — development goals on the person's plan
    draft, due on the plan's last day —, support actions, duration, start) for HR's review, or decline it
    with a reason. Raises ImprovementNotAllowed / ImprovementInvalid; nothing is written then."""
    from serviceladder.development.services.goals import GoalInput, goal_add

    plan = _locked(plan)
    employee = plan.employee
    if not can_review_improvement_plan(actor.user, employee):
        raise ImprovementNotAllowed()
    if plan.state != State.PROPOSED or plan.lead_reviewed_at is not None:
        raise ImprovementInvalid(NOT_WAITING_FOR_LEAD, state=plan.get_state_display())
    day = today or local_today()
    now = timezone.now()
    if decision == DECISION_DECLINE:
        plan.lead_note = _text(note, REASON_LABEL, required=REASON_REQUIRED)
        plan.state = State.DECLINED
        plan.lead_reviewed_by, plan.lead_reviewed_at = actor.user, now
        plan.save(update_fields=["lead_note", "state", "lead_reviewed_by", "lead_reviewed_at"])
        audit_record(
            actor=actor,
            action="improvement.lead_decline",
            employee=employee,
            obj=plan,
            after={"state": plan.state, "month": plan.entered_month},
            reason=plan.lead_note,
        )
        _tell(
            plan,
            kind="improvement.declined",
            title=Message(N_DECLINED, name=employee.name),
            body=N_DECLINED_BODY,
            actor=actor,
        )
        return plan
    if decision != DECISION_PROPOSE:
        raise ImprovementInvalid(UNKNOWN_DECISION, allowed=f"{DECISION_PROPOSE}, {DECISION_DECLINE}")
    goals = list(goals)
    if not goals:
        raise ImprovementInvalid(NO_GOALS)
    start = _start(starts_on, day)
    months = _duration(duration_months)
    end = plan_end(start, months)
    support = _text(support_actions, SUPPORT_LABEL)
    lead_note = _text(note, NOTE_LABEL)
    lineages = []
    for row, goal in enumerate(goals[:MAX_GOALS], start=1):
        data = dataclasses.replace(goal, due_date=end) if isinstance(goal, GoalInput) else goal
        try:
            made = goal_add(actor=actor, employee=employee, data=data, today=day)
        except ValidationFailed as exc:
            raise ImprovementInvalid(GOAL_ROW, row=row, problem=str(exc)) from None
        lineages.append(str(made.lineage))
    plan.goal_lineages = lineages
    plan.support_actions = support
    plan.lead_note = lead_note
    plan.starts_on, plan.ends_on = start, end
    plan.lead_reviewed_by, plan.lead_reviewed_at = actor.user, now
    plan.save(
        update_fields=[
            "goal_lineages",
            "support_actions",
            "lead_note",
            "starts_on",
            "ends_on",
            "lead_reviewed_by",
            "lead_reviewed_at",
        ]
    )
    audit_record(
        actor=actor,
        action="improvement.lead_propose",
        employee=employee,
        obj=plan,
        after={
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "duration_months": months,
            "goals": len(lineages),
            "support_actions": support,
        },
    )
    _tell(
        plan,
        kind="improvement.lead_proposed",
        title=Message(N_LEAD_PROPOSED, name=employee.name),
        body=N_LEAD_PROPOSED_BODY,
        actor=actor,
    )
    return plan


@transaction.atomic
def improvement_hr_review(
    *, actor: Actor, plan: ImprovementPlan, approve: bool, note: str = ""
) -> ImprovementPlan:
    """HR's review after the lead's: approve (the plan is active) or decline with a reason (the goals the
    lead proposed leave the person's plan draft again)."""
    from serviceladder.development.errors_goals import GoalNotFound
    from serviceladder.development.services.goals import goal_remove

    plan = _locked(plan)
    employee = plan.employee
    if not can_review_improvement_plan_as_hr(actor.user, employee):
        raise ImprovementNotAllowed(CANNOT_REVIEW_AS_HR)
    if plan.state != State.PROPOSED or plan.lead_reviewed_at is None:
        raise ImprovementInvalid(NOT_WAITING_FOR_HR)
    if plan.lead_reviewed_by_id == actor.user.pk:
        raise ImprovementNotAllowed(SAME_REVIEWER)
    if approve:
        plan.hr_note = _text(note, NOTE_LABEL)
        plan.state = State.ACTIVE
    else:
        plan.hr_note = _text(note, REASON_LABEL, required=REASON_REQUIRED)
        plan.state = State.DECLINED
        for lineage in plan.goal_lineages:
            with contextlib.suppress(GoalNotFound):
                goal_remove(actor=actor, employee=employee, lineage=lineage)
    plan.hr_reviewed_by, plan.hr_reviewed_at = actor.user, timezone.now()
    plan.save(update_fields=["hr_note", "state", "hr_reviewed_by", "hr_reviewed_at"])
    audit_record(
        actor=actor,
        action="improvement.hr_approve" if approve else "improvement.hr_decline",
        employee=employee,
        obj=plan,
        after={
            "state": plan.state,
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
        },
        reason="" if approve else plan.hr_note,
    )
    if approve:
        title = Message(N_APPROVED, name=employee.name)
        body = Message(N_APPROVED_BODY, start=plan.starts_on.isoformat(), end=plan.ends_on.isoformat())
        _tell(plan, kind="improvement.approved", title=title, body=body, actor=actor)
    else:
        title = Message(N_DECLINED, name=employee.name)
        _tell(plan, kind="improvement.declined", title=title, body=N_DECLINED_BODY, actor=actor)
    return plan


# --- while the plan runs ----------------------------------------------------------------------------------


def _require_follow_up(actor: Actor, plan: ImprovementPlan) -> None:
    if not can_review_improvement_plan(actor.user, plan.employee):
        raise ImprovementNotAllowed(CANNOT_FOLLOW_UP)
    if plan.state not in RUNNING_STATES:
        raise ImprovementInvalid(NOT_RUNNING, state=plan.get_state_display())


def _date_or_none(raw) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None


@transaction.atomic
def improvement_check_in(
    *, actor: Actor, plan: ImprovementPlan, date, note: str, today: dt.date | None = None
) -> ImprovementCheckIn:
    """A dated check-in by the lead on a running plan."""
    plan = _locked(plan)
    _require_follow_up(actor, plan)
    day = today or local_today()
    when = _date_or_none(date)
    if when is None or when > day or when < plan.starts_on:
        raise ImprovementInvalid(CHECK_IN_DATE, found=date or "—", start=plan.starts_on.isoformat())
    text = _text(note, NOTE_LABEL, required=NOTE_REQUIRED)
    check_in = ImprovementCheckIn.objects.create(plan=plan, date=when, note=text, recorded_by=actor.user)
    audit_record(
        actor=actor,
        action="improvement.check_in",
        employee=plan.employee,
        obj=check_in,
        after={"plan": plan.pk, "date": when.isoformat(), **private_fields({"note": text}, ("note",))},
    )
    name = plan.employee.name
    _tell(
        plan,
        kind="improvement.check_in",
        title=Message(N_CHECK_IN, name=name),
        body=Message(N_CHECK_IN_BODY, date=when.isoformat()),
        actor=actor,
    )
    return check_in


def _require_person(actor: Actor, plan: ImprovementPlan) -> None:
    me = user_employee(actor.user)
    if me is None or me.pk != plan.employee_id:
        raise ImprovementNotAllowed(ONLY_THE_PERSON)


@transaction.atomic
def improvement_acknowledge(*, actor: Actor, plan: ImprovementPlan, comment: str = "") -> ImprovementPlan:
    """The person's acknowledgment of an approved plan: a recorded, dated acceptance, with a comment if
    they wish. Once."""
    plan = _locked(plan)
    _require_person(actor, plan)
    if plan.state not in (*RUNNING_STATES, State.COMPLETED, State.CLOSED):
        raise ImprovementInvalid(NOT_YET_ACTIVE)
    if plan.acknowledged_at is not None:
        raise ImprovementInvalid(
            ALREADY_ACKNOWLEDGED, date=timezone.localdate(plan.acknowledged_at).isoformat()
        )
    plan.acknowledgment_comment = _text(comment, COMMENT_LABEL)
    plan.acknowledged_at = timezone.now()
    plan.save(update_fields=["acknowledgment_comment", "acknowledged_at"])
    audit_record(
        actor=actor,
        action="improvement.acknowledge",
        employee=plan.employee,
        obj=plan,
        after={
            "acknowledged_on": timezone.localdate(plan.acknowledged_at).isoformat(),
            "comment": plan.acknowledgment_comment,
        },
    )
    _tell(
        plan,
        kind="improvement.acknowledged",
        title=Message(N_ACKNOWLEDGED, name=plan.employee.name),
        body=N_SEE_PAGE,
        actor=actor,
    )
    return plan


@transaction.atomic
def improvement_respond(*, actor: Actor, plan: ImprovementPlan, response: str) -> ImprovementPlan:
    """The person attaches (or rewrites) their response to the plan, at any time; the log keeps each one."""
    plan = _locked(plan)
    _require_person(actor, plan)
    text = _text(response, RESPONSE_LABEL, required=RESPONSE_REQUIRED)
    before = plan.agent_response
    plan.agent_response = text
    plan.save(update_fields=["agent_response"])
    audit_record(
        actor=actor,
        action="improvement.respond",
        employee=plan.employee,
        obj=plan,
        before={"response": before} if before else {},
        after={"response": text},
    )
    _tell(
        plan,
        kind="improvement.responded",
        title=Message(N_RESPONDED, name=plan.employee.name),
        body=N_SEE_PAGE,
        actor=actor,
    )
    return plan


@transaction.atomic
def improvement_outcome(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    outcome: str,
    reason: str = "",
    new_end=None,
    today: dt.date | None = None,
) -> ImprovementPlan:
    """The outcome of a running plan: completed (from its end date), extended (a new end date, at most 12
    months later; the plan goes on) or closed with a reason (at any time)."""
    plan = _locked(plan)
    _require_follow_up(actor, plan)
    day = today or local_today()
    if outcome not in OUTCOMES:
        raise ImprovementInvalid(UNKNOWN_OUTCOME, allowed=", ".join(OUTCOMES))
    old_end = plan.ends_on
    if outcome == OUTCOME_CLOSED:
        text = _text(reason, REASON_LABEL, required=REASON_REQUIRED)
        plan.state = State.CLOSED
    elif outcome == OUTCOME_COMPLETED:
        if day < plan.ends_on:
            raise ImprovementInvalid(TOO_EARLY_TO_COMPLETE, end=plan.ends_on.isoformat())
        text = _text(reason, REASON_LABEL)
        plan.state = State.COMPLETED
    else:
        end = _date_or_none(new_end)
        if end is None or end <= plan.ends_on or end < day:
            raise ImprovementInvalid(
                NEW_END_REQUIRED, end=max(plan.ends_on, day).isoformat(), found=new_end or "—"
            )
        latest = add_months(plan.ends_on, 12)
        if end > latest:
            raise ImprovementInvalid(NEW_END_TOO_FAR, latest=latest.isoformat())
        text = _text(reason, REASON_LABEL)
        plan.state = State.EXTENDED
        plan.ends_on = end
    plan.outcome_reason = text
    plan.outcome_by, plan.outcome_at = actor.user, timezone.now()
    plan.save(update_fields=["state", "ends_on", "outcome_reason", "outcome_by", "outcome_at"])
    audit_record(
        actor=actor,
        action="improvement.outcome",
        employee=plan.employee,
        obj=plan,
        before={"ends_on": old_end.isoformat()},
        after={"outcome": outcome, "ends_on": plan.ends_on.isoformat()},
        reason=text,
    )
    _tell(
        plan,
        kind="improvement.outcome",
        title=Message(N_OUTCOME, name=plan.employee.name, outcome=OUTCOME_WORDS[outcome]),
        body=N_OUTCOME_BODY,
        actor=actor,
    )
    return plan
