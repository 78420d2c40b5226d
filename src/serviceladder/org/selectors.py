"""Reads about people and structure, already scoped through accounts.scoping.

A person's level on a date is the latest LevelAssignment with effective_from on or before that date; it is
always computed here, never stored as a copy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    employees_visible_to,
    employees_with_performance_visible_to,
    has_role,
    user_employee,
)
from serviceladder.ladder.models import Level
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Department, Education, Employee, LevelAssignment, Team

PROFILE_MONTHS = 18


def today() -> dt.date:
    return timezone.localdate()


# --- levels ------------------------------------------------------------------------------------------


def employed_on(day: dt.date) -> Q:
    """Employees on the roster on `day`: hired by then and not yet left (the leave date is the first day
    away). A filter, to narrow any query of employees."""
    return Q(hire_date__lte=day) & (Q(leave_date__isnull=True) | Q(leave_date__gt=day))


def level_as_of(employee: Employee, date: dt.date) -> LevelAssignment | None:
    """The assignment in force on `date`: the latest one with effective_from ≤ date, or None."""
    return (
        LevelAssignment.objects.filter(employee=employee, effective_from__lte=date)
        .select_related("level__track")
        .order_by("-effective_from")
        .first()
    )


@dataclass(frozen=True)
class LevelPeriod:
    assignment: LevelAssignment
    effective_to: dt.date | None  # the day before the next assignment; None while current

    @property
    def level(self) -> Level:
        return self.assignment.level

    @property
    def effective_from(self) -> dt.date:
        return self.assignment.effective_from


def level_history(employee: Employee) -> list[LevelPeriod]:
    """Every level the person held, oldest first, each with the day it ended (None for the open one)."""
    assignments = list(
        LevelAssignment.objects.filter(employee=employee)
        .select_related("level__track")
        .order_by("effective_from")
    )
    periods = []
    for i, a in enumerate(assignments):
        nxt = assignments[i + 1].effective_from if i + 1 < len(assignments) else None
        periods.append(LevelPeriod(a, nxt - dt.timedelta(days=1) if nxt else None))
    return periods


def _current_level_subquery(date: dt.date) -> Subquery:
    return Subquery(
        LevelAssignment.objects.filter(employee=OuterRef("pk"), effective_from__lte=date)
        .order_by("-effective_from")
        .values("level_id")[:1]
    )


def _current_since_subquery(date: dt.date) -> Subquery:
    return Subquery(
        LevelAssignment.objects.filter(employee=OuterRef("pk"), effective_from__lte=date)
        .order_by("-effective_from")
        .values("effective_from")[:1]
    )


def with_current_level(qs: QuerySet[Employee], date: dt.date | None = None) -> QuerySet[Employee]:
    """Annotate current_level_id and level_since (as of `date`, default today) in one query."""
    date = date or today()
    return qs.annotate(
        current_level_id=_current_level_subquery(date), level_since=_current_since_subquery(date)
    )


def attach_levels(employees: list[Employee]) -> list[Employee]:
    """Set `current_level` on annotated employees with one extra query for all levels involved."""
    ids = {e.current_level_id for e in employees if getattr(e, "current_level_id", None)}
    levels = Level.objects.select_related("track").in_bulk(ids)
    for e in employees:
        e.current_level = levels.get(getattr(e, "current_level_id", None))
    return employees


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


# --- directory ---------------------------------------------------------------------------------------


@dataclass
class DirectoryFilters:
    q: str = ""
    department: str = ""
    team: str = ""
    level: str = ""


def directory_search(user, filters: DirectoryFilters) -> QuerySet[Employee]:
    """Employees the user may see, matching the search text (name or number) and the filters."""
    qs = (
        with_current_level(employees_visible_to(user))
        .select_related("team__department")
        .prefetch_related("headed_departments")
    )
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(number__icontains=filters.q))
    if filters.department:
        qs = qs.filter(team__department__code=filters.department)
    if filters.team:
        qs = qs.filter(team__code=filters.team)
    if filters.level:
        qs = qs.filter(current_level_id__in=Level.objects.filter(code=filters.level).values("pk"))
    return qs.order_by("number")


def directory_filter_options(user) -> dict[str, list]:
    """Departments, teams and levels that occur among the employees this user may see."""
    visible = employees_visible_to(user)
    team_ids = visible.exclude(team=None).values("team_id")
    teams = list(Team.objects.filter(pk__in=team_ids).select_related("department"))
    departments = list(Department.objects.filter(teams__in=teams).distinct())
    level_ids = LevelAssignment.objects.filter(employee__in=visible).values("level_id")
    levels = list(Level.objects.filter(pk__in=level_ids).select_related("track"))
    return {"departments": departments, "teams": teams, "levels": levels}


# --- metrics -----------------------------------------------------------------------------------------


def recent_metrics(employee: Employee, months: int = PROFILE_MONTHS) -> list[MonthlyMetric]:
    """The latest `months` monthly rows, oldest first (callers have checked can_see_performance)."""
    rows = list(MonthlyMetric.objects.filter(employee=employee).order_by("-month")[:months])
    rows.reverse()
    return rows


def latest_metrics(employee_ids) -> dict[int, MonthlyMetric]:
    """The latest monthly row for each employee id, in one query."""
    latest_month = Subquery(
        MonthlyMetric.objects.filter(employee=OuterRef("employee")).order_by("-month").values("month")[:1]
    )
    rows = MonthlyMetric.objects.filter(employee_id__in=employee_ids).filter(month=latest_month)
    return {row.employee_id: row for row in rows}


# --- home pages --------------------------------------------------------------------------------------


@dataclass
class AgentCard:
    employee: Employee
    level: Level | None
    level_since: dt.date | None
    months_in_level: int | None
    metrics: list[MonthlyMetric]

    @property
    def latest(self) -> MonthlyMetric | None:
        return self.metrics[-1] if self.metrics else None


def agent_card(user) -> AgentCard | None:
    """The user's own card; None when the user is not linked to an employee."""
    me = user_employee(user)
    if me is None or not employees_with_performance_visible_to(user).filter(pk=me.pk).exists():
        return None
    me = Employee.objects.select_related("team__department").get(pk=me.pk)
    current = level_as_of(me, today())
    return AgentCard(
        employee=me,
        level=current.level if current else None,
        level_since=current.effective_from if current else None,
        months_in_level=months_between(current.effective_from, today()) if current else None,
        metrics=recent_metrics(me, 6),
    )


@dataclass
class TeamTable:
    team: Team
    rows: list[tuple[Employee, MonthlyMetric | None]] = field(default_factory=list)


def led_teams(user) -> list[TeamTable]:
    """For a team lead: each team they lead, its members and their latest month's KPIs."""
    me = user_employee(user)
    if me is None or not has_role(user, Role.TEAM_LEAD):
        return []
    teams = list(Team.objects.filter(lead=me).select_related("department"))
    members = attach_levels(
        list(
            with_current_level(employees_with_performance_visible_to(user).filter(team__in=teams)).order_by(
                "number"
            )
        )
    )
    metrics = latest_metrics([m.pk for m in members])
    tables = {t.pk: TeamTable(t) for t in teams}
    for m in members:
        tables[m.team_id].rows.append((m, metrics.get(m.pk)))
    return list(tables.values())


@dataclass
class TeamSummary:
    team: Team
    headcount: int
    csat: float | None
    fcr: float | None
    aht: float | None


@dataclass
class DepartmentSummary:
    department: Department
    teams: list[TeamSummary]


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def headed_departments(user) -> list[DepartmentSummary]:
    """For a department head: per team, headcount and the mean of members' latest KPIs."""
    me = user_employee(user)
    if me is None or not has_role(user, Role.DEPARTMENT_HEAD):
        return []
    departments = list(Department.objects.filter(head=me))
    visible = employees_with_performance_visible_to(user).filter(team__department__in=departments)
    by_team: dict[int, list[int]] = defaultdict(list)
    for pk, team_id in visible.values_list("pk", "team_id"):
        by_team[team_id].append(pk)
    metrics = latest_metrics([pk for ids in by_team.values() for pk in ids])
    result = []
    for d in departments:
        summaries = []
        for t in Team.objects.filter(department=d):
            rows = [metrics[pk] for pk in by_team.get(t.pk, []) if pk in metrics]
            summaries.append(
                TeamSummary(
                    team=t,
                    headcount=len(by_team.get(t.pk, [])),
                    csat=_mean(r.csat_mean for r in rows),
                    fcr=_mean(r.fcr_rate for r in rows),
                    aht=_mean(r.aht_seconds for r in rows),
                )
            )
        result.append(DepartmentSummary(d, summaries))
    return result


@dataclass
class OrganisationSummary:
    levels: list[Level]
    rows: list[tuple[Department | None, list[int], int]]  # department, count per level, total
    totals: list[int]
    total: int

    @property
    def has_unlevelled(self) -> bool:
        return len(self.totals) > len(self.levels)


def organisation_summary(user) -> OrganisationSummary | None:
    """For HR and management: headcount per department and current level (people still employed)."""
    if not has_role(user, Role.HR, Role.MANAGEMENT):
        return None
    now = today()
    staff = (
        with_current_level(employees_with_performance_visible_to(user), now)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=now))
        .values("team__department_id", "current_level_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int | None, int | None], int] = {}
    for row in staff:
        key = (row["team__department_id"], row["current_level_id"])
        counts[key] = counts.get(key, 0) + row["n"]
    level_ids = {lvl for _d, lvl in counts if lvl is not None}
    levels = list(Level.objects.filter(pk__in=level_ids).select_related("track"))
    columns: list[int | None] = [lvl.pk for lvl in levels]
    if any(lvl is None for _d, lvl in counts):
        columns.append(None)
    departments: list[Department | None] = list(Department.objects.all())
    if any(d is None for d, _l in counts):
        departments.append(None)
    rows = []
    for d in departments:
        dept_id = d.pk if d is not None else None
        cells = [counts.get((dept_id, c), 0) for c in columns]
        if sum(cells):
            rows.append((d, cells, sum(cells)))
    totals = [sum(r[1][i] for r in rows) for i in range(len(columns))]
    return OrganisationSummary(levels=levels, rows=rows, totals=totals, total=sum(totals))


# --- profile -----------------------------------------------------------------------------------------


@dataclass
class Profile:
    """What one user may see of one employee; sections the user may not see are None."""

    employee: Employee
    current_level: Level | None = None  # everyone who may see the person
    level: LevelAssignment | None = None  # with its date: only with the level history
    months_in_level: int | None = None
    level_history: list[LevelPeriod] | None = None
    metrics: list[MonthlyMetric] | None = None
    exams: list | None = None
    violations: list | None = None
    trainings: list | None = None
    education: list | None = None
    pay: list | None = None

    @property
    def shows_performance(self) -> bool:
        return self.metrics is not None


def employee_profile(user, employee: Employee) -> Profile:
    """Collect the profile sections, each gated by accounts.scoping (caller passed access_employee)."""
    from serviceladder.accounts.scoping import (
        can_see_pay,
        can_see_performance,
        may_see_current_level,
        may_see_level_history,
    )

    profile = Profile(employee=employee)
    current = level_as_of(employee, today())
    if current is not None and may_see_current_level(user, employee):
        profile.current_level = current.level
    if may_see_level_history(user, employee):
        profile.level = current
        profile.months_in_level = months_between(current.effective_from, today()) if current else None
        profile.level_history = list(reversed(level_history(employee)))
    if can_see_performance(user, employee):
        profile.metrics = recent_metrics(employee)
        profile.exams = list(employee.exam_results.order_by("-date"))
        profile.violations = list(employee.violations.order_by("-date"))
        profile.trainings = list(
            employee.completions.select_related("course").order_by("-completed_on", "pk")
        )
        profile.education = list(employee.education.order_by("-completed_on"))
    if can_see_pay(user, employee):
        profile.pay = list(employee.pay_records.order_by("-effective_from"))
    return profile


def employee_record_values(employee: Employee) -> dict[str, str]:
    """The person's record as the roster's columns, as text: what HR's record form shows, and what
    org.services.employee_record_update takes back with one field changed."""
    level = (
        LevelAssignment.objects.filter(employee=employee)
        .select_related("level")
        .order_by("-effective_from")
        .first()
    )
    education = Education.objects.filter(employee=employee).order_by("-pk").first()

    def day(value) -> str:
        return value.isoformat() if value else ""

    return {
        "name": employee.name,
        "department": employee.team.department.code if employee.team_id else "",
        "team": employee.team.code if employee.team_id else "",
        "manager": employee.manager.number if employee.manager_id else "",
        "hire_date": day(employee.hire_date),
        "level": level.level.code if level else "",
        "level_since": day(level.effective_from) if level else "",
        "education": education.degree if education else "",
        "education_date": day(education.completed_on) if education else "",
        "leave_date": day(employee.leave_date),
        "prior_experience_months": str(employee.prior_experience_months),
        "channels": ", ".join(employee.channels or []),
        "languages": ", ".join(employee.languages or []),
        "email": employee.email,
    }
