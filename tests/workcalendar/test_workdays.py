"""Working-day arithmetic: known answers, provisional years, package data. No database."""

import datetime as dt

import pytest

from serviceladder.workcalendar.workdays import (
    OFF,
    WORK,
    WorkCalendar,
    add_working_days,
    chinese_calendar_years,
    package_exceptions,
)


def cn_calendar(*years):
    off, work = set(), set()
    for year in years:
        for day, kind, _name in package_exceptions("CN", year):
            (off if kind == OFF else work).add(day)
    return WorkCalendar(off=frozenset(off), work=frozenset(work), official_years=frozenset(years))


@pytest.fixture
def cn2025():
    return cn_calendar(2025)


def test_national_day_2025_exceptions(cn2025):
    assert not any(cn2025.is_working_day(dt.date(2025, 10, d)) for d in range(1, 9))
    assert cn2025.is_working_day(dt.date(2025, 9, 28))  # Sunday, adjusted working day
    assert cn2025.is_working_day(dt.date(2025, 10, 11))  # Saturday, adjusted working day


def test_notice_publication_day_counts(cn2025):
    result = add_working_days(dt.date(2025, 9, 29), 5, count_start_day=True, calendar=cn2025)
    assert result.date == dt.date(2025, 10, 11)
    assert not result.provisional


def test_notice_publication_day_does_not_count(cn2025):
    result = add_working_days(dt.date(2025, 9, 29), 5, count_start_day=False, calendar=cn2025)
    assert result.date == dt.date(2025, 10, 13)
    assert not result.provisional


def test_overrides_win_over_the_calendar(cn2025):
    # the company works on Oct 8 and closes on Sep 30
    result = add_working_days(
        dt.date(2025, 9, 29),
        3,
        count_start_day=True,
        calendar=cn2025,
        days_off=[dt.date(2025, 9, 30)],
        days_work=[dt.date(2025, 10, 8)],
    )
    assert result.date == dt.date(2025, 10, 9)  # Mon 29 Sep, Wed 8 Oct, Thu 9 Oct


def test_zero_days_is_the_start(cn2025):
    assert add_working_days(dt.date(2025, 10, 1), 0, count_start_day=False, calendar=cn2025).date == dt.date(
        2025, 10, 1
    )


def test_year_without_data_is_provisional_weekends_only():
    cal = cn_calendar(2025, 2026)
    assert package_exceptions("CN", 2027) is None  # chinese-calendar 1.11 raises for 2027; we do not
    result = add_working_days(dt.date(2027, 9, 30), 5, count_start_day=False, calendar=cal)
    assert result.date == dt.date(2027, 10, 7)  # Fri Oct 1 … Thu Oct 7, weekends only
    assert result.provisional and result.provisional_years == (2027,)


def test_period_crossing_into_a_provisional_year_is_flagged():
    cal = cn_calendar(2026)
    result = add_working_days(dt.date(2026, 12, 30), 3, count_start_day=True, calendar=cal)
    assert result.provisional_years == (2027,)
    within = add_working_days(dt.date(2026, 12, 1), 3, count_start_day=True, calendar=cal)
    assert not within.provisional


def test_chinese_calendar_years_are_detected_without_crashing():
    years = chinese_calendar_years()
    assert 2025 in years and 2026 in years
    assert years == tuple(range(years[0], years[-1] + 1))


def test_other_country_from_holidays_package():
    us = package_exceptions("US", 2025)
    assert (dt.date(2025, 7, 4), OFF, "Independence Day") in us
    assert all(kind != WORK for _d, kind, _n in us)
    assert package_exceptions("XX", 2025) is None
