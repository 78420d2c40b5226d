"""The development export as files (issue 14, "Also"): the records of development.selectors.export as CSV
(formula-safe), XLSX (a people sheet and a goals sheet; counts on one sheet) or JSON bytes. The CLI
(`serviceladder development export`) and the landing's download both write through here."""

from __future__ import annotations

import datetime as dt

from serviceladder.core import spreadsheet_safety
from serviceladder.core.export_rows import json_bytes, records_table
from serviceladder.development.selectors.export import COUNT_COLUMNS, GOAL_COLUMNS, PERSON_COLUMNS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def render_people(
    records: list[dict], fmt: str, as_of: dt.date, *, goal_rows: bool = False, bom: bool = False
) -> bytes:
    """The people records (development.selectors.export.people_export) as CSV, XLSX or JSON bytes; CSV with
    `goal_rows` has one row per goal, with `bom` a byte-order mark first (Excel reads Chinese then)."""
    goals = [g for r in records for g in r["goals"]]
    if fmt == "json":
        return json_bytes({"as_of": as_of, "people": records})
    if fmt == "xlsx":
        return spreadsheet_safety.xlsx_sheets_bytes(
            [
                ("people", PERSON_COLUMNS, records_table(PERSON_COLUMNS, records)),
                ("goals", GOAL_COLUMNS, records_table(GOAL_COLUMNS, goals)),
            ]
        )
    if goal_rows:
        return spreadsheet_safety.csv_bytes(GOAL_COLUMNS, records_table(GOAL_COLUMNS, goals), bom=bom)
    return spreadsheet_safety.csv_bytes(PERSON_COLUMNS, records_table(PERSON_COLUMNS, records), bom=bom)


def render_counts(records: list[dict], fmt: str, as_of: dt.date, *, bom: bool = False) -> bytes:
    """The per-department counts (development.selectors.export.counts_export) as CSV, XLSX or JSON bytes."""
    if fmt == "json":
        return json_bytes({"as_of": as_of, "departments": records})
    if fmt == "xlsx":
        return spreadsheet_safety.xlsx_bytes(
            COUNT_COLUMNS, records_table(COUNT_COLUMNS, records), title="counts"
        )
    return spreadsheet_safety.csv_bytes(COUNT_COLUMNS, records_table(COUNT_COLUMNS, records), bom=bom)
