"""The development export costs a fixed number of queries, whatever the number of people, plans and goals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.development.models import Mentorship
from serviceladder.development.selectors.export import counts_export, people_export
from serviceladder.development.services.conversations import conversation_record
from serviceladder.development.services.goals import GoalInput, goal_add
from serviceladder.development.services.plans import plan_accept, plan_edit
from serviceladder.metrics.models import MonthlyMetric
from tests.development.export_setup import export_org, today
from tests.factories import EmployeeFactory, LevelAssignmentFactory, user_with_roles

pytestmark = pytest.mark.django_db


def add_people_with_plans(org, count: int) -> None:
    """`count` more people in team a1, each with an agreed plan, a metric and a manual goal, a
    conversation, a mentor and figures."""
    lead = Actor(user=org.users["team_lead"])
    level = org.levels[0]
    for i in range(count):
        person = EmployeeFactory(
            number=f"X{i:04d}", name=f"新人{i}", team=org.teams["a1"], hire_date=dt.date(2023, 1, 1)
        )
        LevelAssignmentFactory(employee=person, level=level, effective_from=dt.date(2023, 1, 1))
        user = user_with_roles(f"x{i}", Role.AGENT, employee=person)
        for back in range(1, 4):
            month = (today().replace(day=1) - dt.timedelta(days=28 * back)).strftime("%Y-%m")
            MonthlyMetric.objects.create(
                employee=person, month=month, source="demo", fcr_rate=0.8, contacts=300
            )
        plan_edit(actor=lead, employee=person, aspiration="做质检")
        goal_add(
            actor=lead,
            employee=person,
            data=GoalInput(
                statement="FCR",
                due_date=today() + dt.timedelta(days=100),
                measure="metric",
                metric="fcr_rate",
                value="85%",
                window=3,
                min_sample=0,
            ),
        )
        goal_add(
            actor=lead,
            employee=person,
            data=GoalInput(
                statement="学习", due_date=today() + dt.timedelta(days=60), measure="manual", done_when="完成"
            ),
        )
        plan_accept(actor=lead, employee=person)
        plan_accept(actor=Actor(user=user), employee=person)
        conversation_record(
            actor=lead, employee=person, held_on=today() - dt.timedelta(days=3), private_notes="x"
        )
        Mentorship.objects.create(
            mentor=org.employees["E2002"],
            mentee=person,
            focus="带教",
            starts_on=dt.date(2024, 1, 1),
            created_by=org.users["hr"],
        )


def _queries(fn) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        rows = fn()
    return len(ctx.captured_queries), len(rows)


@pytest.mark.parametrize("role", ["hr", "team_lead", "mentor"])
def test_people_export_queries_do_not_grow_with_people(role):
    org = export_org()
    user = org.users[role]

    def export():
        fresh = type(user).objects.get(pk=user.pk)  # no cached roles: the same work each time
        return people_export(fresh, as_of=today())

    before, n_before = _queries(export)
    add_people_with_plans(org, 5)
    after, n_after = _queries(export)
    if role != "mentor":
        assert n_after == n_before + 5
    assert after == before


def test_counts_export_queries_do_not_grow_with_people():
    org = export_org()
    before, _ = _queries(lambda: counts_export(as_of=today()))
    add_people_with_plans(org, 5)
    after, _ = _queries(lambda: counts_export(as_of=today()))
    assert after == before
