"""Eligibility as a table of rows: one row per person and open transition, the same columns for the CLI
(`serviceladder eligibility --format table|csv|xlsx`) and the web export (/eligibility/export.csv|.xlsx).

Headers go through gettext and explanations are rendered in `language`, so call this inside the language
the output is meant for (translation.override).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from serviceladder.core import spreadsheet_safety
from serviceladder.eligibility.engine import Decision
from serviceladder.org.models import Employee
from serviceladder.rules.explain import render_check, render_decision


def export_header() -> list[str]:
    return [
        _("Employee"),
        _("Name"),
        _("Department"),
        _("Team"),
        _("From"),
        _("To"),
        _("Status"),
        _("Earliest"),
        _("Unmet conditions"),
    ]


def export_rows(
    decisions: Iterable[Decision],
    people: Mapping[str, Employee],
    language: str,
    under_way: Mapping[tuple[str, str], object] | None = None,
) -> tuple[list[str], list[list]]:
    """(header, rows): every unmet condition of a decision in one cell, separated by " | ". A step already
    taken (`under_way`: (number, to_level) -> eligibility.pending.PendingMove) reads as what is under way,
    never as eligible, as on the pages."""
    rows = []
    under_way = under_way or {}
    for d in decisions:
        e = people.get(d.employee)
        unmet = [render_check(c, language) for c in d.checks if c.status != "pass"]
        move = under_way.get((d.employee, d.to_level))
        if move is not None:
            rows.append(_row(d, e, str(move.label), "", []))
            continue
        rows.append(
            _row(d, e, render_decision(d, language), d.earliest.isoformat() if d.earliest else "", unmet)
        )
    return export_header(), rows


def _row(d: Decision, e: Employee | None, status: str, earliest: str, unmet: list[str]) -> list:
    return [
        d.employee,
        e.name if e else "",
        e.team.department.code if e and e.team_id else "",
        e.team.code if e and e.team_id else "",
        d.from_level,
        d.to_level,
        status,
        earliest,
        " | ".join(unmet),
    ]


def csv_text(header: list[str], rows: list[list]) -> str:
    return spreadsheet_safety.csv_text(header, rows)


def write_xlsx(header: list[str], rows: list[list], target) -> None:
    """Write one sheet to `target` (a path or a binary file object)."""
    spreadsheet_safety.write_xlsx(header, rows, target, title=_("Eligibility"))
