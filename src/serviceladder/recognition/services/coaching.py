"""Writers of coaching tasks (issue 15 item 4): the scan that turns a KPI drop into a task for the lead,
the lead's session record and dismissal, the person's acknowledgment, and a coaching action made into a
development goal. Every change is audited in its transaction; people are notified once it commits.

The scan checks the `coaching.rules` of the policy in force on the day it runs against one month (the
last complete one by default), for everyone with monthly figures in that month, with the rule kernel's
clauses (recognition.engine.coaching). A rule that fires for a person gives ONE task per (person, rule,
month), with the check's explanation as its evidence; running the scan again for the same month creates
none, and while an earlier task of the same person and rule is still open (nobody acted on it), a streak
that goes on makes no new one. Insufficient data never fires.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_coach, user_employee
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message
from serviceladder.development.services.goals import GoalInput, goal_add
from serviceladder.metrics.selectors import monthly_figures
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.validation import COACHING_METRICS
from serviceladder.recognition.engine import coaching as engine
from serviceladder.recognition.errors_coaching import (
    AGREED_REQUIRED,
    ALREADY_A_GOAL,
    ALREADY_FOLLOWED_UP,
    BAD_MONTH,
    CANNOT_ACKNOWLEDGE,
    FOCUS_REQUIRED,
    FOLLOW_UP_DATE,
    FOLLOW_UP_NOTE_REQUIRED,
    NO_SESSION_FOR_GOAL,
    NOT_OPEN,
    NOT_RECORDED,
    REASON_REQUIRED,
    SESSION_DATE,
    TEXT_TOO_LONG,
    UNKNOWN_FOCUS_COMPETENCY,
    UNKNOWN_FOCUS_METRIC,
    CoachingInvalid,
    CoachingNotAllowed,
)
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.selectors.coaching import coach_of
from serviceladder.rules.goals import check_from_explanation, explanation
from serviceladder.rules.messages import METRIC_LABELS
from serviceladder.rules.periods import date_month_index, first_day, month_index, month_label

TEXT_LIMIT = 2000
DEFAULT_FOLLOW_UP_DAYS = 30

NEW_TASKS_TITLE = _("{count} new coaching task(s) for {month}")
NEW_TASKS_BODY = _(
    "A coaching rule fired for: {names}. Each task shows the evidence; record the session there."
)
RECORDED_TITLE = _("{coach} recorded a coaching session with you")
RECORDED_BODY = _("Agreed: {agreed}. Follow-up on {date}. Please read and acknowledge it.")
ACKNOWLEDGED_TITLE = _("{name} acknowledged the coaching session")
ACKNOWLEDGED_BODY = _("Comment: {comment}")
NO_COMMENT = _("(no comment)")
GOAL_STATEMENT = _("Coaching on {metric}: {agreed}")


@dataclass
class ScanResult:
    month: str
    enabled: bool = True
    people: int = 0  # people with figures in the month
    created: list[CoachingTask] = field(default_factory=list)
    already: int = 0  # tasks that existed for a rule that fired again
    insufficient: int = 0  # checks without enough data (never a task)


def last_complete_month(today: dt.date) -> str:
    return month_label(date_month_index(today) - 1)


def parse_month(text: str, today: dt.date) -> str:
    """'YYYY-MM' of a month that has ended, else CoachingInvalid."""
    raw = (text or "").strip()
    try:
        if len(raw) != 7 or raw[4] != "-":
            raise ValueError
        index = month_index(raw)
        first_day(index)
    except (ValueError, IndexError):
        raise CoachingInvalid(BAD_MONTH, found=raw or "—") from None
    if index >= date_month_index(today):
        raise CoachingInvalid(BAD_MONTH, found=raw)
    return month_label(index)


def _policy_on(day: dt.date):
    """The policy in force on the day of the scan (its rules are checked against the month's figures)."""
    try:
        return policy_in_force(day)
    except NoPolicyInForce:
        return None


def coaching_scan(
    *, month: str | None = None, today: dt.date | None = None, actor: Actor | None = None
) -> ScanResult:
    """Check the policy's coaching rules for `month` (default: the last complete month) and create the
    missing tasks. Idempotent: a (person, rule, month) that has a task gets no second one."""
    today = today or local_today()
    month = parse_month(month, today) if month else last_complete_month(today)
    actor = actor or Actor(None, "system")
    policy = _policy_on(today)
    result = ScanResult(month)
    if policy is None or not policy.coaching.enabled or not policy.coaching.rules:
        result.enabled = False
        return result
    checks = [engine.compile_rule(r) for r in policy.coaching.rules]
    months = sorted({m for c in checks for m in engine.months_for(c, month)})
    end = first_day(month_index(month) + 1)
    people = list(
        Employee.objects.filter(monthly_metrics__month=month, hire_date__lt=end)
        .exclude(leave_date__lt=first_day(month_index(month)))
        .select_related("team__lead__user", "team__department__head__user", "user")
        .distinct()
        .order_by("pk")
    )
    result.people = len(people)
    figures = monthly_figures([p.pk for p in people], months=months, metrics=[c.metric for c in checks])
    # A task of this month, or an earlier one of the same rule still open (nobody has acted on it yet): the
    # lead has it already; a streak that goes on does not pile up a task a month.
    existing = set(
        CoachingTask.objects.filter(
            Q(month=month) | Q(month__lt=month, state=CoachingTask.State.OPEN)
        ).values_list("employee_id", "rule_code")
    )
    with transaction.atomic():
        for person in people:
            rows = figures.get(person.pk, {})
            for check in checks:
                evidence = engine.check_rule(check, rows, month)
                if evidence.status == engine.clauses.INSUFFICIENT:
                    result.insufficient += 1
                if not engine.fires(evidence):
                    continue
                if (person.pk, check.code) in existing:
                    result.already += 1
                    continue
                task = _create(actor, person, check, month, evidence)
                if task is None:
                    result.already += 1
                else:
                    result.created.append(task)
        _notify_coaches(actor, result)
    return result


def _create(actor: Actor, person: Employee, check, month: str, evidence) -> CoachingTask | None:
    try:
        with transaction.atomic():
            task = CoachingTask.objects.create(
                employee=person,
                rule_code=check.code,
                metric=check.metric,
                month=month,
                evidence=explanation(evidence),
            )
    except IntegrityError:  # a concurrent scan made it first
        return None
    audit_record(
        actor=actor,
        action="recognition.coaching_task_create",
        employee=person,
        obj=task,
        after={"rule": check.code, "metric": check.metric, "month": month, "evidence_code": evidence.code},
    )
    return task


def _notify_coaches(actor: Actor, result: ScanResult) -> None:
    by_coach: dict[int, tuple[object, list[str]]] = {}
    for task in result.created:
        coach = coach_of(task.employee)
        if coach is None or coach.user is None:
            continue
        by_coach.setdefault(coach.user.pk, (coach.user, []))[1].append(task.employee.name)
    for user, names in by_coach.values():
        notify(
            recipients=[user],
            kind="recognition.coaching_tasks",
            title=Message(NEW_TASKS_TITLE, count=len(names), month=result.month),
            body=Message(NEW_TASKS_BODY, names=", ".join(sorted(set(names)))[:500]),
            url=reverse("coaching_list"),
            actor=actor,
        )


def _locked(task: CoachingTask) -> CoachingTask:
    return (
        CoachingTask.objects.select_for_update(of=("self",))
        .select_related(
            "employee__team__lead__user", "employee__team__department__head__user", "employee__user"
        )
        .get(pk=task.pk)
    )


def _require_coach(actor: Actor, task: CoachingTask) -> None:
    if actor.user is None or not can_coach(actor.user, task.employee):
        raise CoachingNotAllowed()


def _text(raw, required_message) -> str:
    text = (raw or "").strip()
    if not text:
        raise CoachingInvalid(required_message)
    if len(text) > TEXT_LIMIT:
        raise CoachingInvalid(TEXT_TOO_LONG, length=len(text), limit=TEXT_LIMIT)
    return text


def _date(raw, message) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise CoachingInvalid(message, found=raw) from None


def follow_up_days_in_force(today: dt.date) -> int:
    try:
        return policy_in_force(today).coaching.follow_up_days
    except NoPolicyInForce:
        return DEFAULT_FOLLOW_UP_DAYS


def _competencies(today: dt.date) -> list[str]:
    try:
        return [c.code for c in policy_in_force(today).competencies]
    except NoPolicyInForce:
        return []


@transaction.atomic
def coaching_session_record(
    *,
    actor: Actor,
    task: CoachingTask,
    session_on,
    focus_metric: str = "",
    focus_competency: str = "",
    agreed: str,
    follow_up_on=None,
    today: dt.date | None = None,
) -> CoachingTask:
    """The lead records the coaching session held on an open task: its date (today or earlier), its focus
    (a metric, a competency or both), what was agreed, and the follow-up date (default: the session plus
    the policy's `coaching.follow_up_days`). The person is asked to acknowledge it."""
    today = today or local_today()
    task = _locked(task)
    _require_coach(actor, task)
    if task.state != CoachingTask.State.OPEN:
        raise CoachingInvalid(NOT_OPEN, state=task.get_state_display())
    held = _date(session_on, SESSION_DATE)
    if held is None or held > today:
        raise CoachingInvalid(SESSION_DATE, found=session_on or "—")
    focus_metric, focus_competency = (focus_metric or "").strip(), (focus_competency or "").strip()
    if not focus_metric and not focus_competency:
        raise CoachingInvalid(FOCUS_REQUIRED)
    if focus_metric and focus_metric not in COACHING_METRICS:
        raise CoachingInvalid(UNKNOWN_FOCUS_METRIC, found=focus_metric, allowed=", ".join(COACHING_METRICS))
    competencies = _competencies(today)
    if focus_competency and focus_competency not in competencies:
        raise CoachingInvalid(
            UNKNOWN_FOCUS_COMPETENCY, found=focus_competency, allowed=", ".join(competencies) or "—"
        )
    agreed = _text(agreed, AGREED_REQUIRED)
    follow = _date(follow_up_on, FOLLOW_UP_DATE)
    if follow is None:
        follow = held + dt.timedelta(days=follow_up_days_in_force(today))
    elif follow < held:
        raise CoachingInvalid(FOLLOW_UP_DATE, found=follow.isoformat())
    task.state = CoachingTask.State.RECORDED
    task.session_on = held
    task.focus_metric = focus_metric
    task.focus_competency = focus_competency
    task.agreed = agreed
    task.follow_up_on = follow
    task.recorded_by = actor.user
    task.recorded_at = timezone.now()
    task.save(
        update_fields=[
            "state",
            "session_on",
            "focus_metric",
            "focus_competency",
            "agreed",
            "follow_up_on",
            "recorded_by",
            "recorded_at",
        ]
    )
    audit_record(
        actor=actor,
        action="recognition.coaching_session_record",
        employee=task.employee,
        obj=task,
        before={"state": CoachingTask.State.OPEN},
        after={
            "state": task.state,
            "session_on": held.isoformat(),
            "focus_metric": focus_metric,
            "focus_competency": focus_competency,
            "follow_up_on": follow.isoformat(),
            "agreed": agreed,
        },
    )
    if task.employee.user is not None:
        notify(
            recipients=[task.employee.user],
            kind="recognition.coaching_recorded",
            title=Message(RECORDED_TITLE, coach=actor.display_name),
            body=Message(RECORDED_BODY, agreed=agreed[:300], date=follow.isoformat()),
            url=reverse("coaching_task", args=[task.pk]),
            actor=actor,
        )
    return task


@transaction.atomic
def coaching_acknowledge(*, actor: Actor, task: CoachingTask, comment: str = "") -> CoachingTask:
    """The person coached acknowledges the recorded session (a dated acceptance, with an optional comment)."""
    task = _locked(task)
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None or me.pk != task.employee_id:
        raise CoachingNotAllowed(CANNOT_ACKNOWLEDGE)
    if task.state != CoachingTask.State.RECORDED:
        raise CoachingInvalid(NOT_RECORDED, state=task.get_state_display())
    comment = (comment or "").strip()
    if len(comment) > TEXT_LIMIT:
        raise CoachingInvalid(TEXT_TOO_LONG, length=len(comment), limit=TEXT_LIMIT)
    task.state = CoachingTask.State.ACKNOWLEDGED
    task.acknowledged_at = timezone.now()
    task.agent_comment = comment
    task.save(update_fields=["state", "acknowledged_at", "agent_comment"])
    audit_record(
        actor=actor,
        action="recognition.coaching_acknowledge",
        employee=task.employee,
        obj=task,
        before={"state": CoachingTask.State.RECORDED},
        after={"state": task.state, "comment": comment},
    )
    coach = task.recorded_by
    if coach is not None:
        notify(
            recipients=[coach],
            kind="recognition.coaching_acknowledged",
            title=Message(ACKNOWLEDGED_TITLE, name=task.employee.name),
            body=Message(ACKNOWLEDGED_BODY, comment=comment[:300] or NO_COMMENT),
            url=reverse("coaching_task", args=[task.pk]),
            actor=actor,
        )
    return task


@transaction.atomic
def coaching_dismiss(*, actor: Actor, task: CoachingTask, reason: str) -> CoachingTask:
    """The lead dismisses an open task with a reason (the drop is explained, already handled …)."""
    task = _locked(task)
    _require_coach(actor, task)
    if task.state != CoachingTask.State.OPEN:
        raise CoachingInvalid(NOT_OPEN, state=task.get_state_display())
    reason = _text(reason, REASON_REQUIRED)
    task.state = CoachingTask.State.DISMISSED
    task.dismissed_reason = reason
    task.save(update_fields=["state", "dismissed_reason"])
    audit_record(
        actor=actor,
        action="recognition.coaching_dismiss",
        employee=task.employee,
        obj=task,
        before={"state": CoachingTask.State.OPEN},
        after={"state": task.state},
        reason=reason,
    )
    return task


def _metric_name(metric: str) -> str:
    """The metric's name in the acting reader's language (the goal's statement is their words)."""
    lang = "zh" if (get_language() or "").lower().startswith("zh") else "en"
    return METRIC_LABELS.get(metric, {}).get(lang, metric)


@transaction.atomic
def coaching_make_goal(*, actor: Actor, task: CoachingTask, today: dt.date | None = None):
    """Turn the coaching action (what was agreed) into a metric goal on the person's development plan (its
    draft, made when there is none): meet the threshold again, or get back to the own average, judged on
    the follow-up month's figures by the rules. The task keeps the goal's lineage."""
    today = today or local_today()
    task = _locked(task)
    _require_coach(actor, task)
    if task.state not in (CoachingTask.State.RECORDED, CoachingTask.State.ACKNOWLEDGED):
        raise CoachingInvalid(NO_SESSION_FOR_GOAL)
    if task.goal_lineage is not None:
        raise CoachingInvalid(ALREADY_A_GOAL)
    evidence = check_from_explanation(task.evidence)
    target = engine.goal_target(evidence)
    due = task.follow_up_on if task.follow_up_on and task.follow_up_on >= today else None
    due = due or today + dt.timedelta(days=follow_up_days_in_force(today))
    statement = str(GOAL_STATEMENT).format(metric=_metric_name(task.metric), agreed=task.agreed)
    goal = goal_add(
        actor=actor,
        employee=task.employee,
        data=GoalInput(
            statement=statement[:1000],
            due_date=due,
            measure="metric",
            metric=task.metric,
            comparison=target.comparison,
            value=str(target.value),
            window=1,
            aggregation="latest",
            min_sample=0,
            source_step="coaching",
            source_clause=f"coaching:{task.rule_code}:{task.month}"[:60],
        ),
        today=today,
    )
    task.goal_lineage = goal.lineage
    task.save(update_fields=["goal_lineage"])
    audit_record(
        actor=actor,
        action="recognition.coaching_goal",
        employee=task.employee,
        obj=task,
        after={"goal": str(goal.lineage), "metric": task.metric, "due_date": due.isoformat()},
    )
    return goal


@transaction.atomic
def coaching_follow_up(
    *, actor: Actor, task: CoachingTask, note: str, today: dt.date | None = None
) -> CoachingTask:
    """The lead records the follow-up agreed in the session (how the person is doing since): a note, dated
    today. The follow-up to-do goes away."""
    today = today or local_today()
    task = _locked(task)
    _require_coach(actor, task)
    if task.state not in (CoachingTask.State.RECORDED, CoachingTask.State.ACKNOWLEDGED):
        raise CoachingInvalid(NO_SESSION_FOR_GOAL)
    if task.followed_up_on is not None:
        raise CoachingInvalid(ALREADY_FOLLOWED_UP, date=task.followed_up_on.isoformat())
    note = _text(note, FOLLOW_UP_NOTE_REQUIRED)
    task.followed_up_on = today
    task.follow_up_note = note
    task.save(update_fields=["followed_up_on", "follow_up_note"])
    audit_record(
        actor=actor,
        action="recognition.coaching_follow_up",
        employee=task.employee,
        obj=task,
        after={"followed_up_on": today.isoformat(), "note": note},
    )
    return task
