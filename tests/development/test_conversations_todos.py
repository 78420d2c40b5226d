"""Overdue conversations and plans on the home page: the lead sees their team's, the head their
department's (the team without a lead included); each disappears when done."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.development.services.conversations import conversation_record
from serviceladder.development.services.plan_drafts import plan_draft_for
from serviceladder.development.todos_conversations import (
    CONVERSATION_OVERDUE,
    DIRECTION_REVIEW_OVERDUE,
    PLAN_OVERDUE,
    TEAM_OVERDUE,
    conversation_todos,
)
from serviceladder.todos.registry import count_for, items_for
from tests.development.conversations_setup import switch_on

pytestmark = pytest.mark.django_db


def _mine(org, role):
    return sorted((i.kind, i.key) for i in conversation_todos(org.users[role]))


def _key(org, number):
    return f"employee:{number}"


def test_nothing_is_overdue_on_the_switch_on_day(org):
    switch_on(org, timezone.localdate())
    assert _mine(org, "team_lead") == []
    assert _mine(org, "department_head") == []


def test_overdue_items_appear_for_the_lead_and_the_head_and_disappear_when_done(org):
    switch_on(org, timezone.localdate() - dt.timedelta(days=40))  # plans overdue, conversations not yet
    assert _mine(org, "team_lead") == [(PLAN_OVERDUE, "employee:E2003"), (PLAN_OVERDUE, "employee:E2004")]
    # the head: the lead E2002 and E2005 (team a2 has no lead) one by one; team a1's own people as one item
    head = _mine(org, "department_head")
    assert head == [
        (PLAN_OVERDUE, "employee:E2002"),
        (PLAN_OVERDUE, "employee:E2005"),
        (TEAM_OVERDUE, "team:a1"),
    ]
    team_item = next(i for i in conversation_todos(org.users["department_head"]) if i.kind == TEAM_OVERDUE)
    assert str(team_item.title) == "Hotline 1: 2 overdue (conversations, reviews, plans)"
    assert team_item.url == "/people/?team=a1"
    assert all(i.url for i in items_for(org.users["team_lead"]) if i.kind == PLAN_OVERDUE)
    for role in ("agent", "hr", "management", "admin"):
        assert conversation_todos(org.users[role]) == []

    plan_draft_for(actor=Actor(user=org.users["team_lead"]), employee=org.employees["E2003"])

    assert _mine(org, "team_lead") == [(PLAN_OVERDUE, "employee:E2004")]
    team_item = next(i for i in conversation_todos(org.users["department_head"]) if i.kind == TEAM_OVERDUE)
    assert str(team_item.title) == "Hotline 1: 1 overdue (conversations, reviews, plans)"


def test_an_overdue_conversation_disappears_once_held(org):
    # Hired just before the switch-on: the direction review at six months is owed and overdue.
    person = org.employees["E2003"]
    person.hire_date = timezone.localdate() - dt.timedelta(days=210)
    person.save(update_fields=["hire_date"])
    switch_on(org, timezone.localdate() - dt.timedelta(days=200))
    kinds = {k for k, key in _mine(org, "team_lead") if key == "employee:E2003"}
    assert kinds == {CONVERSATION_OVERDUE, DIRECTION_REVIEW_OVERDUE, PLAN_OVERDUE}
    conversation_record(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        held_on=timezone.localdate(),
        kind="direction_review",
    )
    kinds = {k for k, key in _mine(org, "team_lead") if key == "employee:E2003"}
    assert kinds == {PLAN_OVERDUE}


def test_the_badge_counts_them_and_the_home_page_lists_them(org, client_for):
    switch_on(org, timezone.localdate() - dt.timedelta(days=40))
    assert count_for(org.users["team_lead"]) >= 2
    page = client_for("team_lead").get(reverse("home")).content.decode()
    assert "Start a development plan with 李娜" in page


def test_the_provider_is_cheap(org):
    switch_on(org, timezone.localdate() - dt.timedelta(days=200))
    agent = org.users["agent"]
    agent._serviceladder_roles = None
    with CaptureQueriesContext(connection) as agent_queries:
        conversation_todos(agent)
    assert len(agent_queries) <= 1  # the roles only
    lead = org.users["team_lead"]
    conversation_todos(lead)  # roles and employee cached on the user
    with CaptureQueriesContext(connection) as lead_queries:
        conversation_todos(lead)
    assert len(lead_queries) <= 2  # the policy versions, the people with their facts
