"""GET /api/people/{number}/goals per role, and the lead's to-do for a manual goal due and unjudged."""

import datetime as dt

import pytest

from serviceladder.audit.services import Actor
from serviceladder.development.models import PlanVersion
from serviceladder.development.services.goals import GoalInput, goal_add, goal_judge
from serviceladder.development.todos_goals import GOAL_TO_JUDGE
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.rules.periods import window
from serviceladder.todos.registry import items_for
from tests.api.conftest import bearer, key_for  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _agree(version):
    version.state = PlanVersion.State.AGREED
    version.save(update_fields=["state"])
    version.plan.status = "active"
    version.plan.save(update_fields=["status"])


def _add(org, **over):
    data = {
        "statement": "FCR ≥ 85%",
        "due_date": (TODAY + dt.timedelta(days=60)).isoformat(),
        "measure": "metric",
        "metric": "fcr_rate",
        "value": "85%",
        "window": "3",
    }
    data.update(over)
    return goal_add(actor=Actor(org.users["agent"]), employee=org.employees["E2003"], data=GoalInput(**data))


@pytest.mark.parametrize(
    ("role", "status", "figures"),
    [
        ("agent", 200, True),
        ("team_lead", 200, True),
        ("department_head", 200, True),
        ("hr", 200, True),
        ("management", 404, None),
        ("admin", 404, None),
    ],
)
def test_goals_api_per_role(org, key_for, bearer, role, status, figures):  # noqa: F811
    person = org.employees["E2003"]
    MonthlyMetric.objects.filter(employee=person).delete()
    for m in window(TODAY, 3):
        MonthlyMetric.objects.create(employee=person, month=m, source="demo", fcr_rate=0.8, contacts=300)
    _add(org)
    response = bearer(key_for(role)).get("/api/people/E2003/goals")
    assert response.status_code == status
    if status == 200:
        [goal] = response.json()["goals"]
        assert goal["status"] == "off_track" and goal["clause"]["value"] == "0.85"
        assert goal["months"] == list(window(TODAY, 3))
        assert goal["actual"] == pytest.approx(0.8)


def test_the_lead_is_asked_to_judge_a_due_manual_goal_until_judged(org):
    goal = _add(org, measure="manual", done_when="3 sessions", due_date=TODAY.isoformat())
    lead = org.users["team_lead"]
    assert [i.kind for i in items_for(lead)].count(GOAL_TO_JUDGE) == 0  # a draft goal is not judged
    _agree(goal.version)
    mine = [i for i in items_for(lead) if i.kind == GOAL_TO_JUDGE]
    assert len(mine) == 1 and str(goal.lineage) in mine[0].url
    for other in ("agent", "hr", "management"):
        assert GOAL_TO_JUDGE not in [i.kind for i in items_for(org.users[other])]
    goal_judge(actor=Actor(lead), employee=org.employees["E2003"], lineage=goal.lineage, status="achieved")
    assert GOAL_TO_JUDGE not in [i.kind for i in items_for(lead)]
