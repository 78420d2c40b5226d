"""Months and anniversaries, the only date arithmetic the engine uses."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


def month_index(month: str) -> int:
    """'2026-05' → a running month number (year × 12 + month − 1)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def date_month_index(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def first_day(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=1 << 16)
def add_months(date: dt.date, months: int) -> dt.date:
    """The same day-of-month `months` later; the last day of a shorter month when that day is missing."""
    index = date.year * 12 + date.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=256)
def shortest_span_days(months: int) -> int:
    """The fewest days `months` months can last from any start day (add_months over a whole leap cycle):
    28 for one month, 365 for twelve."""
    start = dt.date(2023, 1, 1)
    return min(
        (add_months(day, months) - day).days for day in (start + dt.timedelta(days=n) for n in range(366 * 4))
    )


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (an anniversary day counts as complete)."""
    months = date_month_index(end) - date_month_index(start)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@lru_cache(maxsize=4096)
def window(as_of: dt.date, months: int) -> tuple[str, ...]:
    """The last `months` whole calendar months before the month of `as_of`, oldest first."""
    last = date_month_index(as_of) - 1
    return tuple(month_label(i) for i in range(last - months + 1, last + 1))
