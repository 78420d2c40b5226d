"""Check a roster sheet against the organisation and turn it into resolved rows. Reads only; never writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.ladder.models import Level
from serviceladder.org.imports import values as v
from serviceladder.org.imports.reader import INVALID, Sheet
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.models import Department, Education, Employee, LevelAssignment, Team

UNKNOWN_DEPARTMENT = _("No such department. Known departments: %(allowed)s.")
UNKNOWN_TEAM = _("No such team in department %(department)s. Its teams: %(allowed)s.")
TEAM_IN_OTHER_DEPARTMENT = _("Team %(team)s belongs to department %(actual)s, not %(department)s.")
UNKNOWN_LEVEL = _("No such level. Use a level code or name: %(allowed)s.")
UNKNOWN_MANAGER = _("No employee with this number, neither in the organisation nor in this file.")
MANAGER_CYCLE = _("Managers form a cycle: %(chain)s.")
DUPLICATE_NUMBER = _("This employee number appears more than once in the file (also row %(other)s).")
FUTURE_HIRE_DATE = _("The hire date is in the future; it must be today (%(today)s) or earlier.")
LEAVE_BEFORE_HIRE = _("The leave date is before the hire date (%(hire_date)s).")
LEVEL_SINCE_FUTURE = _("The level date is in the future; it must be today (%(today)s) or earlier.")
LEVEL_SINCE_BEFORE_HIRE = _("The level date is before the hire date (%(hire_date)s).")
LEVEL_SINCE_REQUIRED = _("A level needs its start date in the level-since column.")
LEVEL_SINCE_WITHOUT_LEVEL = _("A level date needs a level in the level column.")
LEVEL_BEFORE_CURRENT = _(
    "The new level would start before the current level (%(level)s since %(since)s); "
    "give a date on or after %(since)s."
)

EDUCATION_SYNONYMS = {
    **{d.value: d.value for d in Education.Degree},
    "secondary school": "secondary",
    "vocational college": "vocational",
    "associate degree": "associate",
    "bachelor's degree": "bachelor",
    "master's degree": "master",
    "高中": "secondary",
    "中专": "secondary",
    "中技": "secondary",
    "职高": "secondary",
    "high school": "secondary",
    "高职": "vocational",
    "大专": "associate",
    "专科": "associate",
    "本科": "bachelor",
    "学士": "bachelor",
    "bachelor": "bachelor",
    "硕士": "master",
    "研究生": "master",
    "master": "master",
    "博士": "doctorate",
    "phd": "doctorate",
}
EDUCATION_ALLOWED = (
    "secondary (高中/中专), vocational (高职), associate (大专), bachelor (本科), "
    "master (硕士), doctorate (博士)"
)


@dataclass
class RosterRow:
    row: int
    number: str
    name: str
    team: Team
    hire_date: dt.date
    manager_number: str | None = None
    leave_date: dt.date | None = None
    level: Level | None = None
    level_since: dt.date | None = None
    education: str | None = None
    education_date: dt.date | None = None
    prior_experience_months: int = 0
    channels: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    email: str = ""


def _allowed(names: list[str], limit: int = 15) -> str:
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "-"


def _find(objects: list[Any], written: str) -> Any:
    """Match by code, Chinese name or English name, ignoring case."""
    key = written.casefold()
    for obj in objects:
        if key in {obj.code.casefold(), obj.name_zh.casefold(), (obj.name_en or "").casefold()}:
            return obj
    return None


def check_roster(sheet: Sheet, errors: ErrorCollector) -> list[RosterRow]:
    today = timezone.localdate()
    departments = list(Department.objects.all())
    teams = list(Team.objects.select_related("department"))
    levels = list(Level.objects.all())
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    links: list[RosterRow] = []
    for rec in sheet.records:
        before = len(errors.errors)
        p = partial(sheet.parse, errors, rec)
        number = p("number", v.required_text, max_length=32)
        name = p("name", v.required_text, max_length=100)
        hire_date = p("hire_date", v.required_date)
        if number is not INVALID:
            if number in seen:
                errors.add(rec.number, sheet.column("number"), number, DUPLICATE_NUMBER, other=seen[number])
            else:
                seen[number] = rec.number
        team = _check_team(sheet, rec, errors, departments, teams)
        if hire_date is not INVALID and hire_date > today:
            errors.add(rec.number, sheet.column("hire_date"), hire_date, FUTURE_HIRE_DATE, today=today)
        row = RosterRow(rec.number, number, name, team, hire_date)
        if sheet.has("manager"):
            row.manager_number = p("manager", v.text, max_length=32) or None
        if sheet.has("leave_date"):
            row.leave_date = p("leave_date", v.date)
            if (
                row.leave_date not in (None, INVALID)
                and hire_date is not INVALID
                and row.leave_date < hire_date
            ):
                errors.add(
                    rec.number,
                    sheet.column("leave_date"),
                    row.leave_date,
                    LEAVE_BEFORE_HIRE,
                    hire_date=hire_date,
                )
        _check_level(sheet, rec, errors, row, levels, today)
        if sheet.has("education"):
            written = v.text(rec["education"])
            row.education = (
                p("education", v.choice, EDUCATION_SYNONYMS, EDUCATION_ALLOWED) if written else None
            )
        if sheet.has("education_date"):
            row.education_date = p("education_date", v.date)
        if sheet.has("prior_experience_months"):
            row.prior_experience_months = p("prior_experience_months", v.whole_number, low=0, high=600) or 0
        if sheet.has("channels"):
            row.channels = p("channels", v.channels)
        if sheet.has("languages"):
            row.languages = p("languages", v.languages)
        if sheet.has("email"):
            row.email = p("email", v.email)
        if number is not INVALID and seen[number] == rec.number and row.manager_number is not INVALID:
            links.append(row)  # managers are checked for every row, even one with other problems
        if len(errors.errors) == before:
            rows.append(row)
    if sheet.has("manager"):
        _check_managers(sheet, errors, links, set(seen))
    return rows


def _check_team(sheet, rec, errors, departments, teams) -> Team | None:
    dept_written = sheet.parse(errors, rec, "department", v.required_text)
    team_written = sheet.parse(errors, rec, "team", v.required_text)
    if dept_written is INVALID:
        return None
    department = _find(departments, dept_written)
    if department is None:
        allowed = _allowed([f"{d.code} ({d.name_zh})" for d in departments])
        errors.add(rec.number, sheet.column("department"), dept_written, UNKNOWN_DEPARTMENT, allowed=allowed)
        return None
    if team_written is INVALID:
        return None
    own = [t for t in teams if t.department_id == department.pk]
    team = _find(own, team_written)
    if team is None:
        elsewhere = _find(teams, team_written)
        if elsewhere is not None:
            errors.add(
                rec.number,
                sheet.column("team"),
                team_written,
                TEAM_IN_OTHER_DEPARTMENT,
                team=team_written,
                actual=elsewhere.department.code,
                department=department.code,
            )
        else:
            allowed = _allowed([f"{t.code} ({t.name_zh})" for t in own])
            errors.add(
                rec.number,
                sheet.column("team"),
                team_written,
                UNKNOWN_TEAM,
                department=department.code,
                allowed=allowed,
            )
    return team


def _check_level(sheet, rec, errors, row: RosterRow, levels, today) -> None:
    if not sheet.has("level") and not sheet.has("level_since"):
        return
    written = v.text(rec["level"])
    since = sheet.parse(errors, rec, "level_since", v.date) if sheet.has("level_since") else None
    if written:
        row.level = _find(levels, written)
        if row.level is None:
            allowed = _allowed([f"{lv.code} ({lv.name_zh})" for lv in levels])
            errors.add(rec.number, sheet.column("level"), written, UNKNOWN_LEVEL, allowed=allowed)
    if since is INVALID:
        return
    if written and since is None:
        column = sheet.column("level_since") if sheet.has("level_since") else sheet.column("level")
        errors.add(rec.number, column, "", LEVEL_SINCE_REQUIRED)
    elif since is not None and not written:
        errors.add(rec.number, sheet.column("level"), "", LEVEL_SINCE_WITHOUT_LEVEL)
    elif since is not None:
        row.level_since = since
        column = sheet.column("level_since")
        if since > today:
            errors.add(rec.number, column, since, LEVEL_SINCE_FUTURE, today=today)
        elif row.hire_date is not INVALID and since < row.hire_date:
            errors.add(rec.number, column, since, LEVEL_SINCE_BEFORE_HIRE, hire_date=row.hire_date)
        elif row.level is not None and row.number is not INVALID:
            latest = (
                LevelAssignment.objects.filter(employee__number=row.number)
                .select_related("level")
                .order_by("-effective_from")
                .first()
            )
            if latest and latest.level_id != row.level.pk and since < latest.effective_from:
                errors.add(
                    rec.number,
                    column,
                    since,
                    LEVEL_BEFORE_CURRENT,
                    level=latest.level.code,
                    since=latest.effective_from,
                )


def _check_managers(sheet: Sheet, errors: ErrorCollector, rows: list[RosterRow], numbers: set[str]) -> None:
    """Managers must exist (in the organisation or this file) and must not form a cycle."""
    graph: dict[str, str | None] = dict(Employee.objects.values_list("number", "manager__number"))
    for number in numbers:  # rows with other problems still count as known people
        graph.setdefault(number, None)
    for r in rows:
        graph[r.number] = r.manager_number
    column = sheet.column("manager")
    reported: set[str] = set()
    for r in rows:
        if r.manager_number is None:
            continue
        if r.manager_number not in graph:
            errors.add(r.row, column, r.manager_number, UNKNOWN_MANAGER)
            continue
        chain = [r.number]
        node = r.manager_number
        while node is not None and node not in chain:
            chain.append(node)
            node = graph.get(node)
        if node is None or node != r.number or r.number in reported:
            continue  # no cycle, or a cycle above this person that its own members report
        # Rows are visited in order, so the cycle is reported once, on its first row in the file.
        reported.update(chain)
        errors.add(r.row, column, r.manager_number, MANAGER_CYCLE, chain=" → ".join([*chain, r.number]))
