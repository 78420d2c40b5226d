"""The plan API: a person's plan in force and draft, and every version, for the people who read the plan
(the person, their lead and head, HR, their mentor); 404 for everyone else; listed in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest

from serviceladder.development.services.plan_actions import action_update_record
from serviceladder.development.services.plans import plan_edit
from tests.development.plans_setup import ROLES, agreed_plan, as_, plan_org

pytestmark = pytest.mark.django_db
READERS = {"agent", "team_lead", "department_head", "hr", "mentor"}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_plan_through_the_api(client, role):
    org = plan_org()
    v1 = agreed_plan(org)
    person = org.employees["E2003"]
    action_update_record(
        actor=as_(org, "agent"), employee=person, lineage=v1.actions.get().lineage, status="in_progress"
    )
    plan_edit(actor=as_(org, "agent"), employee=person, aspiration="转岗到运营部", horizon_short="学")
    client.force_login(org.users[role])
    plan = client.get("/api/people/E2003/development/plan")
    versions = client.get("/api/people/E2003/development/plan/versions")
    if role not in READERS:
        assert (plan.status_code, versions.status_code) == (404, 404)
        return
    assert plan.status_code == 200
    body = plan.json()
    assert body["status"] == "active"
    assert (body["in_force"]["number"], body["in_force"]["target_level"]) == (1, "L3")
    assert (body["draft"]["number"], body["draft"]["aspiration"]) == (2, "转岗到运营部")
    assert body["in_force"]["actions"][0]["status"] == "in_progress"
    assert [(v["number"], v["state"]) for v in versions.json()] == [(2, "draft"), (1, "agreed")]


def test_a_person_without_a_plan_and_the_schema(client):
    org = plan_org()
    client.force_login(org.users["agent"])
    body = client.get("/api/people/E2003/development/plan").json()
    assert body == {"plan": None, "status": "none", "template_code": "", "in_force": None, "draft": None}
    schema = json.loads(client.get("/api/openapi.json").content)
    assert {"/api/people/{number}/development/plan", "/api/people/{number}/development/plan/versions"} <= set(
        schema["paths"]
    )
