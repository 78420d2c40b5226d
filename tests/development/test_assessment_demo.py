"""The demo's skill assessments: history for a realistic share, closed peer rounds (some with too few
answers), one open round with the login agent invited; eligibility still reads the same confirmations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db.models import Count

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.development.selectors.assessments import person_assessments
from serviceladder.development.todos_assessments import PEER_RATING
from serviceladder.todos.registry import items_for

TODAY = dt.date(2026, 11, 24)


@pytest.mark.django_db
def test_demo_assessments(monkeypatch):
    org = generate(seed=7, agents=120, months=14, today=TODAY)
    monkeypatch.setattr("serviceladder.org.selectors.today", lambda: TODAY)
    monkeypatch.setattr("serviceladder.development.todos_assessments.today", lambda: TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    people = Assessment.objects.values("employee").distinct().count()
    with_history = (
        Assessment.objects.values("employee", "target_level_code")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .count()
    )
    assert with_history >= 0.3 * people, (with_history, people)
    assert (
        Assessment.objects.values("employee", "target_level_code")
        .annotate(n=Count("pk"))
        .filter(n__gt=3)
        .count()
        == 0
    )
    assert Rating.objects.filter(group="self").count() > Rating.objects.filter(group="superior").count() * 0.5
    closed = Assessment.objects.filter(peer_closed_at__isnull=False)
    shown = closed.exclude(peer_average={})
    assert shown.count() >= 5 and closed.filter(peer_average={}).exists()
    assert all(a.peer_answers >= 3 for a in shown)
    assert Assessment.objects.filter(peer_closes_on__gte=TODAY, peer_closed_at__isnull=True).count() == 1
    # closed rounds keep no single answers; the open one has its two anonymous answers so far
    assert Rating.objects.filter(group="peer").count() == 2
    assert not Rating.objects.filter(group="peer", rated_by__isnull=False).exists()
    # no assessment is dated in the future or before the person's current level
    assert not Assessment.objects.filter(opened_at__date__gt=TODAY).exists()
    agent = User.objects.get(username="agent")
    assert [i.kind for i in items_for(agent) if i.kind == PEER_RATING] == [PEER_RATING]
    mine = person_assessments(agent, agent.employee)
    assert mine.latest and "peer" in mine.latest[0].groups() and mine.history
    waiting = PeerInvitation.objects.filter(
        peer=agent.employee, answered=False, assessment__peer_closed_at=None
    )
    assert waiting.count() == 1
