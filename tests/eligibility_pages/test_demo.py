"""The demo has people ready now, ready soon and not yet, and the `agent` login is one condition away."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from serviceladder.audit.services import Actor
from serviceladder.demo.confirmations import competency_confirmations
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.development.models import Rating
from serviceladder.eligibility import selectors
from serviceladder.eligibility.engine import NOT_YET
from serviceladder.policy.presets import preset_text
from serviceladder.policy.validation import parse_policy

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def default_org():
    return generate(seed=7, agents=320, months=18, today=TODAY)


def test_confirmations_are_plausible_and_repeatable(default_org):
    policy = parse_policy(preset_text("cn-standard"))
    specs = competency_confirmations(default_org, policy)
    assert specs == competency_confirmations(default_org, policy)
    people = {p.number: p for p in default_org.people}
    levels = policy.levels()
    assert len(specs) > 100
    gaps = 0
    for c in specs:
        p = people[c.employee]
        assert c.confirmed_by == p.manager  # the direct superior
        assert p.levels[-1].effective_from < c.confirmed_on <= TODAY - dt.timedelta(days=3)
        assert c.confirmed_on.weekday() < 5
        assert c.target_level in {t.to_level for t in policy.transitions_from(p.current_level)}
        profile = levels[c.target_level][1].competencies
        assert set(c.ratings) == set(profile) and all(1 <= v <= 5 for v in c.ratings.values())
        gaps += any(c.ratings[k] < need for k, need in profile.items())
    assert 0.05 * len(specs) < gaps < 0.35 * len(specs)


@pytest.mark.django_db
def test_demo_lists_and_the_agents_path(default_org):
    demo_load(org=default_org, actor=Actor(user=None, channel="cli"))
    assert Rating.objects.filter(group="superior", rated_at__date__lt=TODAY).count() > 100
    for username, now, soon in (("lead", 3, 3), ("head", 10, 5), ("hr", 20, 8)):
        result = selectors.eligibility_list(
            User.objects.get(username=username), as_of=TODAY, filters=selectors.ListFilters()
        )
        counts = {k: len(v) for k, v in result.groups.items()}
        assert counts[selectors.READY_NOW] >= now, (username, counts)
        assert counts[selectors.READY_SOON] >= soon, (username, counts)
        assert counts[selectors.LATER] > counts[selectors.READY_NOW] + counts[selectors.READY_SOON], username
    agent = User.objects.get(username="agent")
    path = selectors.eligibility_for_person(agent, agent.employee, as_of=TODAY)
    one_away = [
        d for d in path.decisions if d.status == NOT_YET and sum(c.status != "pass" for c in d.checks) == 1
    ]
    assert one_away, [(d.to_level, d.status) for d in path.decisions]
    assert any(d.earliest and d.earliest <= dt.date(2027, 2, 24) for d in one_away)
