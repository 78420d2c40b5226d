"""Properties of the engine over generated people with gaps, ties, values exactly at thresholds and
samples below the minimum."""

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.eligibility.engine import ELIGIBLE, evaluate, evaluate_many, status_rank
from serviceladder.rules.clauses import INSUFFICIENT, PASS
from serviceladder.rules.facts import ExamFact, PersonFacts, ViolationFact
from tests.eligibility.helpers import MONTHS, policy_with

AS_OF = dt.date(2026, 7, 1)
POLICY = policy_with(
    {
        "min_months_in_level": 12,
        "metric_thresholds": [
            {"metric": "csat_mean", "comparison": ">=", "value": 4.5, "window": 3, "min_sample": 30},
            {
                "metric": "complaint_rate",
                "comparison": "<=",
                "value": "2%",
                "window": 3,
                "aggregation": "every_month",
            },
            {
                "metric": "resolution_rate",
                "comparison": ">",
                "value": "90%",
                "window": 2,
                "aggregation": "worst_month",
            },
        ],
        "rank_streak": {"top_percent": 20, "months": 3},
        "exam": {"min_score": 80, "within_months": 12},
        "no_violations": {"months": 6},
    }
)

CSAT = st.sampled_from([4.0, 4.4, 4.49, 4.5, 4.51, 4.6, 5.0])
RATED = st.sampled_from([None, 0, 12, 29, 30, 31, 200])
COMPLAINTS = st.sampled_from([0.0, 0.01, 0.0199, 0.02, 0.0201, 0.05])
RESOLUTION = st.sampled_from([0.85, 0.9, 0.9001, 0.95, 1.0])
RANK = st.sampled_from([1.0, 10.0, 19.99, 20.0, 20.01, 27.0, 100.0])
DATES_NEAR = st.sampled_from(
    [
        dt.date(2025, 7, 1),
        dt.date(2025, 7, 2),
        dt.date(2025, 6, 30),
        dt.date(2024, 1, 1),
        dt.date(2026, 1, 31),
    ]
)
VIOLATION_DATES = st.sampled_from(
    [
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 2),
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 10),
        dt.date(2026, 7, 1),
    ]
)


@st.composite
def months(draw):
    """A month's figures; any field may be missing (a gap)."""
    row = {}
    for field, values in (
        ("csat_mean", CSAT),
        ("csat_rated", RATED),
        ("complaint_rate", COMPLAINTS),
        ("resolution_rate", RESOLUTION),
    ):
        if draw(st.integers(0, 9)):  # one in ten: this figure is missing
            value = draw(values)
            if value is not None:
                row[field] = value
    return row


@st.composite
def people(draw):
    metrics = {}
    ranks = {}
    for m in MONTHS:
        if draw(st.integers(0, 9)):  # one in ten: the whole month is missing
            metrics[m] = draw(months())
        if draw(st.integers(0, 9)):
            ranks[m] = draw(RANK)
    exams = tuple(
        ExamFact(dt.date(2026, 3, 1), s) for s in draw(st.lists(st.sampled_from([79.99, 80, 95]), max_size=2))
    )
    violations = tuple(ViolationFact(d) for d in draw(st.lists(VIOLATION_DATES, max_size=2)))
    return PersonFacts(
        employee="X",
        hire_date=dt.date(2020, 1, 1),
        levels=(("L1", draw(DATES_NEAR)),),
        metrics=metrics,
        ranks=ranks,
        exams=exams,
        violations=violations,
    )


def decision(person):
    [d] = evaluate(person, POLICY, AS_OF)
    return d


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(people())
def test_deterministic(person):
    first = decision(person)
    again = decision(dataclasses.replace(person))
    assert first == again
    assert evaluate_many([person, person], POLICY, AS_OF) == [first, first]


@SETTINGS
@given(people())
def test_insufficient_data_never_counts_as_a_pass(person):
    d = decision(person)
    by_key = {(c.clause, c.key): c for c in d.checks}
    csat = by_key[("metric_threshold", "csat_mean")]
    for m in MONTHS:
        row = person.metrics.get(m, {})
        if row.get("csat_mean") is None or (row.get("csat_rated") is not None and row["csat_rated"] < 30):
            assert csat.status == INSUFFICIENT
    if any(m not in person.ranks for m in MONTHS):
        assert by_key[("rank_streak", "")].status == INSUFFICIENT
    if any(c.status == INSUFFICIENT for c in d.checks):
        assert d.status != ELIGIBLE


GOOD_SIDE = {"csat_mean": 5.0, "complaint_rate": 0.0, "resolution_rate": 1.0, "csat_rated": 200}


@SETTINGS
@given(people(), st.sampled_from(MONTHS), st.sampled_from(sorted(GOOD_SIDE)), st.booleans())
def test_improving_a_metric_never_makes_a_decision_worse(person, month, field, rank_instead):
    if rank_instead:
        if month not in person.ranks:
            return
        better = dataclasses.replace(person, ranks={**person.ranks, month: person.ranks[month] / 2})
    else:
        row = person.metrics.get(month)
        if row is None or field not in row:
            return
        # halfway towards the best value keeps ties and exact thresholds in play
        improved = (row[field] + GOOD_SIDE[field]) / 2 if field != "csat_rated" else row[field] + 20
        better = dataclasses.replace(person, metrics={**person.metrics, month: {**row, field: improved}})
    assert status_rank(decision(better)) >= status_rank(decision(person))


@SETTINGS
@given(people(), st.sampled_from(MONTHS))
def test_adding_a_passing_month_never_makes_a_decision_worse(person, month):
    passing = {"csat_mean": 4.5, "csat_rated": 30, "complaint_rate": 0.02, "resolution_rate": 0.95}
    fuller = dataclasses.replace(
        person,
        metrics={**person.metrics, month: passing},
        ranks={**person.ranks, month: 20.0},
    )
    if person.metrics.get(month) is not None and person.ranks.get(month) is not None:
        return  # nothing was missing in that month
    assert status_rank(decision(fuller)) >= status_rank(decision(person))


@SETTINGS
@given(people(), VIOLATION_DATES)
def test_adding_a_violation_never_makes_a_decision_better(person, date):
    worse = dataclasses.replace(person, violations=(*person.violations, ViolationFact(date)))
    assert status_rank(decision(worse)) <= status_rank(decision(person))


@SETTINGS
@given(people())
def test_eligible_means_every_check_passes_and_not_yet_dates_are_in_the_future(person):
    d = decision(person)
    assert (d.status == ELIGIBLE) == all(c.status == PASS for c in d.checks)
    if d.earliest is not None:
        assert d.earliest > AS_OF
        assert d.earliest == max(c.earliest for c in d.checks if c.earliest is not None)
