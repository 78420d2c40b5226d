"""Who may do what with an improvement plan (issue 15 item 5): the person, their lead, their head and HR
read it; management, an administrator and anyone else never see it (404, as for a plan that does not
exist). Every role × page × endpoint; a refused step writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.api.services import api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.recognition.models import ImprovementCheckIn
from tests.recognition.improvement_helpers import make_plan
from tests.web.org import ROLE_KEYS, build_org

pytestmark = pytest.mark.django_db

READERS = {"agent", "team_lead", "department_head", "hr"}


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client, org, role):
    client.force_login(org.users[role])
    return client


def _url(name, plan, number="E2003"):
    return reverse(name, args=[number, plan.pk])


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_the_plan_page_and_the_person_section_for_every_role(client, org, role):
    plan = make_plan(org, state="active")
    _login(client, org, role)
    page = client.get(_url("improvement_plan", plan))
    section = client.get(reverse("person_recognition", args=["E2003"]))
    if role in READERS:
        assert page.status_code == 200
        assert "never an automatic sanction or dismissal" in page.content.decode()
        assert plan_link(plan) in section.content.decode()
    else:
        assert page.status_code == 404
        assert plan_link(plan) not in section.content.decode()


def plan_link(plan):
    return _url("improvement_plan", plan)


def test_a_plan_is_only_found_under_its_own_person(client, org):
    plan = make_plan(org, state="active")
    _login(client, org, "hr")
    assert client.get(_url("improvement_plan", plan, number="E2004")).status_code == 404


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_the_lead_review_form(client, org, role):
    plan = make_plan(org)
    _login(client, org, role)
    answer = client.get(_url("improvement_lead_review", plan))
    assert answer.status_code == (200 if role in {"team_lead", "hr"} else 403 if role in READERS else 404)


STEPS = {
    # name: (plan state, lead reviewed, post data, roles allowed)
    "improvement_hr_review": ("proposed", True, {"decision": "approve"}, {"hr"}),
    "improvement_check_in": ("active", True, {"date": "", "note": "进展顺利"}, {"team_lead", "hr"}),
    "improvement_acknowledge": ("active", True, {"comment": "同意"}, {"agent"}),
    "improvement_respond": ("active", True, {"response": "我会努力"}, {"agent"}),
    "improvement_outcome": ("active", True, {"outcome": "closed", "reason": "调岗"}, {"team_lead", "hr"}),
}


@pytest.mark.parametrize("role", ROLE_KEYS)
@pytest.mark.parametrize("name", sorted(STEPS))
def test_every_step_for_every_role(client, org, role, name):
    state, reviewed, data, allowed = STEPS[name]
    plan = make_plan(org, state=state, lead_reviewed=reviewed)
    if name == "improvement_check_in":
        data = {**data, "date": timezone.localdate().isoformat()}
    _login(client, org, role)
    events = AuditEvent.objects.count()
    answer = client.post(_url(name, plan), data)
    if role in allowed:
        assert answer.status_code == 302, answer.content.decode()[:500]
        assert AuditEvent.objects.count() == events + 1
    else:
        assert answer.status_code in ({403, 400} if role in READERS else {404})
        assert AuditEvent.objects.count() == events
        plan.refresh_from_db()
        assert (plan.state, plan.acknowledged_at, plan.agent_response) == (state, None, "")
        assert not ImprovementCheckIn.objects.exists()


def test_steps_answer_405_to_get(client, org):
    plan = make_plan(org, state="active")
    _login(client, org, "hr")
    for name in STEPS:
        assert client.get(_url(name, plan)).status_code == 405


def _token(user):
    return api_token_create(actor=Actor(user=user, channel="web"), user=user, name="t").key


@pytest.mark.parametrize("role", [r for r in ROLE_KEYS if r != "none"])
def test_the_api_reads_for_readers_only(client, org, role):
    plan = make_plan(org, state="active")
    headers = {"Authorization": f"Bearer {_token(org.users[role])}"}
    one = client.get(f"/api/people/E2003/improvement-plans/{plan.pk}", headers=headers)
    listing = client.get("/api/people/E2003/improvement-plans", headers=headers)
    if role in READERS:
        assert one.status_code == 200 and one.json()["state"] == "active"
        assert one.json()["evidence_months"][0] == {"month": "2026-08", "pct": 100.0, "group_size": 10}
        assert [p["id"] for p in listing.json()] == [plan.pk]
    else:
        assert one.status_code == 404 and listing.status_code == 404


API_STEPS = {
    "hr-review": ({"decision": "approve"}, {"hr"}),
    "check-ins": ({"date": "TODAY", "note": "进展顺利"}, {"team_lead", "hr"}),
    "acknowledgment": ({"comment": "同意"}, {"agent"}),
    "response": ({"response": "我会努力"}, {"agent"}),
    "outcome": ({"outcome": "closed", "reason": "调岗"}, {"team_lead", "hr"}),
}


@pytest.mark.parametrize("role", [r for r in ROLE_KEYS if r != "none"])
@pytest.mark.parametrize("step", sorted(API_STEPS))
def test_every_api_step_for_every_role(client, org, role, step):
    data, allowed = API_STEPS[step]
    plan = make_plan(org, state="proposed" if step == "hr-review" else "active", lead_reviewed=True)
    data = {k: (timezone.localdate().isoformat() if v == "TODAY" else v) for k, v in data.items()}
    headers = {"Authorization": f"Bearer {_token(org.users[role])}"}
    events = AuditEvent.objects.exclude(action__startswith="api").count()
    answer = client.post(
        f"/api/people/E2003/improvement-plans/{plan.pk}/{step}",
        data,
        content_type="application/json",
        headers=headers,
    )
    if role in allowed:
        assert answer.status_code in (200, 201), answer.content
    else:
        assert answer.status_code in ({403, 400} if role in READERS else {404}), answer.content
        assert AuditEvent.objects.exclude(action__startswith="api").count() == events


def test_the_lead_review_over_the_api_is_the_lead_s(client, org):
    plan = make_plan(org)
    body = {"decision": "decline", "note": "刚调岗，先观察"}
    for role, status in (("agent", 403), ("department_head", 403), ("management", 404), ("team_lead", 200)):
        headers = {"Authorization": f"Bearer {_token(org.users[role])}"}
        answer = client.post(
            f"/api/people/E2003/improvement-plans/{plan.pk}/lead-review",
            body,
            content_type="application/json",
            headers=headers,
        )
        assert answer.status_code == status, (role, answer.content)
    plan.refresh_from_db()
    assert plan.state == "declined" and plan.lead_note == "刚调岗，先观察"
    assert plan.lead_reviewed_at.date() <= dt.date.today() + dt.timedelta(days=1)


def test_the_landing_shows_what_waits_for_the_reader(client, org):
    plan = make_plan(org)
    wanted = "Review the proposal for an improvement plan for"
    for role, shown in (("team_lead", True), ("hr", False), ("agent", False), ("management", False)):
        _login(client, org, role)
        page = client.get(reverse("recognition")).content.decode()
        assert (wanted in page) is shown, role
        assert (_url("improvement_plan", plan) in page) is shown, role
