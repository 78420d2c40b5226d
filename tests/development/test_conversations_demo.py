"""The demo's career conversations: a year of them since development planning was switched on, some
overdue, direction reviews and a few private notes; the demo lead has overdue items on their home page."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.development.models import Conversation
from serviceladder.development.selectors.conversations import overdue_for_people
from serviceladder.development.todos_conversations import conversation_todos
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import development_switched_on

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_a_year_of_conversations_and_some_overdue(monkeypatch):
    from serviceladder.org import selectors

    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    monkeypatch.setattr("serviceladder.development.todos_conversations.today", lambda: TODAY)
    demo_load(org=generate(seed=7, agents=60, months=6, today=TODAY), actor=Actor(user=None, channel="cli"))

    assert development_switched_on(TODAY) == TODAY - dt.timedelta(days=365)
    talks = Conversation.objects.all()
    people = Employee.objects.filter(team__isnull=False)
    assert talks.values("employee").distinct().count() >= 0.75 * people.count()
    assert talks.filter(kind="direction_review").exists()
    assert 0 < talks.exclude(private_notes="").count() < talks.count() / 2
    assert not talks.filter(held_on__gt=TODAY).exists()
    assert min(talks.values_list("held_on", flat=True)) >= TODAY - dt.timedelta(days=365)
    overdue = [d.kind for _p, d in overdue_for_people(people, TODAY)]
    assert "conversation" in overdue
    late = sum(1 for k in overdue if k == "conversation")
    assert late < 0.3 * people.count()  # some, not most
    lead = get_user_model().objects.get(username="lead")
    assert conversation_todos(lead)
