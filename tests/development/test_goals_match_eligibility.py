"""A goal made with "make this a goal" shows, on the same date, the same status, figure, months and
explanation as the person's eligibility decision for that condition, each computed through its own app's
loader (eligibility: load_facts; goals: development.selectors.goals), over generated monthly figures."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.audit.services import Actor
from serviceladder.development.selectors.goals import goal_views, version_goals
from serviceladder.development.services.goals import GoalInput, goal_add
from serviceladder.eligibility.selectors import eligibility_for_person
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import LevelAssignment
from serviceladder.org.selectors import today
from serviceladder.rules.explain import render_check
from serviceladder.rules.periods import window
from serviceladder.rules.progress import check_progress
from serviceladder.web.views.development_goals import _prefill_from_condition
from tests.web.org import ensure_policy

pytestmark = pytest.mark.django_db
GOAL_STATUS = {"pass": "on_track", "fail": "off_track", "insufficient_data": "insufficient_data"}


@pytest.fixture
def made(org):
    """E2003 on L1 (WEB_POLICY: L1 → L2 asks CSAT ≥ 4.5 over 6 months, 30 rated contacts a month) with a goal
    made from that condition the way the "make this a goal" link makes it."""
    ensure_policy(org)
    person = org.employees["E2003"]
    LevelAssignment.objects.filter(employee=person, level__code="L2").delete()
    request = RequestFactory().get("/", {"to": "L2", "clause": "metric_threshold", "key": "csat_mean"})
    request.user = org.users["agent"]
    values = _prefill_from_condition(request, person)
    assert values["metric"] == "csat_mean" and values["window"] == "6"
    fields = GoalInput.__dataclass_fields__
    goal = goal_add(
        actor=Actor(org.users["agent"]),
        employee=person,
        data=GoalInput(**{k: v for k, v in values.items() if k in fields}),
    )
    return org, person, goal


# Complete months around the threshold, and a few gaps: a month without a row, without the figure, or with
# fewer rated contacts than the minimum sample.
csat = st.one_of(st.floats(4.3, 4.7), st.floats(1, 5), st.sampled_from([4.5, 4.49, 4.4999999999]))
row = st.fixed_dictionaries(
    {"csat_mean": csat, "csat_rated": st.integers(30, 60), "contacts": st.integers(0, 500)}
)
gap = st.tuples(st.integers(0, 6), st.sampled_from(["no_row", "no_figure", "small_sample", "no_sample"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(row, min_size=7, max_size=7),
    gaps=st.lists(gap, max_size=2),
    language=st.sampled_from(["en", "zh-hans"]),
)
def test_a_goal_from_an_unmet_condition_reads_like_the_condition(made, rows, gaps, language):
    org, person, goal = made
    MonthlyMetric.objects.filter(employee=person).delete()
    as_of = today()
    months = (*window(as_of, 7),)
    by_month = dict(zip(months, rows, strict=True))
    for index, kind in gaps:
        month = months[index]
        if kind == "no_row":
            by_month.pop(month, None)
        elif month in by_month:
            change = {"no_figure": {"csat_mean": None}, "small_sample": {"csat_rated": 29}}
            by_month[month] = {**by_month[month], **change.get(kind, {"csat_rated": None})}
    MonthlyMetric.objects.bulk_create(
        MonthlyMetric(employee=person, month=m, source="demo", **values) for m, values in by_month.items()
    )
    decision = next(
        d
        for d in eligibility_for_person(org.users["agent"], person, as_of=as_of).decisions
        if d.to_level == "L2"
    )
    condition = next(c for c in decision.checks if c.clause == "metric_threshold" and c.key == "csat_mean")
    with translation.override(language):
        [view] = goal_views(version_goals(goal.version), as_of)
    assert view.status == GOAL_STATUS[condition.status]
    assert view.check.actual == condition.actual
    assert view.check.months == condition.months
    assert view.check == condition
    assert view.explanation == render_check(condition, language)
    assert view.progress == check_progress(condition, as_of, language)
    assert not (view.status == "on_track" and condition.status != "pass")
