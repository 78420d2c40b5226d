"""GET /api/development/export: the command line's JSON export over the API — the same records for the
same user, the same scope, counts for management, nothing for the administrator, never private notes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from tests.development.export_setup import SECRET, export_org, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db, settings):
    settings.SECURE_SSL_REDIRECT = False
    return export_org()


def _get(org, role: str, query: str = ""):
    user = org.users[role]
    key = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="export").key
    return Client(headers={"Authorization": f"Bearer {key}"}).get(f"/api/development/export{query}")


@pytest.mark.parametrize(("role", "username"), [("team_lead", "wangfang"), ("hr", "zhaomin")])
def test_the_api_gives_the_same_records_as_the_command_line(org, tmp_path, role, username):
    response = _get(org, role)
    assert response.status_code == 200
    body = response.json()
    code, out = run(["--format", "json", "--as", username], tmp_path)
    assert code == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    assert body["kind"] == "people"
    assert [p["employee_number"] for p in body["people"]] == [p["employee_number"] for p in cli["people"]]
    by_number = {p["employee_number"]: p for p in cli["people"]}
    for person in body["people"]:
        expected = by_number[person["employee_number"]]
        assert person["plan_status"] == expected["plan_status"]
        assert [g["status"] for g in person["goals"]] == [g["status"] for g in expected["goals"]]
    assert SECRET not in response.content.decode("utf-8")


def test_an_agent_gets_their_own_record_only(org):
    body = _get(org, "agent").json()
    assert [p["employee_number"] for p in body["people"]] == ["E2003"]


def test_management_gets_counts_and_no_person(org):
    body = _get(org, "management").json()
    assert body["kind"] == "counts" and body["people"] == []
    assert sum(d["people"] for d in body["departments"] if d["department"]) >= 1
    text = json.dumps(body, ensure_ascii=False)
    assert "E2003" not in text and "李娜" not in text


def test_the_administrator_is_refused_and_a_bad_department_is_a_problem(org):
    assert _get(org, "admin").status_code == 403
    response = _get(org, "hr", "?department=no-such-dept")
    assert response.status_code == 400
    assert "no-such-dept" in response.content.decode("utf-8")
