"""The recognition API (issue 15, item 2): list what a person received (scoped as the web page; hidden ones
only for their lead, head and HR), give, hide and show again; errors as JSON problems."""

from __future__ import annotations

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.services.recognition import recognition_hide
from tests.recognition.received_setup import actor, thank

pytestmark = pytest.mark.django_db
READERS = {"agent", "team_lead", "department_head", "hr", "management"}
MODERATORS = {"team_lead", "department_head", "hr"}
ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "none"]


@pytest.mark.parametrize("role", ROLES)
def test_who_lists_a_persons_recognition(org, client, role):
    kept = thank(org, "management", "E2003", category="going_beyond", text="系统故障时安抚客户")
    hidden = thank(org, "hr", "E2003", text="玩笑")
    recognition_hide(actor=actor(org, "team_lead"), recognition=hidden, reason="调侃")
    client.force_login(org.users[role])
    response = client.get("/api/people/E2003/recognition")
    if role not in READERS:
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        return
    body = response.json()
    assert body["employee"] == "E2003" and body["count"] == 1
    items = {i["id"]: i for i in body["items"]}
    assert items[kept.pk]["from_name"] == "孙强" and items[kept.pk]["source"] == "colleague"
    assert items[kept.pk]["category"] == "going_beyond" and not items[kept.pk]["hidden"]
    if role in MODERATORS:
        assert items[hidden.pk]["hidden"] and items[hidden.pk]["hidden_reason"] == "调侃"
    else:
        assert hidden.pk not in items


def test_give_through_the_api(org, client):
    client.force_login(org.users["team_lead"])
    response = client.post(
        "/api/people/E2003/recognition",
        {"category": "helping_colleague", "text": "带新人熟悉系统"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["employee"], body["source"], body["from_name"]) == ("E2003", "lead", "王芳")
    assert AuditEvent.objects.get(action="recognition.give").channel == "api"


@pytest.mark.parametrize(
    ("role", "number", "payload", "status"),
    [
        ("agent", "E2003", {"category": "going_beyond", "text": "自夸"}, 400),  # oneself
        ("agent", "E2004", {"category": "nope", "text": "谢谢"}, 400),
        ("agent", "E2004", {"category": "going_beyond", "text": ""}, 400),
        ("agent", "E9999", {"category": "going_beyond", "text": "谢谢"}, 404),
        ("admin", "E2004", {"category": "going_beyond", "text": "谢谢"}, 403),
        ("none", "E2004", {"category": "going_beyond", "text": "谢谢"}, 403),
    ],
)
def test_bad_gifts_are_problems_and_write_nothing(org, client, role, number, payload, status):
    client.force_login(org.users[role])
    response = client.post(f"/api/people/{number}/recognition", payload, content_type="application/json")
    assert response.status_code == status, response.content
    assert set(response.json()) >= {"type", "title", "code", "detail", "status"}
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_hides_and_shows_through_the_api(org, client, role):
    r = thank(org, "management", "E2003")
    client.force_login(org.users[role])
    response = client.post(
        f"/api/recognition/{r.pk}/hide", {"reason": "与工作无关"}, content_type="application/json"
    )
    r.refresh_from_db()
    if role not in MODERATORS:
        assert response.status_code in (403, 404)
        assert r.hidden_at is None and not AuditEvent.objects.filter(action="recognition.hide").exists()
        return
    assert response.status_code == 200 and response.json()["hidden"] is True
    assert r.hidden_at is not None
    again = client.post(f"/api/recognition/{r.pk}/hide", {"reason": "x"}, content_type="application/json")
    assert again.status_code == 400
    shown = client.post(f"/api/recognition/{r.pk}/show", {"reason": "核实"}, content_type="application/json")
    assert shown.status_code == 200 and shown.json()["hidden"] is False
    assert AuditEvent.objects.filter(action__in=["recognition.hide", "recognition.show"]).count() == 2


def test_a_missing_reason_is_a_bad_request(org, client):
    r = thank(org, "management", "E2003")
    client.force_login(org.users["hr"])
    response = client.post(f"/api/recognition/{r.pk}/hide", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400
    r.refresh_from_db()
    assert r.hidden_at is None


def test_the_endpoints_are_in_the_openapi_schema(org, client):
    client.force_login(org.users["hr"])
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/people/{number}/recognition"])
    assert "post" in paths["/api/recognition/{recognition_id}/hide"]
    assert "post" in paths["/api/recognition/{recognition_id}/show"]
