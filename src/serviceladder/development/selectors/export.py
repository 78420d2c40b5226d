"""The development export (issue 14, "Also"): plans with their state, goals with their progress and what is
due, for the people whose development record the user may read — or, for management (and HR on request),
per-department counts and completion rates only. The CLI (`serviceladder development export`) and the
landing's download both read it.

Who is in it: `accounts.scoping.employees_with_development_visible_to` (the person, their lead, their head,
HR) plus the people the user mentors now (`mentee_scope`): a mentor reads their mentees' plans and goals, so
their rows say `access = mentee` and leave what is due (a conversation, a review) empty. Figures (a goal's
value and months) go only to readers who may see the person's performance, as on the API. Private notes of
conversations are never read here: only the dates of the cadence are.

The cost is fixed, whatever the number of people (one query per kind of row, the cadence's two, the figures
loader's one): the goal selectors and the cadence's group function are given everyone at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_see_development_counts,
    employees_with_development_visible_to,
    employees_with_performance_visible_to,
    mentee_scope,
    user_roles,
)
from serviceladder.core.i18n import pick
from serviceladder.development.cadence import CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN
from serviceladder.development.errors_export import (
    COUNTS_NOT_ALLOWED,
    NOTHING_TO_EXPORT,
    UNKNOWN_DEPARTMENT,
    ExportInvalid,
    ExportNotAllowed,
)
from serviceladder.development.models import (
    ActionUpdate,
    DevelopmentPlan,
    Goal,
    GoalJudgement,
    Mentorship,
    PlanAction,
    PlanVersion,
)
from serviceladder.development.selectors.conversations import due_for_people
from serviceladder.development.selectors.goals import goal_views
from serviceladder.development.selectors.mentoring import running
from serviceladder.development.selectors.plans import draft_awaiting, plan_counts, plan_state
from serviceladder.org.models import Department, Employee
from serviceladder.org.selectors import employed_on
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules import goals as rules_goals
from serviceladder.rules.clauses import rounded

PEOPLE, COUNTS = "people", "counts"
ACCESS_RECORD, ACCESS_MENTEE = "record", "mentee"

PERSON_COLUMNS: tuple[str, ...] = (
    "employee_number",
    "employee_name",
    "team",
    "team_name",
    "department",
    "department_name",
    "access",  # record | mentee
    "plan_status",  # none | draft | active | revising | closed
    "plan_outcome",  # achieved | changed | abandoned (closed plans)
    "version_in_force",
    "agreed_on",
    "target_level",
    "target_level_name",
    "aspiration",
    "draft_awaiting",  # person | lead | both | "" (no draft)
    "goals_total",
    "goals_achieved",
    "goals_missed",
    "goals_unknown",
    "goals_on_track",
    "goals_off_track",
    "goals_insufficient_data",
    "goals_in_progress",
    "goals_awaiting_judgement",
    "actions_total",
    "actions_done",
    "next_conversation_due",
    "overdue",
    "direction_review_due",
    "first_plan_due",
    "mentor",
)
GOAL_COLUMNS: tuple[str, ...] = (
    "employee_number",
    "employee_name",
    "goal",  # its lineage: the same across the plan's versions
    "version",
    "statement",
    "horizon",
    "measure",  # metric | manual
    "metric",
    "comparison",
    "threshold",
    "due_date",
    "status",
    "final",
    "judged_on",
    "figure",
    "months_from",
    "months_to",
    "percent_done",
)
COUNT_COLUMNS: tuple[str, ...] = (
    "department",
    "department_name",
    "people",
    "plans_draft",
    "plans_active",
    "plans_closed",
    "active_share",
    "actions",
    "actions_done",
    "actions_done_share",
    "goals_achieved",
    "goals_missed",
    "goals_unknown",
    "goals_achieved_share",
    "people_overdue",
)

# goal status → the person row's counter
_GOAL_COUNTERS = {
    rules_goals.ACHIEVED: "goals_achieved",
    rules_goals.MISSED: "goals_missed",
    rules_goals.UNKNOWN: "goals_unknown",
    rules_goals.ON_TRACK: "goals_on_track",
    rules_goals.OFF_TRACK: "goals_off_track",
    rules_goals.INSUFFICIENT_DATA: "goals_insufficient_data",
    "in_progress": "goals_in_progress",
    rules_goals.AWAITING_FIGURES: "goals_awaiting_judgement",
    "to_judge": "goals_awaiting_judgement",
}


def export_kind(user, *, counts: bool = False) -> str:
    """PEOPLE or COUNTS: what `user` gets. Counts on request (HR, management), and for a user who reads no
    one's record but may see counts (management); ExportNotAllowed for anyone else (an administrator)."""
    name = getattr(user, "username", "") or "—"
    if counts:
        if not can_see_development_counts(user):
            raise ExportNotAllowed(COUNTS_NOT_ALLOWED, user=name)
        return COUNTS
    if reads_people(user):
        return PEOPLE
    if can_see_development_counts(user):
        return COUNTS
    raise ExportNotAllowed(NOTHING_TO_EXPORT, user=name)


def reads_people(user) -> bool:
    roles = user_roles(user)
    if not roles:
        return False
    if Role.HR in roles:
        return True
    return (
        employees_with_development_visible_to(user).exists()
        or Employee.objects.filter(mentee_scope(user)).exists()
    )


def check_department(code: str | None) -> Department | None:
    if not code:
        return None
    found = Department.objects.filter(code=code).first()
    if found is None:
        raise ExportInvalid(UNKNOWN_DEPARTMENT, code=code)
    return found


def _on_roster(people: QuerySet[Employee], as_of: dt.date) -> QuerySet[Employee]:
    return people.filter(employed_on(as_of))


def _number(value):
    """A figure or threshold as the comparison saw it (rounded like rules.clauses does)."""
    if isinstance(value, Decimal):
        value = float(value)
    return rounded(value) if isinstance(value, float) else value


def _share(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _level_names(as_of: dt.date) -> dict[str, str]:
    try:
        levels = policy_in_force(as_of).levels()
    except NoPolicyInForce:
        return {}
    return {code: pick(level.name_zh, level.name_en) for code, (_track, level, _rank) in levels.items()}


def _plans(ids: list[int]) -> dict[int, tuple[DevelopmentPlan, PlanVersion | None, PlanVersion | None]]:
    """employee id → (their plan as the landing shows it: the open one, else the latest closed; its agreed
    version; its draft), in two queries."""
    plans: dict[int, DevelopmentPlan] = {}
    for p in DevelopmentPlan.objects.filter(employee_id__in=ids).order_by("created_at", "pk"):
        if p.employee_id not in plans or p.status != DevelopmentPlan.Status.CLOSED:
            plans[p.employee_id] = p
    versions: dict[int, dict[str, PlanVersion]] = defaultdict(dict)
    for v in PlanVersion.objects.filter(
        plan_id__in=[p.pk for p in plans.values()],
        state__in=[PlanVersion.State.DRAFT, PlanVersion.State.AGREED],
    ):
        versions[v.plan_id][v.state] = v
    return {
        emp: (
            plan,
            versions[plan.pk].get(PlanVersion.State.AGREED),
            versions[plan.pk].get(PlanVersion.State.DRAFT),
        )
        for emp, plan in plans.items()
    }


def _goal_dict(view, person: Employee, figures: bool) -> dict:
    g = view.goal
    check = view.check if g.measure == Goal.Measure.METRIC else None
    months = tuple(check.months) if check is not None and figures else ()
    clause = g.clause or {}
    return {
        "employee_number": person.number,
        "employee_name": person.name,
        "goal": str(g.lineage),
        "version": g.version.number,
        "statement": g.statement,
        "horizon": g.horizon,
        "measure": g.measure,
        "metric": clause.get("metric", ""),
        "comparison": clause.get("comparison", ""),
        "threshold": _number(check.required) if check is not None else None,
        "due_date": g.due_date,
        "status": view.status,
        "final": view.final,
        "judged_on": view.judgement.judged_on if view.judgement else None,
        "figure": _number(check.actual) if check is not None and figures else None,
        "months_from": months[0] if months else "",
        "months_to": months[-1] if months else "",
        "percent_done": view.percent_done,
    }


def people_export(user, *, as_of: dt.date, department: str | None = None) -> list[dict]:
    """One record per person (PERSON_COLUMNS, plus "goals": a list of GOAL_COLUMNS records), ordered by team
    and number. Raises ExportInvalid for an unknown department."""
    dept = check_department(department)
    record = employees_with_development_visible_to(user)
    scope = Q(pk__in=record.values("pk")) | Q(pk__in=Employee.objects.filter(mentee_scope(user)).values("pk"))
    people_qs = _on_roster(Employee.objects.filter(scope), as_of)
    if dept is not None:
        people_qs = people_qs.filter(team__department=dept)
    people = list(
        people_qs.select_related("team__department").order_by(
            F("team__code").asc(nulls_last=True), "number", "pk"
        )
    )
    ids = [p.pk for p in people]
    readable = set(record.filter(pk__in=ids).values_list("pk", flat=True))
    performance = employees_with_performance_visible_to(user)
    with_figures = set(performance.filter(pk__in=ids).values_list("pk", flat=True))

    plans = _plans(ids)
    shown = {emp: agreed or draft for emp, (_plan, agreed, draft) in plans.items() if agreed or draft}
    goals = list(
        Goal.objects.filter(version__in=[v.pk for v in shown.values()])
        .select_related("version__plan")
        .order_by("version__plan__employee_id", "position", "pk")
    )
    views = goal_views(goals, as_of, judge=False)  # an export reads: it never records a judgement
    goals_of: dict[int, list] = defaultdict(list)
    for view in views:
        goals_of[view.goal.version.plan.employee_id].append(view)
    latest = ActionUpdate.objects.filter(lineage=OuterRef("lineage")).order_by("-recorded_at", "-pk")
    actions: dict[int, list[str | None]] = defaultdict(list)
    for version_id, status in (
        PlanAction.objects.filter(version__in=[v.pk for v in shown.values()])
        .annotate(status=Subquery(latest.values("status")[:1]))
        .values_list("version_id", "status")
    ):
        actions[version_id].append(status)
    due = {p.pk: items for p, items in due_for_people(Employee.objects.filter(pk__in=readable), as_of)}
    mentors: dict[int, list[str]] = defaultdict(list)
    for m in (
        Mentorship.objects.filter(running(as_of), mentee_id__in=ids, starts_on__lte=as_of)
        .select_related("mentor")
        .order_by("starts_on", "pk")
    ):
        mentors[m.mentee_id].append(m.mentor.name)
    names = _level_names(as_of)

    out = []
    for person in people:
        plan, agreed, draft = plans.get(person.pk, (None, None, None))
        version = shown.get(person.pk)
        team = person.team
        row: dict = {
            "employee_number": person.number,
            "employee_name": person.name,
            "team": team.code if team else "",
            "team_name": team.name if team else "",
            "department": team.department.code if team else "",
            "department_name": team.department.name if team else "",
            "access": ACCESS_RECORD if person.pk in readable else ACCESS_MENTEE,
            "plan_status": plan_state(plan, draft),
            "plan_outcome": plan.outcome if plan is not None else "",
            "version_in_force": agreed.number
            if agreed is not None and plan.status == DevelopmentPlan.Status.ACTIVE
            else None,
            "agreed_on": _local_date(agreed.agreed_at) if agreed is not None else None,
            "target_level": version.target_level_code if version is not None else "",
            "target_level_name": names.get(version.target_level_code, version.target_level_code)
            if version is not None
            else "",
            "aspiration": version.aspiration if version is not None else "",
            "draft_awaiting": _awaiting(plan, draft),
        }
        person_goals = goals_of.get(person.pk, [])
        row["goals_total"] = len(person_goals)
        for counter in dict.fromkeys(_GOAL_COUNTERS.values()):
            row[counter] = 0
        for view in person_goals:
            row[_GOAL_COUNTERS[view.status]] += 1
        statuses = actions.get(version.pk, []) if version is not None else []
        row["actions_total"] = len(statuses)
        row["actions_done"] = sum(s == ActionUpdate.Status.DONE for s in statuses)
        items = {d.kind: d for d in due.get(person.pk, [])}
        row["next_conversation_due"] = items[CONVERSATION].due if CONVERSATION in items else None
        row["overdue"] = any(d.overdue(as_of) for d in items.values()) if person.pk in due else None
        row["direction_review_due"] = items[DIRECTION_REVIEW].due if DIRECTION_REVIEW in items else None
        row["first_plan_due"] = items[FIRST_PLAN].due if FIRST_PLAN in items else None
        row["mentor"] = "; ".join(mentors.get(person.pk, []))
        figures = person.pk in with_figures
        row["goals"] = [_goal_dict(view, person, figures) for view in person_goals]
        out.append(row)
    return out


def _awaiting(plan: DevelopmentPlan | None, draft: PlanVersion | None) -> str:
    if plan is None or draft is None or plan.status == DevelopmentPlan.Status.CLOSED:
        return ""
    return draft_awaiting(plan, draft) or "both"


def counts_export(*, as_of: dt.date, department: str | None = None) -> list[dict]:
    """Per department (COUNT_COLUMNS): people on the roster on `as_of`, their plans by state, the share with
    an active plan, the actions of the plans in force and how many are done, the goals judged (achieved,
    missed, unknown) and how many people have something overdue; the last row is the whole organisation
    (department ""), left out when one department is asked for. No person's plan appears."""
    dept = check_department(department)
    people = _on_roster(Employee.objects.all(), as_of)
    judged: dict = defaultdict(dict)
    for dept_id, status, n in (
        GoalJudgement.objects.filter(employee__in=people, judged_on__lte=as_of)
        .values_list("employee__team__department_id", "status")
        .annotate(n=Count("pk"))
    ):
        judged[dept_id][status] = n
    overdue: dict = defaultdict(int)
    for person, items in due_for_people(Employee.objects.select_related("team"), as_of):
        if any(d.overdue(as_of) for d in items):
            overdue[person.team.department_id if person.team else None] += 1
    rows = plan_counts(as_of)
    out = []
    for index, c in enumerate(rows):
        whole = index == len(rows) - 1
        if whole:
            goals = defaultdict(int)
            for by in judged.values():
                for status, n in by.items():
                    goals[status] += n
            people_overdue = sum(overdue.values())
        else:
            goals, people_overdue = judged.get(c.department_id, {}), overdue.get(c.department_id, 0)
        achieved, missed, unknown = (goals.get(s, 0) for s in ("achieved", "missed", "unknown"))
        judged_total = achieved + missed + unknown
        out.append(
            {
                "department": c.code,
                "department_name": c.name,
                "people": c.people,
                "plans_draft": c.by_state.get("draft", 0),
                "plans_active": c.by_state.get("active", 0),
                "plans_closed": c.by_state.get("closed", 0),
                "active_share": _share(c.active_share),
                "actions": c.actions,
                "actions_done": c.actions_done,
                "actions_done_share": _share(c.done_share),
                "goals_achieved": achieved,
                "goals_missed": missed,
                "goals_unknown": unknown,
                "goals_achieved_share": _share(achieved / judged_total) if judged_total else None,
                "people_overdue": people_overdue,
                "_whole": whole,
                "_department_id": c.department_id,
            }
        )
    if dept is not None:
        out = [r for r in out if r["_department_id"] == dept.pk and not r["_whole"]]
    for r in out:
        del r["_whole"], r["_department_id"]
    return out
