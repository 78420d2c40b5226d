"""Check a teams sheet: one row per team, with its department. Reads only.

Order of a first set-up: import teams (without leads), then the roster, then teams again with the team
lead and department head columns filled in (they name employees, who must exist by then).
Blank English names, team lead or department head cells leave the stored value as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.utils.translation import gettext_lazy as _

from serviceladder.core.batching import filter_in
from serviceladder.org.imports import values as v
from serviceladder.org.imports.reader import INVALID, Sheet
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.models import Employee

UNKNOWN_PERSON = _("No employee with this number. Import the roster first, then the teams again with leads.")
DUPLICATE_TEAM = _("Team code %(code)s appears more than once in the file (also row %(other)s).")
DEPARTMENT_CONFLICT = _("Department %(code)s has a different %(what)s on row %(other)s (%(theirs)s).")


@dataclass
class TeamRow:
    row: int
    department_code: str
    department_name_zh: str
    department_name_en: str
    team_code: str
    team_name_zh: str
    team_name_en: str
    lead: Employee | None
    head: Employee | None


def check_teams(sheet: Sheet, errors: ErrorCollector) -> list[TeamRow]:
    people_numbers = {v.text(r[k]) for r in sheet.records for k in ("team_lead", "department_head")}
    people = {e.number: e for e in filter_in(Employee.objects.all(), "number", people_numbers - {""})}
    rows: list[TeamRow] = []
    seen_teams: dict[str, int] = {}
    departments: dict[str, TeamRow] = {}
    for rec in sheet.records:
        before = len(errors.errors)
        p = partial(sheet.parse, errors, rec)
        row = TeamRow(
            row=rec.number,
            department_code=p("department_code", v.code),
            department_name_zh=p("department_name_zh", v.required_text, max_length=100),
            department_name_en=p("department_name_en", v.text, max_length=100),
            team_code=p("team_code", v.code),
            team_name_zh=p("team_name_zh", v.required_text, max_length=100),
            team_name_en=p("team_name_en", v.text, max_length=100),
            lead=_person(sheet, rec, errors, "team_lead", people),
            head=_person(sheet, rec, errors, "department_head", people),
        )
        if row.team_code is not INVALID:
            if row.team_code in seen_teams:
                errors.add(
                    rec.number,
                    sheet.column("team_code"),
                    row.team_code,
                    DUPLICATE_TEAM,
                    code=row.team_code,
                    other=seen_teams[row.team_code],
                )
            seen_teams.setdefault(row.team_code, rec.number)
        if row.department_code is not INVALID:
            _same_department(sheet, errors, row, departments.setdefault(row.department_code, row))
        if len(errors.errors) == before:
            rows.append(row)
    return rows


def _person(sheet, rec, errors, key, people) -> Employee | None:
    number = sheet.parse(errors, rec, key, v.text)
    if not number or number is INVALID:
        return None
    if number not in people:
        errors.add(rec.number, sheet.column(key), number, UNKNOWN_PERSON)
    return people.get(number)


def _same_department(sheet: Sheet, errors: ErrorCollector, row: TeamRow, first: TeamRow) -> None:
    """Rows of one department must agree on its names and head (blank = not given)."""
    checks = [
        ("department_name_zh", row.department_name_zh, first.department_name_zh),
        ("department_name_en", row.department_name_en, first.department_name_en),
        ("department_head", row.head, first.head),
    ]
    for key, mine, theirs in checks:
        if mine and theirs and INVALID not in (mine, theirs) and mine != theirs:
            errors.add(
                row.row,
                sheet.column(key),
                getattr(mine, "number", mine),
                DEPARTMENT_CONFLICT,
                code=row.department_code,
                what=sheet.column(key),
                other=first.row,
                theirs=getattr(theirs, "number", theirs),
            )
