"""The learning export (issue 17, "Also"): enrolments, completions or the reports of
learning.selectors.reports as CSV (formula-safe), XLSX or JSON bytes, for `serviceladder learning export`.
Column names are stable English codes and values are codes (states, sources); names follow the language."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from serviceladder.core import spreadsheet_safety
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.core.export_rows import json_bytes, records_table
from serviceladder.learning.selectors import reports

WHATS = ("enrolments", "completions", "report")
# What one CSV of `--what report` holds (XLSX has them all, one sheet each; JSON all of them).
REPORT_TABLES = ("course", "team", "department", "tenure", "new-hires", "new-hires-summary")
ENROLMENT_COLUMNS = [
    "id",
    "employee_number",
    "employee_name",
    "course_code",
    "course_name",
    "state",
    "source",
    "assigned_on",
    "due_on",
    "overdue",
    "completed_on",
]
COMPLETION_COLUMNS = [
    "id",
    "employee_number",
    "employee_name",
    "course_code",
    "name",
    "kind",
    "completed_on",
    "expires_on",
    "valid",
    "score",
    "source",
]
RATE_COLUMNS = ["key", "name", "people", "enrolled", "completed", "overdue", "completion_rate"]
NEW_HIRE_COLUMNS = [
    "employee_number",
    "employee_name",
    "hire_date",
    "items",
    "day_30",
    "day_60",
    "day_90",
    "left_on",
    "left_early",
    "share_at_leaving",
]
SUMMARY_COLUMNS = ["group", "people", "day_30", "day_60", "day_90"]

BAD_AS_OF = _("--as-of must be a date written YYYY-MM-DD; found %(found)s.")
XLSX_TO_TERMINAL = _("XLSX is binary: pass --output FILE (or redirect the output to a file).")
BY_ONLY_FOR_REPORT = _("--by chooses a table of the report; pass --what report.")
REPORT_NOT_ALLOWED = _(
    "Learning reports are for team leads, department heads, HR and management; %(user)s may not read them."
)


class LearningExportInvalid(ValidationFailed):
    code = "learning_export_invalid"


class LearningReportNotAllowed(PermissionDeniedError):
    code = "learning_report_not_allowed"


def new_hire_record(p: reports.NewHire) -> dict:
    return {
        "employee_number": p.employee.number,
        "employee_name": p.employee.name,
        "hire_date": p.employee.hire_date,
        "items": p.items,
        "day_30": p.shares[30],
        "day_60": p.shares[60],
        "day_90": p.shares[90],
        "left_on": p.left_on,
        "left_early": p.left_early,
        "share_at_leaving": p.share_at_leaving,
    }


def report_records(user, *, as_of: dt.date, months: int = 12) -> dict:
    """Every table of the learning report for `user`, as plain records (the JSON export and the API)."""
    if not reports.can_see_learning_reports(user):
        raise LearningReportNotAllowed(REPORT_NOT_ALLOWED, user=user.get_username())
    hires = reports.new_hires(user, as_of=as_of, months=months)
    total = reports.totals(user, as_of=as_of).as_dict()
    return {
        "as_of": as_of,
        "totals": {k: total[k] for k in ("enrolled", "completed", "overdue", "completion_rate")}
        | {"people_overdue": total["people"]},
        "course": [r.as_dict() for r in reports.by_course(user, as_of=as_of)],
        "team": [r.as_dict() for r in reports.by_team(user, as_of=as_of)],
        "department": [r.as_dict() for r in reports.by_department(user, as_of=as_of)],
        "tenure": [r.as_dict() for r in reports.by_tenure(user, as_of=as_of)],
        "new_hires": {
            "months": months,
            "summary": hires.summary(),
            "people": [new_hire_record(p) for p in hires.listed],
        },
    }


def _report_tables(data: dict) -> dict[str, tuple[list[str], list[dict]]]:
    return {
        "course": (RATE_COLUMNS, data["course"]),
        "team": (RATE_COLUMNS, data["team"]),
        "department": (RATE_COLUMNS, data["department"]),
        "tenure": (RATE_COLUMNS, data["tenure"]),
        "new-hires": (NEW_HIRE_COLUMNS, data["new_hires"]["people"]),
        "new-hires-summary": (SUMMARY_COLUMNS, data["new_hires"]["summary"]),
    }


def render(
    user, *, what: str, fmt: str, as_of: dt.date, by: str | None = None, months: int = 12, bom: bool = False
) -> bytes:
    """The export's bytes: `what` of WHATS in `fmt` (csv, xlsx, json), scoped to `user`."""
    if by is not None and what != "report":
        raise LearningExportInvalid(BY_ONLY_FOR_REPORT)
    if what == "enrolments":
        records = reports.enrolment_rows(user, as_of=as_of)
        columns, key = ENROLMENT_COLUMNS, "enrolments"
    elif what == "completions":
        records = reports.completion_rows(user, as_of=as_of)
        columns, key = COMPLETION_COLUMNS, "completions"
    else:
        data = report_records(user, as_of=as_of, months=months)
        if fmt == "json":
            return json_bytes(data)
        tables = _report_tables(data)
        if fmt == "xlsx":
            return spreadsheet_safety.xlsx_sheets_bytes(
                [(name, cols, records_table(cols, rows)) for name, (cols, rows) in tables.items()]
            )
        columns, rows = tables[by or "course"]
        return spreadsheet_safety.csv_bytes(columns, records_table(columns, rows), bom=bom)
    if fmt == "json":
        return json_bytes({"as_of": as_of, key: records})
    if fmt == "xlsx":
        return spreadsheet_safety.xlsx_bytes(columns, records_table(columns, records), title=key)
    return spreadsheet_safety.csv_bytes(columns, records_table(columns, records), bom=bom)
