"""The pure star engine (issue 15 item 1) on the standard preset's tiers: boundary tables (exactly at a
threshold, just under), a small peer group, missing data, the first months of service, borderline people,
and the property that improving any figure in its own direction never lowers a tier."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.policy.presets import preset_text
from serviceladder.policy.schema import Stars
from serviceladder.policy.validation import parse_policy
from serviceladder.recognition.engine.stars import (
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    RATED,
    StarFacts,
    compile_stars,
    months_of,
    rate,
)
from serviceladder.rules import explain
from serviceladder.rules.metrics import METRICS

STARS = parse_policy(preset_text("cn-standard")).stars
MONTH = "2026-11"
COMPILED = compile_stars(STARS, (MONTH,), dt.date(2026, 11, 1), dt.date(2026, 11, 30))
HIRED = dt.date(2024, 1, 10)


def facts(csat=4.9, qa=96.0, pct=5.0, size=20, rated=40, violations=(), praise=1, hired=HIRED, **extra):
    figures = {MONTH: {"csat_mean": csat, "qa_score": qa, "csat_rated": rated, "contacts": 400, **extra}}
    return StarFacts(
        hire_date=hired,
        figures=figures,
        pcts={MONTH: pct},
        sizes={MONTH: size},
        violations=tuple(violations),
        recognitions={"customer_praise": praise} if praise else {},
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (facts(), 5),
        (facts(csat=4.8, qa=95.0, pct=10.0), 5),  # exactly at every 5-star threshold
        (facts(csat=4.79), 4),  # CSAT just under 4.8
        (facts(qa=94.9), 4),  # QA just under 95
        (facts(pct=10.01), 4),  # just outside the top 10 %
        (facts(praise=0), 4),  # no recognition in the period
        (facts(csat=4.6, qa=90.0, pct=25.0), 4),  # exactly at the 4-star thresholds
        (facts(csat=4.59), 3),
        (facts(pct=25.01), 3),
        (facts(violations=[dt.date(2026, 11, 30)]), 2),  # a violation on the period's last day
        (facts(violations=[dt.date(2026, 10, 31)]), 5),  # the day before the period
        (facts(csat=4.4, qa=85.0, pct=80.0), 3),
        (facts(csat=4.39, qa=85.0, pct=80.0), 2),
        (facts(csat=4.2, qa=80.0, pct=80.0), 2),
        (facts(csat=4.19, qa=80.0, pct=80.0), 1),
        (facts(csat=3.0, qa=70.0, pct=80.0), 1),
        (facts(csat=3.0, qa=69.9, pct=80.0), 0),
    ],
)
def test_boundary_table_of_the_standard_preset(case, expected):
    result = rate(COMPILED, case)
    assert (result.stars, result.status) == (expected, RATED)


def test_every_tier_judged_carries_its_explanation():
    result = rate(COMPILED, facts(qa=93.0))
    assert result.stars == 4
    five, four = result.tiers
    assert (five.stars, five.status, four.stars, four.status) == (5, "fail", 4, "pass")
    qa = next(c for c in five.checks if c.key == "qa_score")
    assert explain.render_check(qa, "en") == "QA score 93 in the period; at least 95 needed"
    assert result.borderline  # 5 stars fail on QA alone


def test_small_peer_group_does_not_apply_the_rank_condition():
    result = rate(COMPILED, facts(pct=90.0, size=4))
    assert result.stars == 5
    rank = next(c for c in result.tiers[0].checks if c.clause == "period_rank")
    assert rank.code == "stars_rank.not_applied"


def test_a_peer_group_of_exactly_the_minimum_applies_it():
    assert rate(COMPILED, facts(pct=90.0, size=5)).stars == 3


def test_missing_figure_for_the_tier_they_would_reach_is_insufficient_data():
    case = StarFacts(HIRED, {MONTH: {"qa_score": 96.0, "csat_rated": 40}}, {MONTH: 5.0}, {MONTH: 20}, (), {})
    result = rate(COMPILED, case)
    # No CSAT: tiers 5 (no recognition either: fails), 4 lacks CSAT -> not enough data for 4 stars.
    assert result.status == INSUFFICIENT_DATA
    assert result.missing_for == 4
    assert result.stars == 1  # the highest tier that passes without CSAT
    assert not result.borderline


def test_a_small_sample_is_insufficient_never_a_fail():
    result = rate(COMPILED, facts(rated=29))
    assert result.status == INSUFFICIENT_DATA
    assert result.missing_for == 5


def test_missing_rank_is_insufficient():
    case = facts()
    case = StarFacts(case.hire_date, case.figures, {}, {}, (), case.recognitions)
    assert rate(COMPILED, case).status == INSUFFICIENT_DATA


def test_first_months_of_service_are_not_eligible():
    result = rate(COMPILED, facts(hired=dt.date(2026, 6, 1)))  # 5 whole months by 30 Nov, 6 needed
    assert (result.stars, result.status) == (0, NOT_ELIGIBLE)
    assert result.service.code == "service.short"
    assert rate(COMPILED, facts(hired=dt.date(2026, 5, 30))).status == RATED  # 6 months on 30 Nov


def test_quarter_months():
    assert months_of("2026Q4") == ("2026-10", "2026-11", "2026-12")
    assert months_of("2027Q1") == ("2027-01", "2027-02", "2027-03")
    assert months_of("2026-11") == ("2026-11",)


def test_borderline_only_when_one_condition_fails():
    assert not rate(COMPILED, facts(qa=93.0, csat=4.7)).borderline  # 5 stars fail twice
    assert rate(COMPILED, facts(csat=4.5)).borderline  # 4 stars fail on CSAT alone (3 stars)
    assert not rate(COMPILED, facts()).borderline  # nothing above 5


DIRECTION = {"csat_mean": 1, "qa_score": 1}


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=1, max_value=5),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0.5, max_value=100),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
    st.sampled_from(["csat_mean", "qa_score", "pct", "praise"]),
    st.floats(min_value=0, max_value=20),
)
def test_improving_any_figure_never_lowers_the_tier(csat, qa, pct, size, praise, violation, what, step):
    violations = [dt.date(2026, 11, 5)] if violation else []
    before = facts(csat=csat, qa=qa, pct=pct, size=size, praise=praise, violations=violations)
    better = {"csat": csat, "qa": qa, "pct": pct, "praise": praise}
    if what == "csat_mean":
        better["csat"] = min(5.0, csat + step / 10)
    elif what == "qa_score":
        better["qa"] = min(100.0, qa + step)
    elif what == "pct":
        better["pct"] = max(0.5, pct - step)  # a better percentile is a smaller one; peers unchanged
    else:
        better["praise"] = praise + 1
    after = facts(size=size, violations=violations, **better)
    assert rate(COMPILED, after).stars >= rate(COMPILED, before).stars


SPEED = Stars.model_validate(
    {
        "enabled": True,
        "period": "quarter",
        "tiers": [
            {
                "stars": 3,
                "conditions": {
                    "metric_thresholds": [{"metric": "aht_seconds", "comparison": "<=", "value": 240}]
                },
            },
            {
                "stars": 2,
                "conditions": {
                    "metric_thresholds": [
                        {"metric": "complaint_rate", "comparison": "<", "value": "1%"},
                        {
                            "metric": "aht_seconds",
                            "comparison": "<=",
                            "value": 360,
                            "aggregation": "every_month",
                        },
                    ]
                },
            },
            {
                "stars": 1,
                "conditions": {
                    "metric_thresholds": [
                        {
                            "metric": "first_response_minutes",
                            "comparison": "<=",
                            "value": 2,
                            "aggregation": "worst_month",
                        }
                    ]
                },
            },
        ],
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=60, max_value=900), min_size=3, max_size=3),
    st.lists(st.floats(min_value=0, max_value=0.05), min_size=3, max_size=3),
    st.integers(min_value=0, max_value=2),
    st.floats(min_value=0, max_value=300),
    st.sampled_from(["aht_seconds", "complaint_rate", "first_response_seconds_mean"]),
)
def test_lower_is_better_figures_cut_never_lower_the_tier(aht, complaints, month, gain, field):
    """A policy rewarding speed (lower AHT, complaint rate, response time is better): cutting one month's
    figure, peers unchanged, never costs a star."""
    months = months_of("2026Q4")
    compiled = compile_stars(SPEED, months, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    figures = {
        m: {"aht_seconds": a, "complaint_rate": c, "first_response_seconds_mean": a / 3, "contacts": 500}
        for m, a, c in zip(months, aht, complaints, strict=True)
    }
    better = {m: dict(row) for m, row in figures.items()}
    cut = gain / 10000 if field == "complaint_rate" else gain
    better[months[month]][field] = max(0.0, better[months[month]][field] - cut)
    assert METRICS["aht_seconds"].lower_is_better and METRICS["complaint_rate"].lower_is_better

    def stars(f):
        return rate(compiled, StarFacts(HIRED, f, {}, {}, (), {})).stars

    assert stars(better) >= stars(figures)
