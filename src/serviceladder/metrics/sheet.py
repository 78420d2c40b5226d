"""Check a monthly KPI sheet: one row per employee-month, values turned into MonthlyMetric units.

Units and the rules for reading each kind of cell (documented in README "Monthly KPI sheet"):

- month: 2024-05, 2024/05, 2024年5月, or a date cell (its month counts).
- rates (FCR, on-time response, resolution, complaint, abusive contacts, attendance, CSAT satisfied share,
  KPI completion):
  "95%" is always 95 %. Bare numbers are read column by column: when every bare number in the column is at
  most 1 (3 for KPI completion, which may beat its target) they are shares (0.95 = 95 %); when any is larger
  the whole column is in percent points (95 = 95 %, and 1 = 1 %). A header with a percent sign, such as
  "投诉率(%)", declares percent points. Stored as shares 0..1; above 100 % (300 % for KPI completion) is an
  error.
- durations (average handle time, after-call work): seconds (263), h:mm:ss or m:ss (0:04:23, 4:23), or a
  time cell.
- average response time: minutes under 平均响应时间 / "average response time (min)", seconds under
  "平均响应时间(秒)" / "average response time (s)"; h:mm:ss in either. Stored in seconds.
- CSAT: on the scale the import declares (--csat-scale 5: 1–5; 10: 0–10; 100: 0–100, where "95%" reads as
  95), rescaled linearly onto 1–5 (0 → 1, the top → 5). Outside the scale is an error.
- counts (contacts, rated contacts, knowledge-base contributions): whole numbers >= 0.
- QA, exam and performance scores 0–100; supervisor rating 1–5.

A sheet changes only the figures it has columns for (an empty cell clears that figure; a figure with no
column keeps its stored value and source). A new employee-month from a sheet without a contacts (or rated
contacts) column has no sample size: "not provided" (NULL). Where a sheet corrects one figure of a month
whose sample size came from the interaction records, the export names each value's source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.core.batching import filter_in
from serviceladder.metrics import sheet_units as u
from serviceladder.metrics.months import (  # noqa: F401 - the messages stay importable from here
    AFTER_LEAVE,
    BEFORE_HIRE,
    FUTURE_MONTH,
    MESSAGES,
    month_problem,
    month_problem_params,
)
from serviceladder.metrics.sheet_units import SECONDS_PER
from serviceladder.org.imports import values as v
from serviceladder.org.imports.columns import header_note, normalise_header
from serviceladder.org.imports.reader import INVALID, Sheet
from serviceladder.org.imports.records import employee_of_row
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.imports.values import CellError
from serviceladder.org.models import Employee

BAD_MONTH = _("Not a month. Use YYYY-MM, YYYY/MM, YYYY年M月 or a date cell.")
DUPLICATE_MONTH = _("Employee %(number)s has a second row for %(month)s (also row %(other)s).")
# xgettext:no-python-format
BAD_RATE = _("Not a percentage. Write 0.95, 95% or 95.")
RATE_TOO_HIGH = _("More than %(max)s%% is not possible for this figure.")
BAD_DURATION = _("Not a duration. Write seconds (263) or h:mm:ss (0:04:23).")
BAD_CSAT = _("Outside the declared CSAT scale (%(low)s–%(high)s).")
BAD_SCALE = _("The CSAT scale must be 5, 10 or 100.")
BAD_RANGE = _("Must be between %(low)s and %(high)s.")
BOTH_RESPONSE_UNITS = _("Give the average response time once, in minutes or in seconds, not both.")
NO_FIGURES = _("The sheet has no metric columns; add at least one figure besides 工号 and 月份.")

CSAT_SCALES: dict[int, tuple[int, int]] = {5: (1, 5), 10: (0, 10), 100: (0, 100)}

# sheet column -> (MonthlyMetric field, kind, maximum share for rates)
RATE_COLUMNS: dict[str, tuple[str, Decimal]] = {
    "csat_top2_share": ("csat_top2_share", Decimal(1)),
    "fcr": ("fcr_rate", Decimal(1)),
    "on_time": ("on_time_response_rate", Decimal(1)),
    "resolution": ("resolution_rate", Decimal(1)),
    "complaint": ("complaint_rate", Decimal(1)),
    "abusive": ("abusive_rate", Decimal(1)),
    "attendance": ("attendance_rate", Decimal(1)),
    "kpi": ("kpi_completion", Decimal(3)),
}
# Rates whose shares (0.008) and percent points (0.8) overlap in practice: bare numbers need a declared unit.
SMALL_RATES = ("complaint", "abusive")
COUNT_COLUMNS = {"contacts": "contacts", "csat_rated": "csat_rated", "kb": "kb_contributions"}
SCORE_COLUMNS = {
    "qa": ("qa_score", 0, 100),
    "exam": ("exam_score", 0, 100),
    "performance_score": ("imported_score", 0, 100),
    "supervisor": ("supervisor_rating", 1, 5),
}


@dataclass
class SheetRow:
    row: int
    employee: Employee
    month: str
    values: dict[str, Any] = field(default_factory=dict)


def month_of(raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return f"{raw.year:04d}-{raw.month:02d}"
    text = v.text(raw)
    text = re.sub(r"\s+0{1,2}:00(:00)?$", "", text)
    for pattern in (
        r"(\d{4})[-/.](\d{1,2})",
        r"(\d{4})\s*年\s*(\d{1,2})\s*月",
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})",
        r"(\d{4})(\d{2})",
    ):
        m = re.fullmatch(pattern, text)
        if m and 1 <= int(m[2]) <= 12:
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
    if not text:
        raise CellError(v.REQUIRED_VALUE)
    raise CellError(BAD_MONTH)


def _number(raw: Any, message) -> Decimal | None:
    try:
        return v.decimal(raw)
    except CellError:
        raise CellError(message) from None


def _rate_text(raw: Any) -> tuple[Decimal | None, bool]:
    """(number, written with a percent sign)."""
    if isinstance(raw, str) and raw.strip().endswith(("%", "％")):
        return _number(raw.strip()[:-1], BAD_RATE), True
    return _number(raw, BAD_RATE), False


def rate(raw: Any, *, points: bool, maximum: Decimal) -> float | None:
    number, percent_sign = _rate_text(raw)
    if number is None:
        return None
    share = number / 100 if (percent_sign or points) else number
    if share < 0:
        raise CellError(BAD_RATE)
    if share > maximum:
        raise CellError(RATE_TOO_HIGH, max=int(maximum * 100))
    return float(share)


def duration_seconds(raw: Any, unit: str = "seconds") -> float | None:
    """Seconds from 263 (in `unit`), "0:04:23", "4:23", a time cell or a timedelta."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.timedelta):
        return raw.total_seconds()
    if isinstance(raw, dt.time):
        return raw.hour * 3600 + raw.minute * 60 + raw.second + raw.microsecond / 1e6
    if isinstance(raw, dt.datetime):
        raise CellError(BAD_DURATION)
    text = v.text(raw)
    if not text:
        return None
    if ":" in text:
        parts = text.split(":")
        if len(parts) not in (2, 3) or not all(re.fullmatch(r"\d+(\.\d+)?", p) for p in parts):
            raise CellError(BAD_DURATION)
        numbers = [float(p) for p in parts]
        if any(n >= 60 for n in numbers[1:]):
            raise CellError(BAD_DURATION)
        seconds = 0.0
        for n in numbers:
            seconds = seconds * 60 + n
        return seconds
    number = _number(text, BAD_DURATION)
    if number is None or number < 0:
        raise CellError(BAD_DURATION)
    return float(number) * SECONDS_PER[unit]


def csat(raw: Any, *, scale: int) -> float | None:
    low, high = CSAT_SCALES[scale]
    if isinstance(raw, str) and raw.strip().endswith(("%", "％")):
        if scale != 100:
            raise CellError(BAD_CSAT, low=low, high=high)
        raw = raw.strip()[:-1]
    number = _number(raw, BAD_CSAT)
    if number is None:
        return None
    if not low <= number <= high:
        raise CellError(BAD_CSAT, low=low, high=high)
    if scale == 5:
        return float(number)
    return float(1 + (number - low) * 4 / Decimal(high - low))


def bounded(raw: Any, *, low: int, high: int) -> float | None:
    number = _number(raw, v.BAD_NUMBER)
    if number is None:
        return None
    if not low <= number <= high:
        raise CellError(BAD_RANGE, low=low, high=high)
    return float(number)


def sheet_fields(sheet: Sheet) -> list[str]:
    """The MonthlyMetric fields this sheet gives (sample sizes included when their figures are given)."""
    given: list[str] = []
    for key, (field_name, _max) in RATE_COLUMNS.items():
        if sheet.has(key):
            given.append(field_name)
    for key, field_name in COUNT_COLUMNS.items():
        if sheet.has(key):
            given.append(field_name)
    for key, (field_name, _lo, _hi) in SCORE_COLUMNS.items():
        if sheet.has(key):
            given.append(field_name)
    if sheet.has("csat"):
        given.append("csat_mean")
    if sheet.has("aht"):
        given.append("aht_seconds")
    if sheet.has("acw"):
        given.append("acw_seconds")
    if sheet.has("response_minutes") or sheet.has("response_seconds"):
        given.append("first_response_seconds_mean")
    return given


def check_sheet(
    sheet: Sheet, errors: ErrorCollector, *, csat_scale: int, units: dict[str, str] | None = None
) -> tuple[list[SheetRow], list[str]]:
    """Every row checked; problems go to `errors`. Returns the rows and the fields the sheet gives.
    `units`: declared units by column (sheet_units.parse_units)."""
    if sheet.has("response_minutes") and sheet.has("response_seconds"):
        errors.add(1, sheet.column("response_seconds"), "", BOTH_RESPONSE_UNITS)
    fields = sheet_fields(sheet)
    if not fields:
        errors.add(1, "", "", NO_FIGURES)
    errors.raise_if_any()
    column_units = units_of_columns(sheet, units or {}, errors)
    errors.raise_if_any()
    points = {key: column_units[key] == "percent" for key in RATE_COLUMNS if sheet.has(key)}
    numbers = {v.text(r["number"]) for r in sheet.records}
    employees = {e.number: e for e in filter_in(Employee.objects.all(), "number", numbers)}
    today = timezone.localdate()
    seen: dict[tuple[int, str], int] = {}
    rows: list[SheetRow] = []
    for rec in sheet.records:
        before = len(errors.errors)
        employee = employee_of_row(sheet, rec, errors, employees)
        month = sheet.parse(errors, rec, "month", month_of)
        values: dict[str, Any] = dict.fromkeys(fields)
        for key, (field_name, maximum) in RATE_COLUMNS.items():
            if sheet.has(key):
                values[field_name] = sheet.parse(errors, rec, key, rate, points=points[key], maximum=maximum)
        for key, field_name in COUNT_COLUMNS.items():
            if sheet.has(key):
                values[field_name] = sheet.parse(errors, rec, key, v.whole_number, low=0, high=10**9)
        for key, (field_name, low, high) in SCORE_COLUMNS.items():
            if sheet.has(key):
                values[field_name] = sheet.parse(errors, rec, key, bounded, low=low, high=high)
        if sheet.has("csat"):
            values["csat_mean"] = sheet.parse(errors, rec, "csat", csat, scale=csat_scale)
        if sheet.has("aht"):
            values["aht_seconds"] = sheet.parse(errors, rec, "aht", duration_seconds, column_units["aht"])
        if sheet.has("acw"):
            values["acw_seconds"] = sheet.parse(errors, rec, "acw", duration_seconds, column_units["acw"])
        for key in ("response_minutes", "response_seconds"):
            if sheet.has(key):
                values["first_response_seconds_mean"] = sheet.parse(
                    errors, rec, key, duration_seconds, column_units[key]
                )
        if month is not INVALID:
            _check_month(sheet, rec, errors, employee, month, today)
        if len(errors.errors) != before or employee is None:
            continue
        key = (employee.pk, month)
        if key in seen:
            errors.add(
                rec.number,
                sheet.column("month"),
                month,
                DUPLICATE_MONTH,
                number=employee.number,
                month=month,
                other=seen[key],
            )
            continue
        seen[key] = rec.number
        rows.append(SheetRow(rec.number, employee, month, values))
    check_durations_plausible(sheet, rows, column_units, errors)
    return rows, fields


DURATION_DEFAULTS = {
    "aht": "seconds",
    "acw": "seconds",
    "response_minutes": "minutes",
    "response_seconds": "seconds",
}
# What a monthly average handle or response time can be, in seconds: outside it, the unit is wrong.
PLAUSIBLE_SECONDS = (1.0, 24 * 3600.0)


def units_of_columns(sheet: Sheet, declared: dict[str, str], errors: ErrorCollector) -> dict[str, str]:
    """{column key: unit} for the rate and duration columns present (sheet_units' rules, in order); a
    declaration naming no column, a unit a column cannot have, or a rate column that needs a declared unit
    goes to `errors`."""
    keys = [k for k in (*RATE_COLUMNS, *DURATION_DEFAULTS) if sheet.has(k)]
    by_name = {}
    for key in keys:
        written = sheet.column(key)
        for name in (key, written, header_note(written)[0]):
            by_name[normalise_header(name)] = key
    chosen: dict[str, str] = {}
    for name, unit in declared.items():
        key = by_name.get(normalise_header(name)) or by_name.get(normalise_header(header_note(name)[0]))
        if key is None:
            present = ", ".join(sheet.column(k) for k in keys) or "-"
            errors.add(1, name, f"{name}={unit}", u.UNITS_UNKNOWN_COLUMN, column=name, present=present)
            continue
        allowed = u.RATE_UNITS if key in RATE_COLUMNS else u.DURATION_UNITS
        if unit not in allowed:
            errors.add(1, sheet.column(key), unit, u.UNKNOWN_UNIT, unit=unit, allowed=", ".join(allowed))
            continue
        chosen[key] = unit
    for key in keys:
        if key in chosen:
            continue
        note = header_note(sheet.column(key))[1]
        allowed = u.RATE_UNITS if key in RATE_COLUMNS else u.DURATION_UNITS
        if note in allowed:
            chosen[key] = note
        elif key in DURATION_DEFAULTS:
            chosen[key] = DURATION_DEFAULTS[key]
        else:
            cells = [(rec.number, rec[key]) for rec in sheet.records]
            verdict = u.rate_unit(
                u.bare_numbers(cells),
                maximum=RATE_COLUMNS[key][1],
                complaint=key in SMALL_RATES,
                small_message=u.BARE_ABUSIVE_RATE if key == "abusive" else u.BARE_COMPLAINT_RATE,
            )
            if verdict.unit is None:
                written = sheet.column(key)
                errors.add(1, written, "", verdict.message, values=verdict.values, header=written)
            else:
                chosen[key] = verdict.unit
    return chosen


def check_durations_plausible(sheet: Sheet, rows: list[SheetRow], units: dict[str, str], errors) -> None:
    """A duration column whose every value lies outside 1 s .. 24 h was read in the wrong unit (an Excel
    "General" cell holding a day fraction, 0.0026 = 3:45, read as seconds): reject it and say which unit
    would make it plausible."""
    for key, field_name in (
        ("aht", "aht_seconds"),
        ("acw", "acw_seconds"),
        ("response_minutes", "first_response_seconds_mean"),
        ("response_seconds", "first_response_seconds_mean"),
    ):
        if not sheet.has(key):
            continue
        seconds = [r.values[field_name] for r in rows if r.values.get(field_name)]
        low, high = PLAUSIBLE_SECONDS
        if not seconds or any(low <= x <= high for x in seconds):
            continue
        unit = units[key]
        raw = [x / SECONDS_PER[unit] for x in seconds]
        fits = [w for w in u.DURATION_UNITS if all(low <= x * SECONDS_PER[w] <= high for x in raw)]
        written = sheet.column(key)
        errors.add(
            1,
            written,
            ", ".join(f"{x:g}" for x in raw[:3]),
            u.IMPLAUSIBLE_DURATION,
            unit=unit,
            header=written,
            suggestion=", ".join(fits) or "-",
            example="days" if "days" in fits or not fits else fits[0],  # the spreadsheet day fraction
        )


def _check_month(sheet, rec, errors, employee, month: str, today: dt.date) -> None:
    """A month that has not begun, or outside the person's employment (metrics/months.py)."""
    hired = employee.hire_date if employee is not None else None
    left = employee.leave_date if employee is not None else None
    reason = month_problem(month, today=today, hired=hired, left=left)
    if reason is not None:
        number = employee.number if employee is not None else None
        params = month_problem_params(reason, today=today, number=number, hired=hired, left=left)
        errors.add(rec.number, sheet.column("month"), month, MESSAGES[reason], **params)
