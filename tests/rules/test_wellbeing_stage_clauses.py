"""The lifecycle stage clauses (issue 16 item 1): entry, decline, plateau, rise, maturity. Boundaries by
table; a missing end of the percentile trend is insufficient (the stage becomes "unknown", never a guess)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.rules import clauses, explain
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS

AS_OF = dt.date(2026, 7, 1)
TREND = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")


def rendered(check):
    for language in ("en", "zh"):
        assert explain.render_check(check, language)
    return check


def pcts(first, last):
    """The earlier half of the trend window at `first`, the later half at `last` (None: no standing)."""
    out = dict.fromkeys(TREND[:3], first) | dict.fromkeys(TREND[3:], last)
    return {m: v for m, v in out.items() if v is not None}


def test_the_trend_compares_the_means_of_the_two_halves():
    noisy = {"2026-01": 20.0, "2026-02": 60.0, "2026-03": 40.0, "2026-04": 45.0, "2026-05": 55.0}
    # earlier half 40, later half (one month missing) 50: 10 points lower, not the 35 of the ends alone
    check = rendered(clauses.lifecycle_decline(noisy, TREND[:5] + ("2026-06",), decline_points=15.0))
    assert check.status == FAIL and check.values["first"] == 40.0 and check.values["last"] == 50.0
    assert check.values["early"] == ["2026-01", "2026-02", "2026-03"]
    assert "2026-01–2026-03" in explain.render_check(check, "en")


@pytest.mark.parametrize(
    ("hire", "status"),
    [
        (dt.date(2026, 1, 2), PASS),  # 5 whole months
        (dt.date(2026, 1, 1), FAIL),  # 6 whole months: entry is over
        (dt.date(2026, 6, 30), PASS),
    ],
)
def test_entry_boundaries(hire, status):
    assert rendered(clauses.lifecycle_entry(hire, entry_months=6, as_of=AS_OF)).status == status


@pytest.mark.parametrize(
    ("first", "last", "status"),
    [
        (20.0, 35.0, PASS),  # fell exactly 15 points (a higher percentile is a lower position)
        (20.0, 34.9, FAIL),
        (35.0, 20.0, FAIL),  # rose
        (None, 35.0, INSUFFICIENT),
        (20.0, None, INSUFFICIENT),
    ],
)
def test_decline_boundaries(first, last, status):
    check = rendered(clauses.lifecycle_decline(pcts(first, last), TREND, decline_points=15.0))
    assert check.status == status


def test_a_trend_of_one_month_in_the_level_is_too_short_not_missing():
    check = rendered(clauses.lifecycle_decline({"2026-06": 90.0}, ("2026-06",), decline_points=15.0))
    assert (check.status, check.code) == (FAIL, "stage.short_trend")
    check = rendered(
        clauses.lifecycle_rise(None, 0, {"2026-06": 5.0}, ("2026-06",), rise_points=10.0, as_of=AS_OF)
    )
    assert (check.status, check.code) == (FAIL, "stage.short_trend")


@pytest.mark.parametrize(
    ("start", "first", "last", "status", "code"),
    [
        (dt.date(2024, 7, 1), 50.0, 50.0, FAIL, "stage.within_typical"),  # exactly the typical 24 months
        (dt.date(2024, 6, 1), 50.0, 50.0, PASS, "stage.plateau"),  # 25
        (dt.date(2024, 6, 1), 50.0, 40.1, PASS, "stage.plateau"),  # rose 9.9 points: still a plateau
        (dt.date(2024, 6, 1), 50.0, 40.0, FAIL, "stage.past_typical_rising"),  # rose 10
        (dt.date(2024, 6, 1), None, 40.0, INSUFFICIENT, "stage.no_trend"),
        (None, 50.0, 50.0, INSUFFICIENT, "tenure.no_history"),
    ],
)
def test_plateau_boundaries(start, first, last, status, code):
    check = rendered(
        clauses.lifecycle_plateau(start, 24, pcts(first, last), TREND, rise_points=10.0, as_of=AS_OF)
    )
    assert (check.status, check.code) == (status, code)


@pytest.mark.parametrize(
    ("start", "min_months", "first", "last", "status", "code"),
    [
        (dt.date(2026, 1, 2), 6, None, None, PASS, "stage.new_in_level"),  # 5 months of the 6 minimum
        (dt.date(2026, 1, 1), 6, 50.0, 50.0, FAIL, "stage.no_rise"),  # minimum time over, no climb
        (dt.date(2026, 1, 1), 6, 50.0, 40.0, PASS, "stage.rise"),  # climbed exactly 10
        (dt.date(2026, 1, 1), 6, 50.0, 40.1, FAIL, "stage.no_rise"),
        (dt.date(2020, 1, 1), 0, None, 40.0, INSUFFICIENT, "stage.no_trend"),
    ],
)
def test_rise_boundaries(start, min_months, first, last, status, code):
    check = rendered(
        clauses.lifecycle_rise(start, min_months, pcts(first, last), TREND, rise_points=10.0, as_of=AS_OF)
    )
    assert (check.status, check.code) == (status, code)


def test_maturity_always_holds():
    assert rendered(clauses.lifecycle_maturity(40)).status == PASS


@given(
    first=st.floats(0.5, 100, allow_nan=False),
    last=st.floats(0.5, 100, allow_nan=False),
    points=st.sampled_from([5.0, 10.0, 15.0]),
)
def test_decline_and_rise_never_both_hold(first, last, points):
    decline = clauses.lifecycle_decline(pcts(first, last), TREND, decline_points=points)
    rise = clauses.lifecycle_rise(
        dt.date(2010, 1, 1), 0, pcts(first, last), TREND, rise_points=points, as_of=AS_OF
    )
    assert not (decline.status == PASS and rise.status == PASS)
    r = clauses.rounded
    assert (decline.status == PASS) == (r(last - first) >= r(points))
