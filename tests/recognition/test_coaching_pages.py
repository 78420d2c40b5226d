"""The coaching pages and API over HTTP (issue 15 item 4): the lead records a session from the task page,
the person acknowledges it; others are refused and nothing is written; the person's section and the
landing block; /api/coaching scoped per role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from serviceladder.development.models import Goal
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.services.coaching import coaching_scan
from tests.recognition.coaching_setup import coaching_org

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def org():
    org = coaching_org()
    coaching_scan()
    return org


def task(rule="qa-drop") -> CoachingTask:
    return CoachingTask.objects.get(employee__number="E2003", rule_code=rule)


def url(t=None):
    return reverse("coaching_task", args=[(t or task()).pk])


SESSION = {
    "action": "record",
    "session_on": TODAY.isoformat(),
    "focus_metric": "qa_score",
    "focus_competency": "",
    "agreed": "Listen to two recorded calls a week",
    "follow_up_on": "",
}


def test_the_lead_sees_the_list_and_the_evidence_in_words(client_for, org):
    client = client_for("team_lead")
    html = client.get(reverse("coaching_list")).content.decode()
    assert html.count(url()) >= 1 and url(task("csat-below")) in html
    page = client.get(url()).content.decode()
    assert "worse by 10 than the own average of 90 over the 3 months before" in page
    assert "Record the coaching session" in page and "Dismiss the task" in page
    assert "<svg" in page  # the metric before and after
    assert "Acknowledge the session" not in page


def test_the_lead_records_and_the_agent_acknowledges(client_for, org):
    response = client_for("team_lead").post(url(), SESSION)
    assert response.status_code == 302
    t = task()
    assert (t.state, t.agreed, t.follow_up_on) == (
        "recorded",
        SESSION["agreed"],
        TODAY + dt.timedelta(days=21),
    )
    agent = client_for("agent")
    page = agent.get(url()).content.decode()
    assert "Acknowledge the session" in page and "Record the coaching session" not in page
    assert agent.post(url(), {"action": "acknowledge", "comment": "Thanks"}).status_code == 302
    t = task()
    assert (t.state, t.agent_comment) == ("acknowledged", "Thanks")


def test_a_bad_session_shows_the_reason_and_writes_nothing(client_for, org):
    response = client_for("team_lead").post(url(), {**SESSION, "agreed": ""})
    assert response.status_code == 400
    assert "Write what was agreed in the session." in response.content.decode()
    assert task().state == "open"


@pytest.mark.parametrize(("role", "status"), [("agent", 403), ("department_head", 403), ("management", 404)])
def test_others_may_not_record(client_for, org, role, status):
    assert client_for(role).post(url(), SESSION).status_code == status
    assert task().state == "open"


def test_the_lead_may_not_acknowledge_for_the_agent(client_for, org):
    client = client_for("team_lead")
    client.post(url(), SESSION)
    assert client.post(url(), {"action": "acknowledge"}).status_code == 403
    assert task().state == "recorded"


def test_make_a_goal_from_the_task_page(client_for, org):
    client = client_for("team_lead")
    client.post(url(), SESSION)
    assert client.post(url(), {"action": "goal"}).status_code == 302
    goal = Goal.objects.get(lineage=task().goal_lineage)
    assert goal.version.plan.employee.number == "E2003"
    page = client.get(url()).content.decode()
    assert reverse("goal_detail", args=["E2003", goal.lineage]) in page


def test_the_persons_section_and_the_landing(client_for, org):
    page = client_for("agent").get(reverse("person_recognition", args=["E2003"])).content.decode()
    assert url() in page and url(task("csat-below")) in page
    landing = client_for("team_lead").get(reverse("recognition")).content.decode()
    assert "2 open coaching tasks for your people." in landing
    other = client_for("agent", "zh-hans").get(reverse("person_recognition", args=["E2004"]))
    assert other.status_code in (403, 404)


def test_the_task_page_in_chinese(client_for, org):
    page = client_for("team_lead", "zh-hans").get(url()).content.decode()
    assert "比之前3个月的个人平均值90差10" in page


def _bearer(org, role):
    from django.test import Client

    user = org.users[role]
    key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_api_lists_records_and_acknowledges_in_scope(org):
    lead = _bearer(org, "team_lead")
    rows = lead.get("/api/coaching/tasks").json()
    assert {(r["person"]["number"], r["rule"]) for r in rows} == {
        ("E2003", "csat-below"),
        ("E2003", "qa-drop"),
    }
    assert _bearer(org, "management").get("/api/coaching/tasks").json() == []
    path = f"/api/coaching/tasks/{task().pk}"
    body = {"session_on": TODAY.isoformat(), "focus_metric": "qa_score", "agreed": "两周后复盘"}
    assert (
        _bearer(org, "agent").post(f"{path}/session", body, content_type="application/json").status_code
        == 403
    )
    assert (
        _bearer(org, "management").post(f"{path}/session", body, content_type="application/json").status_code
        == 404
    )
    assert task().state == "open"
    out = lead.post(f"{path}/session", body, content_type="application/json")
    assert out.status_code == 200 and out.json()["state"] == "recorded"
    bad = lead.post(f"{path}/acknowledge", {}, content_type="application/json")
    assert bad.status_code == 403
    ack = _bearer(org, "agent").post(
        f"{path}/acknowledge", {"comment": "收到"}, content_type="application/json"
    )
    assert ack.status_code == 200 and ack.json()["agent_comment"] == "收到"
    assert task().state == "acknowledged"
