"""Working-day arithmetic over a holiday calendar. Pure Python: no Django import, so the engine can use it.

A calendar is weekends plus exceptions: days off on weekdays (holidays) and working days on weekends
(China's adjusted working days, 调休). A year is "official" when its exceptions are known; for any other
year only weekends are used and every answer that touched such a year says so (`provisional`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

OFF, WORK = "off", "work"
CN = "CN"


@dataclass(frozen=True)
class WorkCalendar:
    code: str = CN
    off: frozenset[dt.date] = field(default_factory=frozenset)
    work: frozenset[dt.date] = field(default_factory=frozenset)
    official_years: frozenset[int] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.work:
            return True
        if day in self.off:
            return False
        return day.weekday() < 5

    def is_provisional(self, day: dt.date) -> bool:
        return day.year not in self.official_years


@dataclass(frozen=True)
class WorkingDaysResult:
    date: dt.date
    provisional: bool  # some day counted lies in a year without official data (weekends only)
    provisional_years: tuple[int, ...] = ()


def add_working_days(
    start: dt.date,
    n: int,
    *,
    count_start_day: bool,
    calendar: WorkCalendar | None = None,
    days_off: Iterable[dt.date] = (),
    days_work: Iterable[dt.date] = (),
    official_years: Iterable[int] | None = None,
) -> WorkingDaysResult:
    """The date on which a period of `n` working days starting at `start` ends.

    With `count_start_day` the start itself is day 1 when it is a working day (a notice published on a
    working day counts that day); otherwise counting begins the next day. `n == 0` returns the start.
    Extra `days_off` / `days_work` override the calendar (e.g. a company's own closure day).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    base = calendar or WorkCalendar()
    years = base.official_years if official_years is None else frozenset(official_years)
    cal = WorkCalendar(
        code=base.code,
        off=(base.off - frozenset(days_work)) | frozenset(days_off),
        work=(base.work - frozenset(days_off)) | frozenset(days_work),
        official_years=years,
    )
    touched: set[int] = set()
    day = start
    if n == 0:
        return WorkingDaysResult(start, cal.is_provisional(start), _years(cal, {start.year}))
    counted = 0
    if not count_start_day:
        day += dt.timedelta(days=1)
    while True:
        touched.add(day.year)
        if cal.is_working_day(day):
            counted += 1
            if counted == n:
                break
        day += dt.timedelta(days=1)
    provisional_years = _years(cal, touched)
    return WorkingDaysResult(day, bool(provisional_years), provisional_years)


def _years(cal: WorkCalendar, years: set[int]) -> tuple[int, ...]:
    return tuple(sorted(y for y in years if y not in cal.official_years))


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar) -> int:
    """Working days in [start, end], both inclusive."""
    count, day = 0, start
    while day <= end:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


# ---------------------------------------------------------------- package data


@lru_cache(maxsize=1)
def _holiday_countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


def is_known_calendar(code: str) -> bool:
    """CN (chinese-calendar, then HR imports) or any country the `holidays` package supports."""
    return code == CN or code in _holiday_countries()


@lru_cache(maxsize=1)
def chinese_calendar_years() -> tuple[int, ...]:
    """The years the installed `chinese-calendar` knows (it raises NotImplementedError beyond them)."""
    import chinese_calendar

    years = []
    for year in range(2004, dt.date.today().year + 3):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        years.append(year)
    return tuple(years)


def package_exceptions(code: str, year: int) -> list[tuple[dt.date, str, str]] | None:
    """(date, off|work, name) exceptions to the weekend rule from the installed packages, or None if unknown.

    Only real exceptions are returned: holidays on weekdays, working days on weekends. Never raises for a
    year the package does not cover.
    """
    out: list[tuple[dt.date, str, str]] = []
    if code == CN:
        from chinese_calendar import constants

        if year not in chinese_calendar_years():
            return None
        for day, name in sorted(constants.holidays.items()):
            if day.year == year and day.weekday() < 5:
                out.append((day, OFF, _holiday_name(name)))
        for day, name in sorted(constants.workdays.items()):
            if day.year == year and day.weekday() >= 5:
                out.append((day, WORK, _holiday_name(name)))
        return sorted(out)
    if code not in _holiday_countries():
        return None
    import holidays

    try:
        table = holidays.country_holidays(code, years=year)
    except (NotImplementedError, KeyError):
        return None
    return sorted((day, OFF, str(name)) for day, name in table.items() if day.weekday() < 5)


def _holiday_name(value) -> str:
    return getattr(value, "value", None) or getattr(value, "name", None) or str(value or "")
