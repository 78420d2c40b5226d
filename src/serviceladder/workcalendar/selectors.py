"""Read the holiday calendar. Calendars are not personal data: anyone signed in may read them."""

from __future__ import annotations

import datetime as dt

from serviceladder.workcalendar.models import CalendarDay, CalendarYear
from serviceladder.workcalendar.workdays import OFF, WORK, WorkCalendar, WorkingDaysResult, add_working_days


def work_calendar(code: str) -> WorkCalendar:
    """The whole calendar as a pure value for workdays.add_working_days (a few dozen rows per year)."""
    off, work = set(), set()
    for day, kind in CalendarDay.objects.filter(calendar=code).values_list("date", "kind"):
        (off if kind == OFF else work).add(day)
    official = CalendarYear.objects.filter(calendar=code, status=CalendarYear.Status.OFFICIAL).values_list(
        "year", flat=True
    )
    return WorkCalendar(
        code=code, off=frozenset(off), work=frozenset(work), official_years=frozenset(official)
    )


def calendar_add_working_days(
    *, code: str, start: dt.date, n: int, count_start_day: bool
) -> WorkingDaysResult:
    return add_working_days(start, n, count_start_day=count_start_day, calendar=work_calendar(code))


def calendar_year_get(*, code: str, year: int) -> tuple[bool, list[CalendarDay]]:
    """(is provisional, the year's exceptions in date order)."""
    official = CalendarYear.objects.filter(
        calendar=code, year=year, status=CalendarYear.Status.OFFICIAL
    ).exists()
    days = list(CalendarDay.objects.filter(calendar=code, date__year=year).order_by("date"))
    return not official, days


__all__ = ["OFF", "WORK", "calendar_add_working_days", "calendar_year_get", "work_calendar"]
