"""Fill the calendar tables from the installed packages. Takes the model classes as arguments so the data
migration (historical models) and the service (real models) share one implementation."""

from __future__ import annotations

from collections.abc import Iterable

from serviceladder.workcalendar.workdays import CN, chinese_calendar_years, package_exceptions


def seed_from_package(
    CalendarDay, CalendarYear, *, calendar: str, years: Iterable[int] | None = None
) -> list[int]:
    """Seed `calendar` for `years` (CN: every year chinese-calendar knows). Years already marked official by
    an import are left alone; years the package does not know are skipped, never an error. Returns the years
    written."""
    if years is None:
        years = chinese_calendar_years() if calendar == CN else ()
    written = []
    for year in years:
        existing = CalendarYear.objects.filter(calendar=calendar, year=year).first()
        if existing is not None and existing.source != "package":
            continue
        exceptions = package_exceptions(calendar, year)
        if exceptions is None:
            continue
        CalendarDay.objects.filter(calendar=calendar, date__year=year, source="package").delete()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(calendar=calendar, date=day, kind=kind, name=name[:100], source="package")
                for day, kind, name in exceptions
            ],
            ignore_conflicts=True,
        )
        CalendarYear.objects.update_or_create(
            calendar=calendar, year=year, defaults={"status": "official", "source": "package"}
        )
        written.append(year)
    return written
