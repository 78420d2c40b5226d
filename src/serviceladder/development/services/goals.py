"""Writers of SMART goals (issue 14 item 3; DOMAIN.md "Development planning").

A goal is part of what a plan says, so adding, changing or removing one changes the plan's draft
(`plan_draft_for`), and withdraws any acceptance of that draft (`draft_changed`). What happens while the plan
runs is kept by the goal's lineage, whichever version shows it: dated check-ins (a goal measured by hand) and
the final judgement (achieved, missed, unknown). A goal measured by a policy metric keeps a frozen copy of
the threshold (`Goal.clause`, value in policy units as people write it) and is judged by the rules
(rules.goals) from the monthly figures, never by hand; a goal measured by check-ins is judged by the lead on
or after its due date.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from serviceladder.accounts.scoping import can_edit_own_development, can_lead_development
from serviceladder.audit.services import Actor, audit_record, changed_fields, private_fields
from serviceladder.development.errors_goals import (
    CANNOT_JUDGE,
    CHECK_IN_DATE,
    CHECK_IN_EMPTY,
    CHECK_IN_METRIC,
    DONE_WHEN_REQUIRED,
    DUE_DATE_PAST,
    DUE_DATE_REQUIRED,
    DUE_DATE_TOO_FAR,
    GOAL_ALREADY_JUDGED,
    GOAL_NOT_IN_FORCE,
    JUDGE_METRIC,
    JUDGE_TOO_EARLY,
    MIN_SAMPLE_OUT_OF_RANGE,
    OWNER_NOT_ALLOWED,
    PERCENT_OUT_OF_RANGE,
    STATEMENT_REQUIRED,
    STATEMENT_TOO_LONG,
    UNKNOWN_AGGREGATION,
    UNKNOWN_COMPARISON,
    UNKNOWN_HORIZON,
    UNKNOWN_JUDGEMENT,
    UNKNOWN_MEASURE,
    UNKNOWN_METRIC,
    VALUE_NOT_A_NUMBER,
    VALUE_OUT_OF_RANGE,
    WINDOW_OUT_OF_RANGE,
    GoalInvalid,
    GoalNotAllowed,
    GoalNotFound,
)
from serviceladder.development.models import Goal, GoalCheckIn, GoalJudgement, PlanVersion
from serviceladder.development.models.plans import Horizon
from serviceladder.development.services.plan_drafts import draft_changed, open_plan, plan_draft_for
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.rules import goals as rules_goals
from serviceladder.rules.metrics import METRICS, describe_range, parse_policy_value
from serviceladder.rules.periods import add_months, whole_months_between

STATEMENT_LIMIT = 1000
COMPARISONS = (">=", "<=", ">", "<")
AGGREGATIONS = ("mean", "every_month", "worst_month", "latest")
MAX_WINDOW = 36  # policy.schema.MAX_WINDOW_MONTHS
MAX_YEARS = 5
# Metrics a goal can measure: those kept as monthly figures (the exam score lives elsewhere).
GOAL_METRICS = tuple(m for m in METRICS if m != "exam_score")


@dataclass(frozen=True)
class GoalInput:
    """What the goal form says, as typed (services validate and convert)."""

    statement: str
    due_date: object  # a date or "YYYY-MM-DD"
    measure: str
    horizon: str = ""  # empty: from the due date (short ≤ 6 months, mid ≤ 24, long after)
    owner: Employee | None = None
    metric: str = ""
    comparison: str = ">="
    value: object = ""  # "85%", 0.85, "3" (minutes for response time)
    window: object = 3
    aggregation: str = "mean"
    min_sample: object = 0
    done_when: str = ""
    source_step: str = ""
    source_clause: str = ""


def may_change_goals(user, employee: Employee) -> bool:
    """The person and their lead (team lead; head for a leadless team; HR) change the plan's goals."""
    return can_edit_own_development(user, employee) or can_lead_development(user, employee)


def _require_change(actor: Actor, employee: Employee) -> None:
    if not may_change_goals(actor.user, employee):
        raise GoalNotAllowed()


def _date(raw, message) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise GoalInvalid(message, found=raw or "—") from None


def _whole(raw, lo: int, hi: int, message, **extra) -> int:
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit() or not lo <= int(text) <= hi:
        raise GoalInvalid(message, found=raw if text else "—", **extra)
    return int(text)


def default_horizon(due: dt.date, today: dt.date) -> str:
    months = whole_months_between(today, due)
    if months <= 6:
        return Horizon.SHORT
    if months <= 24:
        return Horizon.MID
    return Horizon.LONG


def policy_value_text(metric: str, value: Decimal) -> str:
    """A threshold as people write it back into the form: 85% for a rate, else the plain number."""
    from serviceladder.rules.metrics import RATE_UNITS

    if METRICS[metric].unit in RATE_UNITS:
        return f"{(value * 100).normalize():f}%"
    return f"{value.normalize():f}"


def clean_metric_clause(*, metric: str, comparison: str, value, window, aggregation: str, min_sample) -> dict:
    """The frozen clause of a metric goal, validated as the policy validates `metric_thresholds[]`; the
    value kept in policy units as a decimal string."""
    if metric not in GOAL_METRICS:
        raise GoalInvalid(UNKNOWN_METRIC, found=metric or "—", allowed=", ".join(GOAL_METRICS))
    if comparison not in COMPARISONS:
        raise GoalInvalid(UNKNOWN_COMPARISON, found=comparison or "—", allowed=", ".join(COMPARISONS))
    try:
        number = parse_policy_value(metric, value)
    except (ValueError, InvalidOperation, ArithmeticError):
        raise GoalInvalid(VALUE_NOT_A_NUMBER, found=value or "—") from None
    spec = METRICS[metric]
    if not number.is_finite() or not spec.minimum <= number <= spec.maximum:
        raise GoalInvalid(VALUE_OUT_OF_RANGE, found=value, allowed=describe_range(metric))
    months = _whole(window, 1, MAX_WINDOW, WINDOW_OUT_OF_RANGE, limit=MAX_WINDOW)
    if aggregation not in AGGREGATIONS:
        raise GoalInvalid(UNKNOWN_AGGREGATION, found=aggregation or "—", allowed=", ".join(AGGREGATIONS))
    sample = _whole(min_sample if str(min_sample).strip() else 0, 0, 1_000_000, MIN_SAMPLE_OUT_OF_RANGE)
    return {
        "metric": metric,
        "comparison": comparison,
        "value": str(number),
        "window": months,
        "aggregation": aggregation,
        "min_sample": sample,
    }


def _clean(data: GoalInput, employee: Employee, today: dt.date) -> dict:
    statement = (data.statement or "").strip()
    if not statement:
        raise GoalInvalid(STATEMENT_REQUIRED)
    if len(statement) > STATEMENT_LIMIT:
        raise GoalInvalid(STATEMENT_TOO_LONG, length=len(statement), limit=STATEMENT_LIMIT)
    due = _date(data.due_date, DUE_DATE_REQUIRED)
    if due < today:
        raise GoalInvalid(DUE_DATE_PAST, found=due.isoformat(), today=today.isoformat())
    latest = add_months(today, 12 * MAX_YEARS)
    if due > latest:
        raise GoalInvalid(DUE_DATE_TOO_FAR, found=due.isoformat(), latest=latest.isoformat())
    horizon = data.horizon or default_horizon(due, today)
    if horizon not in Horizon.values:
        raise GoalInvalid(UNKNOWN_HORIZON, found=horizon, allowed=", ".join(Horizon.values))
    owner = data.owner or employee
    lead_id = employee.team.lead_id if employee.team_id else None
    if owner.pk not in (employee.pk, lead_id):
        raise GoalInvalid(OWNER_NOT_ALLOWED, found=owner.number)
    out = {
        "statement": statement,
        "due_date": due,
        "horizon": horizon,
        "owner": owner,
        "measure": data.measure,
        "source_step": data.source_step[:90],
        "source_clause": data.source_clause[:60],
    }
    if data.measure == Goal.Measure.METRIC:
        out["clause"] = clean_metric_clause(
            metric=data.metric,
            comparison=data.comparison,
            value=data.value,
            window=data.window,
            aggregation=data.aggregation,
            min_sample=data.min_sample,
        )
        out["done_when"] = ""
    elif data.measure == Goal.Measure.MANUAL:
        done_when = (data.done_when or "").strip()
        if not done_when:
            raise GoalInvalid(DONE_WHEN_REQUIRED)
        out["done_when"] = done_when[:300]
        out["clause"] = {}
    else:
        raise GoalInvalid(UNKNOWN_MEASURE, found=data.measure or "—", allowed=", ".join(Goal.Measure.values))
    return out


def _audit_values(goal: Goal) -> dict:
    return {
        "lineage": str(goal.lineage),
        "statement": goal.statement,
        "owner": goal.owner.number,
        "horizon": goal.horizon,
        "due_date": goal.due_date.isoformat(),
        "measure": goal.measure,
        "clause": goal.clause,
        "done_when": goal.done_when,
        "source_step": goal.source_step,
        "source_clause": goal.source_clause,
    }


def _judgement(lineage) -> GoalJudgement | None:
    return GoalJudgement.objects.filter(lineage=lineage).first()


def _refuse_judged(lineage) -> None:
    judged = _judgement(lineage)
    if judged is not None:
        raise GoalInvalid(
            GOAL_ALREADY_JUDGED, status=judged.get_status_display(), date=judged.judged_on.isoformat()
        )


@transaction.atomic
def goal_add(*, actor: Actor, employee: Employee, data: GoalInput, today: dt.date | None = None) -> Goal:
    """Add a goal to the person's plan draft (made when there is none). The person or their lead."""
    _require_change(actor, employee)
    clean = _clean(data, employee, today or local_today())
    version = plan_draft_for(actor=actor, employee=employee)
    last = version.goals.order_by("-position").values_list("position", flat=True).first()
    goal = Goal.objects.create(version=version, position=(last or 0) + 1, **clean)
    draft_changed(version)
    audit_record(
        actor=actor,
        action="development.goal_add",
        employee=employee,
        obj=goal,
        after={**_audit_values(goal), "version": version.number},
    )
    return goal


def _draft_goal(actor: Actor, employee: Employee, lineage) -> tuple[PlanVersion, Goal]:
    if open_plan(employee) is None or not _lineage_known(employee, lineage):
        raise GoalNotFound()
    version = plan_draft_for(actor=actor, employee=employee)
    goal = version.goals.select_related("owner").filter(lineage=lineage).first()
    if goal is None:
        raise GoalNotFound()
    return version, goal


def _lineage_known(employee: Employee, lineage) -> bool:
    try:
        lineage = uuid.UUID(str(lineage))
    except ValueError:
        return False
    plan = open_plan(employee)
    return (
        Goal.objects.filter(version__plan=plan, lineage=lineage)
        .exclude(version__state=PlanVersion.State.SUPERSEDED)
        .exists()
    )


@transaction.atomic
def goal_edit(
    *, actor: Actor, employee: Employee, lineage, data: GoalInput, today: dt.date | None = None
) -> Goal:
    """Change a goal in the plan's draft (an agreed plan gets a new draft; the agreed one stays in force)."""
    _require_change(actor, employee)
    clean = _clean(data, employee, today or local_today())
    if not _lineage_known(employee, lineage):
        raise GoalNotFound()
    _refuse_judged(lineage)
    version, goal = _draft_goal(actor, employee, lineage)
    before = _audit_values(goal)
    for name, value in clean.items():
        setattr(goal, name, value)
    goal.save(update_fields=[*(n for n in clean if n != "owner"), "owner"])
    draft_changed(version)
    old, new = changed_fields(before, _audit_values(goal))
    audit_record(
        actor=actor,
        action="development.goal_edit",
        employee=employee,
        obj=goal,
        before=old,
        after={**new, "statement": goal.statement, "version": version.number},
    )
    return goal


@transaction.atomic
def goal_remove(*, actor: Actor, employee: Employee, lineage) -> None:
    """Take a goal out of the plan's draft (an agreed version keeps it until the draft is agreed)."""
    _require_change(actor, employee)
    if not _lineage_known(employee, lineage):
        raise GoalNotFound()
    version, goal = _draft_goal(actor, employee, lineage)
    before = _audit_values(goal)
    goal.delete()
    draft_changed(version)
    audit_record(
        actor=actor,
        action="development.goal_remove",
        employee=employee,
        obj=version,
        before=before,
        after={"statement": before["statement"], "version": version.number},
    )


def _current_goal(employee: Employee, lineage) -> Goal:
    """The goal as the plan shows it now: the agreed version's, else the draft's."""
    if not _lineage_known(employee, lineage):
        raise GoalNotFound()
    goals = Goal.objects.select_related("version").filter(version__plan=open_plan(employee), lineage=lineage)
    by_state = {g.version.state: g for g in goals}
    return by_state.get(PlanVersion.State.AGREED) or by_state[PlanVersion.State.DRAFT]


@transaction.atomic
def goal_check_in(
    *,
    actor: Actor,
    employee: Employee,
    lineage,
    date,
    percent_done=None,
    note: str = "",
    today: dt.date | None = None,
) -> GoalCheckIn:
    """A dated check-in on a goal measured by hand, by the person or their lead."""
    _require_change(actor, employee)
    goal = _current_goal(employee, lineage)
    if goal.measure != Goal.Measure.MANUAL:
        raise GoalInvalid(CHECK_IN_METRIC)
    _refuse_judged(goal.lineage)
    when = _date(date, CHECK_IN_DATE)
    if when > (today or local_today()):
        raise GoalInvalid(CHECK_IN_DATE, found=when.isoformat())
    percent = None
    if percent_done not in (None, ""):
        percent = _whole(percent_done, 0, 100, PERCENT_OUT_OF_RANGE)
    note = (note or "").strip()
    if percent is None and not note:
        raise GoalInvalid(CHECK_IN_EMPTY)
    check_in = GoalCheckIn.objects.create(
        lineage=goal.lineage,
        employee=employee,
        date=when,
        percent_done=percent,
        note=note,
        recorded_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="development.goal_check_in",
        employee=employee,
        obj=check_in,
        after={
            "statement": goal.statement,
            "date": when.isoformat(),
            "percent_done": percent,
            **private_fields({"note": note}, ("note",)),
        },
    )
    return check_in


@transaction.atomic
def goal_judge(
    *, actor: Actor, employee: Employee, lineage, status: str, note: str = "", today: dt.date | None = None
) -> GoalJudgement:
    """The lead judges a goal measured by check-ins, on or after its due date: achieved or missed (or
    unknown). Only a goal of the agreed plan; once, for good."""
    if not can_lead_development(actor.user, employee):
        raise GoalNotAllowed(CANNOT_JUDGE)
    goal = _current_goal(employee, lineage)
    if goal.version.state != PlanVersion.State.AGREED:
        raise GoalInvalid(GOAL_NOT_IN_FORCE)
    if goal.measure != Goal.Measure.MANUAL:
        raise GoalInvalid(JUDGE_METRIC)
    day = today or local_today()
    if day < goal.due_date:
        raise GoalInvalid(JUDGE_TOO_EARLY, due=goal.due_date.isoformat())
    if status not in GoalJudgement.Status.values:
        raise GoalInvalid(
            UNKNOWN_JUDGEMENT, found=status or "—", allowed=", ".join(GoalJudgement.Status.values)
        )
    _refuse_judged(goal.lineage)
    judgement = GoalJudgement.objects.create(
        lineage=goal.lineage,
        employee=employee,
        status=status,
        judged_on=day,
        explanation={"by_hand": True, "note": (note or "").strip()},
        judged_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="development.goal_judge",
        employee=employee,
        obj=judgement,
        after={"statement": goal.statement, "status": status, "judged_on": day.isoformat()},
    )
    return judgement


def goal_rule(goal: Goal):
    """The frozen clause of a metric goal, compiled exactly as eligibility compiles the condition."""
    from serviceladder.rules.thresholds import metric_rule

    c = goal.clause
    return metric_rule(
        c["metric"],
        c["comparison"],
        Decimal(str(c["value"])),
        int(c["window"]),
        c["aggregation"],
        int(c["min_sample"]),
    )


def goal_record_judgement(*, goal: Goal, status: rules_goals.GoalStatus) -> GoalJudgement | None:
    """Keep a metric goal's final status (the daily job, or the first page view after the judgement day).
    Idempotent: a goal already judged keeps its judgement, and two writers at once make one row."""
    if not status.final:
        return None
    if goal.version.state != PlanVersion.State.AGREED:
        # a draft's copy: the goal is judged as the agreed version in force holds it, if it does
        goal = (
            Goal.objects.select_related("version__plan__employee")
            .filter(
                lineage=goal.lineage,
                version__plan_id=goal.version.plan_id,
                version__state=PlanVersion.State.AGREED,
                clause=goal.clause,
                due_date=goal.due_date,
            )
            .first()
        )
        if goal is None:
            return None
    if GoalJudgement.objects.filter(lineage=goal.lineage).exists():
        return None
    actor = Actor(None, channel="system")
    try:
        with transaction.atomic():
            judgement = GoalJudgement.objects.create(
                lineage=goal.lineage,
                employee_id=goal.version.plan.employee_id,
                status=status.status,
                judged_on=status.as_of,
                explanation=rules_goals.explanation(status.check),
            )
            audit_record(
                actor=actor,
                action="development.goal_judged",
                employee=goal.version.plan.employee,
                obj=judgement,
                after={
                    "statement": goal.statement,
                    "status": status.status,
                    "judged_on": status.as_of.isoformat(),
                },
            )
    except IntegrityError:
        return None
    return judgement


def goals_judge_due(today: dt.date) -> int:
    """Judge, for good, every metric goal of a plan in force whose judgement day has come and whose due
    month's figures exist (rules.goals); the daily job calls this. Returns how many were judged."""
    from serviceladder.development.selectors.goals import goal_statuses

    goals = list(
        Goal.objects.select_related("version__plan__employee")
        .filter(
            measure=Goal.Measure.METRIC,
            version__state=PlanVersion.State.AGREED,
            due_date__lt=rules_goals.judgement_day(today),
        )
        .exclude(version__plan__status="closed")
        .exclude(lineage__in=GoalJudgement.objects.values("lineage"))
    )
    goals = [g for g in goals if rules_goals.judgement_day(g.due_date) <= today]
    statuses = goal_statuses(goals, today)
    judged = 0
    for goal in goals:
        if goal_record_judgement(goal=goal, status=statuses[goal.pk]) is not None:
            judged += 1
    return judged
