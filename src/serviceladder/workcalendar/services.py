"""Writers for the holiday calendar: package seeding, importing HR's official schedule, one-day edits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.workcalendar.models import CalendarDay, CalendarYear
from serviceladder.workcalendar.seeding import seed_from_package
from serviceladder.workcalendar.workdays import is_known_calendar

CANNOT_EDIT_CALENDAR = _("Only HR or an administrator may change the holiday calendar.")
UNKNOWN_CALENDAR = _("Unknown holiday calendar %(code)s.")
IMPORT_INVALID = _("The calendar file has %(count)s problem(s); nothing was imported. First: %(first)s")
UNSUPPORTED_FILE = _("Unsupported file type %(suffix)s; use .csv or .xlsx.")
EMPTY_FILE = _("The file has no rows.")
BAD_DATE = _("not a date (expected YYYY-MM-DD)")
BAD_KIND = _("not a kind of day (expected off, work, 休 or 班)")
DUPLICATE_DATE = _("the date appears more than once")
MISSING_VALUE = _("empty")

KIND_WORDS = {
    "off": CalendarDay.Kind.OFF,
    "休": CalendarDay.Kind.OFF,
    "holiday": CalendarDay.Kind.OFF,
    "work": CalendarDay.Kind.WORK,
    "班": CalendarDay.Kind.WORK,
    "workday": CalendarDay.Kind.WORK,
}
HEADER_WORDS = {"date", "日期"}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    problem: str

    def render(self) -> str:
        return str(_("row %(row)s, column %(column)s, value %(value)r: %(problem)s")) % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "problem": self.problem,
        }


class CalendarImportInvalid(ValidationFailed):
    code = "calendar_import_invalid"
    message = IMPORT_INVALID

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(IMPORT_INVALID, count=len(problems), first=problems[0].render())


@dataclass(frozen=True)
class CalendarImportResult:
    calendar: str
    years: tuple[int, ...]
    days: int


def _require_editor(actor: Actor) -> None:
    if actor.user is not None and not has_role(actor.user, Role.HR, Role.ADMIN):
        raise PermissionDeniedError(CANNOT_EDIT_CALENDAR)


def _check_calendar(code: str) -> None:
    if not is_known_calendar(code):
        raise ValidationFailed(UNKNOWN_CALENDAR, code=code)


@transaction.atomic
def calendar_seed(*, actor: Actor, calendar: str, years: list[int] | None = None) -> list[int]:
    """Fill a calendar from the installed package (CN: chinese-calendar; others: holidays)."""
    _require_editor(actor)
    _check_calendar(calendar)
    written = seed_from_package(CalendarDay, CalendarYear, calendar=calendar, years=years)
    if written:
        audit_record(actor=actor, action="calendar.seed", after={"calendar": calendar, "years": written})
    return written


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = []
        for values in book.worksheets[0].iter_rows(values_only=True):
            rows.append(
                [
                    "" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v))
                    for v in values
                ]
            )
        book.close()
        return rows
    raise ValidationFailed(UNSUPPORTED_FILE, suffix=suffix or "-")


def parse_calendar_rows(rows: list[list[str]]) -> tuple[list[tuple[dt.date, str, str]], list[RowProblem]]:
    """Rows (date, kind, name) → entries, or every problem with its 1-based row number."""
    entries: list[tuple[dt.date, str, str]] = []
    problems: list[RowProblem] = []
    seen: set[dt.date] = set()
    for number, row in enumerate(rows, start=1):
        cells = [str(c).strip() for c in row] + ["", "", ""]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in HEADER_WORDS:
            continue
        raw_date, raw_kind, name = cells[0], cells[1], cells[2]
        try:
            day = dt.date.fromisoformat(raw_date.replace("/", "-")[:10])
        except ValueError:
            problems.append(
                RowProblem(number, "date", raw_date, str(BAD_DATE if raw_date else MISSING_VALUE))
            )
            day = None
        kind = KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            problems.append(RowProblem(number, "kind", raw_kind, str(BAD_KIND)))
        if day is not None and day in seen:
            problems.append(RowProblem(number, "date", raw_date, str(DUPLICATE_DATE)))
        if day is not None:
            seen.add(day)
        if day is not None and kind is not None:
            entries.append((day, kind, name[:100]))
    return entries, problems


@transaction.atomic
def calendar_import(
    *, actor: Actor, path: Path, calendar: str = "CN", reason: str = ""
) -> CalendarImportResult:
    """Import HR's official schedule: all rows or none. Every year in the file becomes official and its
    earlier exceptions are replaced by the file's."""
    _require_editor(actor)
    _check_calendar(calendar)
    entries, problems = parse_calendar_rows(_read_rows(Path(path)))
    if problems:
        raise CalendarImportInvalid(problems)
    if not entries:
        raise ValidationFailed(EMPTY_FILE)
    years = tuple(sorted({day.year for day, _k, _n in entries}))
    before = {str(y): CalendarDay.objects.filter(calendar=calendar, date__year=y).count() for y in years}
    CalendarDay.objects.filter(calendar=calendar, date__year__in=years).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(calendar=calendar, date=day, kind=kind, name=name, source=CalendarDay.Source.IMPORT)
            for day, kind, name in entries
        ]
    )
    for year in years:
        CalendarYear.objects.update_or_create(
            calendar=calendar,
            year=year,
            defaults={"status": CalendarYear.Status.OFFICIAL, "source": CalendarDay.Source.IMPORT},
        )
    audit_record(
        actor=actor,
        action="calendar.import",
        before={"days": before},
        after={"calendar": calendar, "years": list(years), "days": len(entries), "file": Path(path).name},
        reason=reason,
    )
    return CalendarImportResult(calendar, years, len(entries))


@transaction.atomic
def calendar_day_set(
    *, actor: Actor, calendar: str, date: dt.date, kind: str | None, name: str = "", reason: str = ""
) -> CalendarDay | None:
    """Set one day by hand (for the calendar page); kind None removes the exception."""
    _require_editor(actor)
    _check_calendar(calendar)
    existing = CalendarDay.objects.filter(calendar=calendar, date=date).first()
    before = {"kind": existing.kind, "name": existing.name} if existing else {}
    if kind is None:
        if existing is not None:
            existing.delete()
        result = None
    else:
        result, _created = CalendarDay.objects.update_or_create(
            calendar=calendar,
            date=date,
            defaults={"kind": CalendarDay.Kind(kind), "name": name, "source": CalendarDay.Source.MANUAL},
        )
    audit_record(
        actor=actor,
        action="calendar.day_set",
        before=before,
        after={"calendar": calendar, "date": date.isoformat(), "kind": kind or "", "name": name},
        reason=reason,
    )
    return result
