"""Writers for the holiday calendar: package seeding, importing HR's official schedule, one-day edits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.org.imports import values
from serviceladder.org.imports.reader import INVALID, read_sheet
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.workcalendar.hooks import years_official
from serviceladder.workcalendar.models import CalendarDay, CalendarYear
from serviceladder.workcalendar.seeding import seed_from_package
from serviceladder.workcalendar.workdays import is_known_calendar

CANNOT_EDIT_CALENDAR = _("Only HR or an administrator may change the holiday calendar.")
UNKNOWN_CALENDAR = _("Unknown holiday calendar %(code)s.")
EMPTY_FILE = _("The file has no rows.")
DUPLICATE_DATE = _("This date appears more than once in the file (also row %(other)s).")

KIND_WORDS = {
    "off": CalendarDay.Kind.OFF,
    "休": CalendarDay.Kind.OFF,
    "holiday": CalendarDay.Kind.OFF,
    "work": CalendarDay.Kind.WORK,
    "班": CalendarDay.Kind.WORK,
    "workday": CalendarDay.Kind.WORK,
}
KINDS_ALLOWED = "off (休), work (班)"


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
        years_official(actor=actor, calendar=calendar, years=written)
    return written


def _calendar_entries(data: bytes, file_name: str) -> list[tuple[dt.date, str, str]]:
    """Rows (date, off|work, name) → entries; every bad row is reported through the shared import report."""
    sheet = read_sheet("calendar", data, file_name)
    errors = ErrorCollector(file_name)
    entries: list[tuple[dt.date, str, str]] = []
    first_row: dict[dt.date, int] = {}
    for record in sheet.records:
        day = sheet.parse(errors, record, "date", values.required_date)
        kind = sheet.parse(errors, record, "kind", values.choice, KIND_WORDS, KINDS_ALLOWED)
        name = sheet.parse(errors, record, "name", values.text, max_length=100)
        if day is INVALID:
            continue
        if day in first_row:
            errors.add(
                record.number, sheet.column("date"), day.isoformat(), DUPLICATE_DATE, other=first_row[day]
            )
            continue
        first_row[day] = record.number
        if kind is not INVALID and name is not INVALID:
            entries.append((day, kind, name))
    errors.raise_if_any()
    return entries


@transaction.atomic
def calendar_import(
    *, actor: Actor, data: bytes, file_name: str, calendar: str = "CN", reason: str = ""
) -> CalendarImportResult:
    """Import HR's official schedule (CSV or XLSX): all rows or none (ImportRejected lists every problem).
    Every year in the file becomes official and its earlier exceptions are replaced by the file's."""
    _require_editor(actor)
    _check_calendar(calendar)
    entries = _calendar_entries(data, file_name)
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
        after={"calendar": calendar, "years": list(years), "days": len(entries), "file": file_name},
        reason=reason,
    )
    years_official(actor=actor, calendar=calendar, years=years)
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
