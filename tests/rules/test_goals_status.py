"""rules.goals: where a metric goal stands on a day. Boundary tables for due dates and windows, and the
property that insufficient data is never "on track" (nor achieved)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.rules import goals as g
from serviceladder.rules.clauses import INSUFFICIENT, PASS
from serviceladder.rules.thresholds import check_metric_rule, metric_rule

D = dt.date
RULE = metric_rule("fcr_rate", ">=", Decimal("0.85"), 3, "mean", 100)


def good(months, value=0.9, contacts=300):
    return {m: {"fcr_rate": value, "contacts": contacts} for m in months}


ALL = good(["2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07"])


@pytest.mark.parametrize(
    ("due", "today", "figures", "status", "final", "months"),
    [
        # before the due month ends: judged on today, over the last complete months
        (D(2027, 6, 30), D(2027, 6, 15), ALL, g.ON_TRACK, False, ("2027-03", "2027-04", "2027-05")),
        (D(2027, 6, 30), D(2027, 6, 30), ALL, g.ON_TRACK, False, ("2027-03", "2027-04", "2027-05")),
        (D(2027, 6, 1), D(2027, 6, 30), ALL, g.ON_TRACK, False, ("2027-03", "2027-04", "2027-05")),
        # the first day after the due month, its figures there: judged for good, window ends with June
        (D(2027, 6, 30), D(2027, 7, 1), ALL, g.ACHIEVED, True, ("2027-04", "2027-05", "2027-06")),
        (D(2027, 6, 1), D(2027, 7, 1), ALL, g.ACHIEVED, True, ("2027-04", "2027-05", "2027-06")),
        # judged later: still the window that ends with the due month, never today's
        (D(2027, 6, 30), D(2027, 8, 20), ALL, g.ACHIEVED, True, ("2027-04", "2027-05", "2027-06")),
        # a missed goal
        (
            D(2027, 6, 30),
            D(2027, 7, 1),
            {**ALL, **good(["2027-06"], 0.5)},
            g.MISSED,
            True,
            ("2027-04", "2027-05", "2027-06"),
        ),
        (
            D(2027, 6, 30),
            D(2027, 6, 2),
            {**ALL, **good(["2027-05"], 0.5)},
            g.OFF_TRACK,
            False,
            ("2027-03", "2027-04", "2027-05"),
        ),
        # the due month has no row yet: not judged, awaiting figures, up to the grace months
        (D(2027, 6, 30), D(2027, 7, 1), good(["2027-04", "2027-05"]), g.AWAITING_FIGURES, False, None),
        (D(2027, 6, 30), D(2027, 9, 30), good(["2027-04", "2027-05"]), g.AWAITING_FIGURES, False, None),
        # … and unknown for good once the grace is over
        (D(2027, 6, 30), D(2027, 10, 1), good(["2027-04", "2027-05"]), g.UNKNOWN, True, None),
        # a due-month row without the figure, or with too small a sample: unknown at once
        (
            D(2027, 6, 30),
            D(2027, 7, 1),
            {**ALL, "2027-06": {"fcr_rate": None, "contacts": 300}},
            g.UNKNOWN,
            True,
            None,
        ),
        (D(2027, 6, 30), D(2027, 7, 1), {**ALL, **good(["2027-06"], 0.99, 20)}, g.UNKNOWN, True, None),
        # a month missing before the due date: insufficient data, not on track
        (D(2027, 6, 30), D(2027, 6, 10), good(["2027-03", "2027-05"]), g.INSUFFICIENT_DATA, False, None),
    ],
)
def test_boundaries(due, today, figures, status, final, months):
    result = g.goal_status(RULE, figures, due, today)
    assert (result.status, result.final) == (status, final)
    if months is not None:
        assert result.check.months == months


def test_the_judgement_day_is_the_first_day_after_the_due_month():
    assert g.judgement_day(D(2027, 12, 31)) == D(2028, 1, 1)
    assert g.judgement_day(D(2027, 2, 1)) == D(2027, 3, 1)
    assert g.unknown_after(D(2027, 11, 15)) == D(2028, 3, 1)


@pytest.mark.parametrize("aggregation", ["mean", "every_month", "worst_month", "latest"])
def test_before_the_due_month_a_goal_is_the_condition_checked_today(aggregation):
    rule = metric_rule("first_response_minutes", "<=", Decimal("2"), 4, aggregation, 0)
    figures = {
        m: {"first_response_seconds_mean": s, "contacts": 10}
        for m, s in (("2027-01", 100), ("2027-02", 130), ("2027-03", 110), ("2027-04", 119))
    }
    today = D(2027, 5, 3)
    result = g.goal_status(rule, figures, D(2027, 9, 30), today)
    assert result.check == check_metric_rule(figures, rule, today)


def test_months_needed_cover_both_windows_and_the_due_month():
    need = g.months_needed(RULE, D(2027, 6, 30), D(2027, 8, 2))
    assert {"2027-04", "2027-05", "2027-06", "2027-07"} <= set(need)


month_figures = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "fcr_rate": st.one_of(st.none(), st.floats(0, 1)),
            "contacts": st.one_of(st.none(), st.integers(0, 400)),
        }
    ),
)
MONTHS = [f"2027-{m:02d}" for m in range(1, 13)]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(month_figures, min_size=12, max_size=12),
    due_day=st.integers(0, 300),
    today_day=st.integers(0, 364),
    window=st.integers(1, 4),
    min_sample=st.sampled_from([0, 50, 100]),
    aggregation=st.sampled_from(["mean", "every_month", "worst_month", "latest"]),
)
def test_insufficient_data_is_never_on_track_nor_achieved(
    rows, due_day, today_day, window, min_sample, aggregation
):
    figures = {m: r for m, r in zip(MONTHS, rows, strict=True) if r is not None}
    rule = metric_rule("fcr_rate", ">=", Decimal("0.8"), window, aggregation, min_sample)
    due = D(2027, 1, 1) + dt.timedelta(days=due_day)
    today = D(2027, 1, 1) + dt.timedelta(days=today_day)
    result = g.goal_status(rule, figures, due, today)
    looked = result.check.months
    complete = all(
        m in figures
        and figures[m]["fcr_rate"] is not None
        and (not min_sample or figures[m]["contacts"] is None or figures[m]["contacts"] >= min_sample)
        for m in looked
    )
    if result.status in (g.ON_TRACK, g.ACHIEVED):
        assert result.check.status == PASS and complete
    if result.check.status == INSUFFICIENT:
        assert result.status in (g.INSUFFICIENT_DATA, g.AWAITING_FIGURES, g.UNKNOWN)
    assert result.final == (result.status in (g.ACHIEVED, g.MISSED, g.UNKNOWN))
