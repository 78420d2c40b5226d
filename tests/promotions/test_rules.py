"""The process rules as pure functions (no database), named after the policy clauses."""

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.promotions.rules import (
    Candidate,
    QuotaUse,
    application_window_check,
    application_window_open,
    effective_date,
    notice_end_date,
    notice_running,
    pay_proposal,
    pay_within_band,
    quota_override_needed,
    rank_candidates,
)
from serviceladder.workcalendar.workdays import OFF, WorkCalendar, package_exceptions


def cn(*years):
    off, work = set(), set()
    for year in years:
        for day, kind, _name in package_exceptions("CN", year):
            (off if kind == OFF else work).add(day)
    return WorkCalendar(off=frozenset(off), work=frozenset(work), official_years=frozenset(years))


# --- process.application_months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "outside"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), []),
        (dt.date(2025, 9, 10), dt.date(2025, 9, 10), []),
        (dt.date(2025, 3, 15), dt.date(2025, 4, 10), [(2025, 4)]),
        (dt.date(2025, 2, 28), dt.date(2025, 3, 5), [(2025, 2)]),
        (dt.date(2025, 3, 1), dt.date(2025, 9, 30), [(2025, m) for m in range(4, 9)]),
        (dt.date(2025, 12, 1), dt.date(2026, 1, 31), [(2025, 12), (2026, 1)]),
    ],
)
def test_application_window_check(opens, closes, outside):
    assert application_window_check(opens, closes, [3, 9]) == outside


def test_window_across_the_new_year_when_both_months_allowed():
    assert application_window_check(dt.date(2025, 12, 15), dt.date(2026, 1, 15), [12, 1]) == []


def test_application_window_open_includes_both_ends():
    opens, closes = dt.date(2025, 9, 1), dt.date(2025, 9, 30)
    assert application_window_open(opens, closes, opens)
    assert application_window_open(opens, closes, closes)
    assert not application_window_open(opens, closes, dt.date(2025, 8, 31))
    assert not application_window_open(opens, closes, dt.date(2025, 10, 1))


# --- process.notice_period_working_days (the policy issue's calendar cases) ---------------------------------


def test_notice_end_publication_day_counts():
    end = notice_end_date(
        dt.date(2025, 9, 29), working_days=5, publication_day_counts=True, calendar=cn(2025)
    )
    assert end.date == dt.date(2025, 10, 11)  # Saturday, an adjusted working day
    assert not end.provisional


def test_notice_end_publication_day_does_not_count():
    end = notice_end_date(
        dt.date(2025, 9, 29), working_days=5, publication_day_counts=False, calendar=cn(2025)
    )
    assert end.date == dt.date(2025, 10, 13)
    assert not end.provisional


def test_notice_end_in_a_year_without_official_data_is_flagged():
    end = notice_end_date(
        dt.date(2027, 9, 30), working_days=5, publication_day_counts=False, calendar=cn(2026)
    )
    assert end.date == dt.date(2027, 10, 7)  # weekends only
    assert end.provisional and end.provisional_years == (2027,)


def test_notice_end_past_the_last_date_is_an_overflow_not_a_hang():
    with pytest.raises(OverflowError):
        notice_end_date(dt.date(9999, 12, 30), working_days=5, publication_day_counts=False, calendar=cn())


def test_notice_running_until_its_last_day():
    assert notice_running(dt.date(2025, 10, 13), dt.date(2025, 10, 13))
    assert not notice_running(dt.date(2025, 10, 13), dt.date(2025, 10, 14))


# --- process.pay_rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "low", "high", "amount", "capped"),
    [
        ("5000", "5500", "8000", "5500.00", False),  # 5000 × 1.10 = 5500 = band minimum
        ("4000", "5500", "8000", "5500.00", False),  # 4400 < band minimum → band minimum
        ("6000", "5500", "8000", "6600.00", False),
        ("7000", "5500", "7500", "7500.00", True),  # 7700 above the maximum → capped and flagged
        ("6818.18", "5500", "7500", "7500.00", False),  # 7499.998 rounds to 7500.00: exactly the maximum
        ("6818.19", "5500", "7500", "7500.00", True),  # 7500.009 → 7500.01 > max: capped
        ("1234.565", None, None, "1358.02", False),  # half-up to the cent, no band
    ],
)
def test_pay_proposal(old, low, high, amount, capped):
    proposal = pay_proposal(
        Decimal(old),
        min_ratio=Decimal("1.10"),
        band_min=Decimal(low) if low else None,
        band_max=Decimal(high) if high else None,
    )
    assert proposal.amount == Decimal(amount) and proposal.capped is capped
    assert not proposal.no_previous_pay


def test_pay_proposal_without_previous_pay_is_the_band_minimum():
    proposal = pay_proposal(
        None, min_ratio=Decimal("1.10"), band_min=Decimal("5500"), band_max=Decimal("8000")
    )
    assert proposal == (Decimal("5500.00"), False, True)


def test_pay_within_band():
    band = {"band_min": Decimal("5500"), "band_max": Decimal("8000")}
    assert pay_within_band(Decimal("5500"), **band) and pay_within_band(Decimal("8000"), **band)
    assert not pay_within_band(Decimal("5499.99"), **band)
    assert not pay_within_band(Decimal("8000.01"), **band)
    assert pay_within_band(Decimal("1"), band_min=None, band_max=None)
    assert not pay_within_band(Decimal("-1"), band_min=None, band_max=None)


# --- process.pay_rule.effective -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends", "answered", "effective"),
    [
        (dt.date(2025, 10, 13), None, dt.date(2025, 11, 1)),
        (dt.date(2025, 10, 31), None, dt.date(2025, 11, 1)),
        (dt.date(2025, 12, 31), None, dt.date(2026, 1, 1)),
        (dt.date(2025, 10, 13), dt.date(2025, 11, 3), dt.date(2025, 12, 1)),  # appeal answered later
        (dt.date(2025, 10, 13), dt.date(2025, 10, 10), dt.date(2025, 11, 1)),  # answered during the notice
    ],
)
def test_effective_date(ends, answered, effective):
    assert effective_date(ends, answered) == effective


# --- process.quotas -----------------------------------------------------------------------------------------


def test_quota_override_needed():
    assert not quota_override_needed(None, 99)
    assert not quota_override_needed(2, 1)
    assert quota_override_needed(2, 2)
    assert quota_override_needed(0, 0)
    assert (
        QuotaUse(2, 1).remaining == 1
        and QuotaUse(2, 3).remaining == 0
        and QuotaUse(None, 3).remaining is None
    )


# --- ranking (seed 001: equal conditions → the better performer first) --------------------------------------


def test_rank_candidates():
    ranked = rank_candidates(
        [
            Candidate("exception-best", False, 99.0),
            Candidate("no-score", True, None),
            Candidate("good", True, 70.0),
            Candidate("best", True, 90.0),
            Candidate("good-later", True, 70.0),
        ]
    )
    assert [c.key for c in ranked] == ["best", "good", "good-later", "no-score", "exception-best"]
