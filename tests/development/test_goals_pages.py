"""Goal pages over HTTP, per role: the goal list in the plan section, the form (also from "make this a goal"
on My path), the goal page, check-ins and the lead's judgement."""

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.development.models import Goal, GoalCheckIn, GoalJudgement, PlanVersion
from serviceladder.development.services.goals import GoalInput, goal_add
from serviceladder.org.models import LevelAssignment
from tests.web.org import ensure_policy

pytestmark = pytest.mark.django_db


def _agree(version):
    version.state = PlanVersion.State.AGREED
    version.save(update_fields=["state"])
    version.plan.status = "active"
    version.plan.save(update_fields=["status"])


def _goal(org, **over):
    data = {
        "statement": "首次解决率三个月不低于85%",
        "due_date": (dt.date.today() + dt.timedelta(days=90)).isoformat(),
        "measure": "metric",
        "metric": "fcr_rate",
        "comparison": ">=",
        "value": "85%",
        "window": "3",
    }
    data.update(over)
    return goal_add(actor=Actor(org.users["agent"]), employee=org.employees["E2003"], data=GoalInput(**data))


# who may see E2003's goals (can_see_plan), who may change them (the person and their lead), who may judge
SEE = {"agent", "team_lead", "department_head", "hr"}
CHANGE = {"agent", "team_lead", "hr"}


@pytest.mark.parametrize(
    "role", ["agent", "team_lead", "department_head", "hr", "management", "admin", "none"]
)
def test_the_goal_page_and_list_per_role(client_for, org, role):
    goal = _goal(org)
    client = client_for(role)
    detail = client.get(reverse("goal_detail", args=["E2003", goal.lineage]))
    plan = client.get(reverse("person_development", args=["E2003"]))
    if role in SEE:
        assert detail.status_code == 200 and plan.status_code == 200
        assert "首次解决率三个月不低于85%" in plan.content.decode()
    else:
        assert detail.status_code in (403, 404) and plan.status_code in (403, 404)
    form = client.get(reverse("goal_new", args=["E2003"]))
    assert (form.status_code == 200) == (role in CHANGE)


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "none"])
def test_adding_a_goal_over_http(client_for, org, role):
    client = client_for(role)
    due = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    response = client.post(
        reverse("goal_new", args=["E2003"]),
        {"statement": "Lead a study group", "due_date": due, "measure": "manual", "done_when": "3 sessions"},
    )
    if role in CHANGE:
        goal = Goal.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("goal_detail", args=["E2003", goal.lineage])
    else:
        assert response.status_code in (403, 404)
        assert not Goal.objects.exists()


def test_a_bad_goal_shows_its_reason_and_writes_nothing(client_for, org):
    client = client_for("agent", "zh-hans")
    response = client.post(
        reverse("goal_new", args=["E2003"]),
        {
            "statement": "x",
            "due_date": "2020-01-01",
            "measure": "metric",
            "metric": "fcr_rate",
            "value": "85%",
        },
    )
    assert response.status_code == 400
    assert not Goal.objects.exists() and not PlanVersion.objects.exists()


def _on_l1(org):
    """E2003 on L1 (since 2022): L1 → L2 asks CSAT ≥ 4.5 over 6 months with 30 rated contacts a month,
    an exam and a competency confirmation (WEB_POLICY)."""
    ensure_policy(org)
    LevelAssignment.objects.filter(employee=org.employees["E2003"], level__code="L2").delete()


def test_make_this_a_goal_prefills_from_the_unmet_condition(client_for, org):
    _on_l1(org)
    client = client_for("agent")
    path = client.get(reverse("my_path")).content.decode()
    assert "Make this a goal" in path
    url = reverse("goal_new", args=["E2003"]) + "?to=L2&clause=metric_threshold&key=csat_mean"
    assert url.replace("&", "&amp;") in path
    form = client.get(url).content.decode()
    assert 'value="csat_mean" selected' in form
    assert 'name="value" value="4.5"' in form
    assert 'name="window" min="1" max="36" value="6"' in form
    assert 'name="min_sample" min="0" value="30"' in form
    assert 'name="source_step" value="L1→L2"' in form
    # an exam condition becomes a manual goal with a statement
    exam = client.get(reverse("goal_new", args=["E2003"]) + "?to=L2&clause=exam_score&key=").content.decode()
    assert 'value="manual" checked' in exam


def test_the_goal_list_does_not_repeat_a_measure_the_statement_already_says(client_for, org):
    measure = "First-contact resolution at least 85% · average over the window, 3 months"
    said = _goal(org, statement=f"{measure} (for the promotion to Agent)")
    other = _goal(org, statement="Lift my FCR", value="80%")
    page = client_for("agent").get(reverse("person_development", args=["E2003"])).content.decode()
    assert said.statement in page and other.statement in page
    assert page.count(measure) == 1  # only in the statement, not again under it
    assert "First-contact resolution at least 80% · average over the window, 3 months" in page


def test_the_department_head_sees_no_make_this_a_goal(client_for, org):
    _on_l1(org)
    page = client_for("department_head").get(reverse("person_path", args=["E2003"])).content.decode()
    assert "Make this a goal" not in page
    page = client_for("team_lead").get(reverse("person_path", args=["E2003"])).content.decode()
    assert "Make this a goal" in page


def test_check_ins_and_the_leads_judgement_over_http(client_for, org):
    goal = _goal(
        org,
        measure="manual",
        done_when="3 sessions",
        due_date=dt.date.today().isoformat(),
    )
    _agree(goal.version)
    agent = client_for("agent")
    url = reverse("goal_check_in", args=["E2003", goal.lineage])
    assert agent.post(url, {"date": dt.date.today().isoformat(), "percent_done": "50"}).status_code == 302
    assert agent.post(url, {"date": dt.date.today().isoformat(), "percent_done": "150"}).status_code == 400
    assert GoalCheckIn.objects.count() == 1
    judge = reverse("goal_judge", args=["E2003", goal.lineage])
    assert agent.post(judge, {"status": "achieved"}).status_code in (403, 404)
    assert client_for("department_head").post(judge, {"status": "achieved"}).status_code in (403, 404)
    assert not GoalJudgement.objects.exists()
    lead = client_for("team_lead")
    page = lead.get(reverse("goal_detail", args=["E2003", goal.lineage])).content.decode()
    assert "Judge this goal" in page
    assert lead.post(judge, {"status": "achieved"}).status_code == 302
    assert GoalJudgement.objects.get().status == "achieved"
