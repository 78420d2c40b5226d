"""The eligibility pages cost a fixed number of queries, whatever the number of people on them."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.learning.models import Completion
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee, ExamResult
from tests.factories import EmployeeFactory, LevelAssignmentFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def add_people_to_the_agents_team(count: int) -> None:
    agent = Employee.objects.get(user__username="agent")
    level = agent.level_assignments.order_by("-effective_from").first().level
    for i in range(count):
        person = EmployeeFactory(number=f"X{i:04d}", name=f"新人{i}", team=agent.team, manager=agent.manager)
        LevelAssignmentFactory(employee=person, level=level, effective_from=dt.date(2025, 1, 1))
        for month in ("2026-08", "2026-09", "2026-10"):
            MonthlyMetric.objects.create(
                employee=person, month=month, source="demo", contacts=400, csat_mean=4.6, csat_rated=60
            )
        ExamResult.objects.create(employee=person, date=dt.date(2026, 9, 20), name="考核", score=88)
        Completion.objects.create(
            employee=person, name="服务基础与系统操作", completed_on=dt.date(2025, 2, 1)
        )


@pytest.mark.parametrize("username", ["hr", "management", "head", "lead", "agent"])
def test_eligibility_page_queries_do_not_grow_with_people(client, username):
    demo_load(org=generate(seed=5, agents=20, months=6, today=dt.date(2026, 11, 24)), actor=Actor(user=None))
    client.force_login(User.objects.get(username=username))
    agent = Employee.objects.get(user__username="agent")
    pages = ["/me/path/", f"/people/{agent.number}/path/"]
    if username != "agent":
        pages += ["/eligibility/", "/eligibility/?status=not_yet", "/eligibility/export.csv"]
    before = {url: queries_for(client, url) for url in pages}
    add_people_to_the_agents_team(12)
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
