"""The demo's certification renewals: the agent's certificate is being renewed (due the day it expires) and a
colleague's renewal is overdue on the lead's home with the old completion expired."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.learning.models import Enrolment
from serviceladder.notifications.models import Notification
from serviceladder.todos.registry import items_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(org=generate(seed=1, agents=40, months=6, today=TODAY), actor=Actor(user=None, channel="cli"))


def test_the_demo_renews_the_agents_certificate_and_shows_a_lapsed_one_to_the_lead(demo):
    renewals = Enrolment.objects.filter(source="renewal", course__code="service-certificate")
    agent = renewals.get(employee__user__username="agent")
    assert (agent.state, agent.due_on) == ("assigned", TODAY + dt.timedelta(days=21))
    assert agent.renews.expires_on == agent.due_on
    assert Notification.objects.filter(kind="learning.renewal", recipient__username="agent").count() == 1
    lapsed = renewals.exclude(pk=agent.pk).get()
    assert lapsed.due_on == TODAY - dt.timedelta(days=5) and lapsed.state == "assigned"
    old = Enrolment.objects.get(employee=lapsed.employee, course__code="service-certificate", source="hr")
    assert old.state == "expired"
    lead = lapsed.employee.team.lead.user
    assert f"enrolment:{lapsed.pk}" in [item.key for item in items_for(lead)]
