"""The demo's development plans: every state, every kind of action, templates applied, history, the demo
agent's pending acceptance and the demo lead's hosted rotation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.accounts.scoping import actions_hosted_by
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.development.models import ActionUpdate, DevelopmentPlan, PlanAction, PlanVersion
from serviceladder.development.todos_plans import ACCEPT_LEAD, ACCEPT_OWN, plan_todos

pytestmark = pytest.mark.django_db


def test_the_demo_has_plans_in_every_state():
    org = generate(seed=7, agents=80, months=8, today=dt.date.today())
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    statuses = set(DevelopmentPlan.objects.values_list("status", flat=True))
    assert statuses == {"draft", "active", "closed"}
    closed = DevelopmentPlan.objects.get(status="closed")
    assert closed.outcome and closed.close_reason
    assert PlanVersion.objects.filter(state="superseded").exists()
    assert PlanVersion.objects.filter(state="draft", plan__status="active").exists()  # a change under way
    assert set(PlanAction.objects.values_list("kind", flat=True)) == set(PlanAction.Kind.values)
    assert DevelopmentPlan.objects.exclude(template_code="").exists()
    assert ActionUpdate.objects.filter(status="done").exists()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead"])}
    assert ACCEPT_OWN in [i.kind for i in plan_todos(users["agent"])]
    assert ACCEPT_LEAD in [i.kind for i in plan_todos(users["lead"])]
    assert actions_hosted_by(users["lead"]).filter(kind="rotation").exists()
    share = DevelopmentPlan.objects.values("employee").distinct().count() / org_people(org)
    assert 0.2 <= share <= 0.6


def org_people(org) -> int:
    return len(org.people)
