"""Pages cost a fixed number of queries, whatever the number of people on them (no N+1)."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee
from tests.factories import EmployeeFactory, LevelAssignmentFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def add_people_to_the_agents_team(count: int) -> None:
    agent = Employee.objects.get(user__username="agent")
    level = agent.level_assignments.first().level
    for i in range(count):
        person = EmployeeFactory(number=f"X{i:04d}", name=f"新人{i}", team=agent.team, manager=agent.manager)
        LevelAssignmentFactory(employee=person, level=level, effective_from=dt.date(2026, 1, 1))
        MonthlyMetric.objects.create(
            employee=person, month="2026-10", source="demo", csat_mean=4.5, fcr_rate=0.8
        )


@pytest.mark.parametrize("username", ["hr", "management", "head", "lead", "agent", "admin"])
def test_home_and_directory_queries_do_not_grow_with_people(client, username):
    demo_load(org=generate(seed=5, agents=20, months=3, today=dt.date(2026, 11, 24)), actor=Actor(user=None))
    client.force_login(User.objects.get(username=username))
    pages = ["/", "/people/"] if username != "agent" else ["/"]
    before = {url: queries_for(client, url) for url in pages}
    add_people_to_the_agents_team(12)
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
