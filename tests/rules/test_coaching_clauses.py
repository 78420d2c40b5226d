"""The coaching clauses (issue 15 item 4): a metric below its threshold N months in a row, and a drop
against the person's own average. Boundaries by table, the rest as properties: missing figures or a small
sample never fire, the verdict follows its definition, and improving the latest month never makes a drop
fire."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.rules import clauses, explain
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS

M3 = ("2026-03", "2026-04", "2026-05")
M4 = ("2026-02", *M3)


def rows(field, values, sample=None, sample_field="contacts"):
    out = {}
    for month, v in zip(M4[-len(values) :], values, strict=True):
        row = {field: v}
        if sample is not None:
            row[sample_field] = sample
        out[month] = row
    return out


def streak(figures, months=M3, op=">=", value=4.2, min_sample=0):
    return clauses.metric_below_streak(
        figures,
        months,
        metric="csat_mean",
        field="csat_mean",
        sample_field="csat_rated",
        op=op,
        value=value,
        min_sample=min_sample,
    )


def drop(figures, months=M4, metric="qa_score", amount=8.0, lower=False, min_sample=0):
    return clauses.metric_drop_against_own_average(
        figures,
        months,
        metric=metric,
        field=metric,
        sample_field="contacts",
        drop=amount,
        lower_is_better=lower,
        min_sample=min_sample,
    )


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ((4.1, 4.0, 4.19), PASS),  # missed every month
        ((4.1, 4.2, 4.0), FAIL),  # exactly at the threshold meets it
        ((4.5, 4.5, 4.0), FAIL),
        ((4.1, 4.0, 4.2), FAIL),
    ],
)
def test_below_streak_boundaries(values, status):
    check = streak(rows("csat_mean", values))
    assert check.status == status
    assert check.months == M3


def test_below_streak_names_the_month_that_met_the_threshold():
    check = streak(rows("csat_mean", (4.3, 4.25, 4.0)))
    assert check.values["month"] == "2026-04"
    text = explain.render_check(check, "en")
    assert "2026-04" in text and "4.25" in text


def test_below_streak_on_a_lower_is_better_threshold():
    check = clauses.metric_below_streak(
        rows("aht_seconds", (400, 420, 380)),
        M3,
        metric="aht_seconds",
        field="aht_seconds",
        sample_field=None,
        op="<=",
        value=360,
        min_sample=0,
    )
    assert check.status == PASS
    assert check.actual == 380  # the best month is the lowest


def test_below_streak_missing_month_or_small_sample_is_insufficient():
    figures = rows("csat_mean", (4.0, 4.0, 4.0))
    del figures["2026-04"]
    check = streak(figures)
    assert check.status == INSUFFICIENT
    assert check.values["missing"] == ["2026-04"]
    small = rows("csat_mean", (4.0, 4.0, 4.0), sample=10, sample_field="csat_rated")
    check = streak(small, min_sample=20)
    assert check.status == INSUFFICIENT
    assert check.code == "metric.small_sample"


@pytest.mark.parametrize(
    ("values", "status", "change"),
    [
        ((90, 92, 88, 82), PASS, 8),  # exactly the drop fires
        ((90, 92, 88, 82.5), FAIL, 7.5),
        ((90, 92, 88, 95), FAIL, -5),
    ],
)
def test_drop_boundaries(values, status, change):
    check = drop(rows("qa_score", values))
    assert check.status == status
    assert check.values["change"] == pytest.approx(change)
    assert check.values["baseline"] == pytest.approx(90)
    assert check.values["window"] == 3


def test_drop_on_a_lower_is_better_metric_is_a_rise():
    figures = rows("aht_seconds", (300, 310, 290, 360))
    assert drop(figures, metric="aht_seconds", amount=60, lower=True).status == PASS
    assert drop(figures, metric="aht_seconds", amount=61, lower=True).status == FAIL
    falling = rows("aht_seconds", (300, 310, 290, 200))
    assert drop(falling, metric="aht_seconds", amount=60, lower=True).status == FAIL


def test_drop_explained_in_both_languages():
    check = drop(rows("qa_score", (90, 92, 88, 81)))
    en = explain.render_check(check, "en")
    zh = explain.render_check(check, "zh")
    assert "81" in en and "90" in en and "worse by 9" in en
    assert "2026年5月" in zh and "81" in zh


def test_drop_needs_a_baseline_month():
    with pytest.raises(ValueError):
        drop(rows("qa_score", (80,)), months=("2026-05",))


VALUE = st.floats(min_value=0, max_value=100, allow_nan=False)
FIGURE = st.one_of(st.none(), VALUE)


@given(st.lists(FIGURE, min_size=4, max_size=4), st.floats(min_value=0.5, max_value=50), st.booleans())
def test_drop_with_a_missing_month_never_fires(values, amount, lower):
    figures = {m: {"qa_score": v} for m, v in zip(M4, values, strict=True)}
    check = drop(figures, amount=amount, lower=lower)
    if None in values:
        assert check.status == INSUFFICIENT
    else:
        assert check.status in (PASS, FAIL)


@given(st.lists(VALUE, min_size=4, max_size=4), st.integers(0, 40), st.integers(1, 40))
def test_drop_with_a_small_sample_never_fires(values, sample, min_sample):
    figures = rows("qa_score", values, sample=sample)
    check = drop(figures, min_sample=min_sample)
    assert (check.status == INSUFFICIENT) == (sample < min_sample)


@given(
    st.lists(VALUE, min_size=2, max_size=6),
    st.floats(min_value=0.5, max_value=50),
    st.booleans(),
)
def test_drop_fires_exactly_when_the_latest_is_worse_than_the_own_mean_by_the_drop(values, amount, lower):
    months = tuple(f"2026-{i + 1:02d}" for i in range(len(values)))
    figures = {m: {"qa_score": v} for m, v in zip(months, values, strict=True)}
    check = drop(figures, months=months, amount=amount, lower=lower)
    mean = sum(values[:-1]) / (len(values) - 1)
    worse = values[-1] - mean if lower else mean - values[-1]
    assert check.status == (PASS if round(worse, 9) >= round(amount, 9) else FAIL)


@given(
    st.lists(VALUE, min_size=4, max_size=4),
    st.floats(min_value=0, max_value=30),
    st.floats(min_value=0.5, max_value=50),
    st.booleans(),
)
def test_improving_the_latest_month_never_makes_a_drop_fire(values, better, amount, lower):
    figures = rows("qa_score", values)
    improved = dict(figures)
    improved[M4[-1]] = {"qa_score": values[-1] - better if lower else values[-1] + better}
    if drop(figures, amount=amount, lower=lower).status == FAIL:
        assert drop(improved, amount=amount, lower=lower).status == FAIL


@given(st.lists(st.floats(min_value=1, max_value=5), min_size=1, max_size=6), st.sampled_from([">=", ">"]))
def test_below_streak_fires_exactly_when_every_month_misses(values, op):
    months = tuple(f"2026-{i + 1:02d}" for i in range(len(values)))
    figures = {m: {"csat_mean": v} for m, v in zip(months, values, strict=True)}
    check = streak(figures, months=months, op=op, value=4.2)
    misses = all(not clauses.compare(op, v, 4.2) for v in values)
    assert check.status == (PASS if misses else FAIL)


@given(st.lists(FIGURE, min_size=3, max_size=3))
def test_below_streak_with_a_missing_month_never_fires(values):
    figures = {m: {"csat_mean": v} for m, v in zip(M3, values, strict=True) if v is not None or m == M3[0]}
    check = streak(figures)
    if None in values:
        assert check.status == INSUFFICIENT
    else:
        assert check.status in (PASS, FAIL)
