"""Issue 5's worked example, P1–P5, with exactly the expected results."""

import datetime as dt

from serviceladder.eligibility.engine import ELIGIBLE, INSUFFICIENT_DATA, NOT_YET, evaluate
from tests.eligibility.helpers import example_person, example_policy

AS_OF = dt.date(2026, 7, 1)


def _decide(person):
    [decision] = evaluate(person, example_policy(), AS_OF, policy_version="v7")
    assert decision.policy_version == "v7"
    assert (decision.from_level, decision.to_level) == ("L1", "L2")
    return decision


def _failing(decision):
    return [c for c in decision.checks if c.status != "pass"]


def test_p1_eligible():
    d = _decide(example_person(dt.date(2025, 1, 1)))
    assert d.status == ELIGIBLE
    assert d.earliest is None
    assert [c.clause for c in d.checks] == [
        "min_months_in_level",
        "metric_threshold",
        "metric_threshold",
        "rank_streak",
        "no_violations",
    ]
    assert all(c.status == "pass" for c in d.checks)
    csat = d.checks[1]
    assert csat.months == ("2026-04", "2026-05", "2026-06")
    assert round(csat.actual, 6) == 4.6


def test_p2_not_yet_until_tenure_anniversary():
    d = _decide(example_person(dt.date(2025, 9, 15)))
    assert d.status == NOT_YET
    assert d.earliest == dt.date(2026, 9, 15)
    [tenure] = _failing(d)
    assert tenure.clause == "min_months_in_level"
    assert tenure.earliest == dt.date(2026, 9, 15)
    assert d.projection.items == (("min_months_in_level", "", dt.date(2026, 9, 15)),)
    assert d.projection.rest_met is True


def test_p3_streak_broken_in_may():
    d = _decide(example_person(dt.date(2024, 6, 1), ranks=(10, 27, 12)))
    assert d.status == NOT_YET
    assert d.earliest == dt.date(2026, 9, 1)
    [streak] = _failing(d)
    assert streak.clause == "rank_streak"
    assert streak.values["month"] == "2026-05"
    assert streak.values["pct"] == 27
    assert streak.values["streak"] == 1
    assert streak.earliest == dt.date(2026, 9, 1)


def test_p4_insufficient_data_names_may():
    d = _decide(example_person(dt.date(2024, 1, 1), rated=(40, 12, 50)))
    assert d.status == INSUFFICIENT_DATA
    assert d.earliest is None
    [csat] = _failing(d)
    assert csat.status == "insufficient_data"
    assert csat.key == "csat_mean"
    assert csat.values["month"] == "2026-05"
    assert csat.values["sample"] == 12


def test_p5_violation_clears_on_same_day_six_months_later():
    d = _decide(example_person(dt.date(2024, 1, 1), violations=(dt.date(2026, 3, 10),)))
    assert d.status == NOT_YET
    assert d.earliest == dt.date(2026, 9, 10)
    [violation] = _failing(d)
    assert violation.clause == "no_violations"
    assert violation.values["clears_on"] == "2026-09-10"


def test_projection_with_data_missing_gives_a_lower_bound_but_no_decision_date():
    d = _decide(example_person(dt.date(2025, 9, 15), rated=(40, 12, 50)))
    assert d.status == INSUFFICIENT_DATA
    assert d.earliest is None
    assert d.projection.ready_on == dt.date(2026, 9, 15)
    assert d.projection.rest_met is False


def test_projection_when_effort_is_needed_has_no_date():
    d = _decide(example_person(dt.date(2025, 9, 15), csat=(4.4, 4.4, 4.4)))
    assert d.status == NOT_YET
    assert d.earliest is None
    assert d.projection.items == (("min_months_in_level", "", dt.date(2026, 9, 15)),)
    assert d.projection.ready_on is None
    assert d.projection.rest_met is False


def test_later_of_several_time_bound_dates():
    d = _decide(example_person(dt.date(2025, 9, 15), ranks=(10, 27, 12), violations=(dt.date(2026, 3, 10),)))
    assert d.status == NOT_YET
    assert d.earliest == dt.date(
        2026, 9, 15
    )  # tenure 09-15 is later than the streak (09-01) and violation (09-10)
