"""The voice channel's API: own items and raising one, the scoped inbox, anonymity, problems that write
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.wellbeing.models import VoiceItem
from tests.wellbeing.voice_helpers import know_next_year, load_voice_policy, raise_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar(db):
    know_next_year()


URL = "/api/wellbeing/voice"


def test_raise_an_anonymous_item_and_list_it(org, client):
    load_voice_policy(org, days=10)
    client.force_login(org.users["agent"])
    payload = {
        "kind": "suggestion",
        "addressed_to": "department",
        "anonymous": True,
        "subject": "工位",
        "body": "灯太暗",
    }
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["anonymous"] and body["department"] == "dept-a" and body["submitter"] == "E2003"
    assert AuditEvent.objects.get(action="voice.submit").channel == "api"
    listed = client.get(URL).json()
    assert [i["id"] for i in listed] == [body["id"]] and listed[0]["due_on"] == body["due_on"]


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "nope", "subject": "s", "body": "b"},
        {"kind": "suggestion", "subject": "", "body": "b"},
        {"kind": "suggestion", "addressed_to": "nobody", "subject": "s", "body": "b"},
        {"subject": "s", "body": "b"},
    ],
)
def test_bad_input_is_a_problem_and_writes_nothing(org, client, payload):
    client.force_login(org.users["agent"])
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400 and response.json()["status"] == 400
    assert not VoiceItem.objects.exists()


@pytest.mark.parametrize(("role", "named"), [("hr", True), ("department_head", False)])
def test_the_inbox_names_an_anonymous_submitter_only_to_hr(org, client, role, named):
    load_voice_policy(org, days=10)
    item = raise_item(org, anonymous=True, day=dt.date.today())
    client.force_login(org.users[role])
    rows = client.get(f"{URL}/inbox").json()
    assert [r["id"] for r in rows] == [item.pk]
    assert rows[0]["submitter"] == ("E2003" if named else None)
    if not named:
        assert "E2003" not in str(rows) and "李娜" not in str(rows)


@pytest.mark.parametrize("role", ["agent", "management", "admin"])
def test_the_inbox_is_for_those_who_answer(org, client, role):
    load_voice_policy(org, days=10)
    raise_item(org, anonymous=True, day=dt.date.today())
    client.force_login(org.users[role])
    assert client.get(f"{URL}/inbox").status_code == 403


def test_a_team_lead_sees_only_the_items_they_own(org, client):
    load_voice_policy(org, days=10)
    raise_item(org, day=dt.date.today())
    client.force_login(org.users["team_lead"])
    assert client.get(f"{URL}/inbox").json() == []
