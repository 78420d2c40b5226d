"""/api/promotions/applications/{id}/attachments: list, download and removal for every role — with the same
access rules as the case page; someone else's case is 404 and tells nothing about its files."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from django.test import Client

from serviceladder.audit.models import AuditEvent
from serviceladder.promotions.models import ApplicationAttachment
from tests.promotions_attachments.builders import (
    FIRST_NAME,
    OTHER_NAME,
    SECOND_NAME,
    case_in,
    first,
    other_agent_case,
)

BASE = "/api/promotions/applications"
ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "none"]
CASE_VIEWERS = {"agent", "team_lead", "department_head", "hr", "management"}


def list_url(app) -> str:
    return f"{BASE}/{app.pk}/attachments"


def one_url(app, attachment) -> str:
    return f"{BASE}/{app.pk}/attachments/{attachment.pk}"


def delete(client, url, body: dict | None = None):
    if body is None:
        return client.delete(url)
    return client.delete(url, json.dumps(body), content_type="application/json")


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return json.loads(response.content)


def removals() -> int:
    return AuditEvent.objects.filter(action="promotion.attachment_remove").count()


@pytest.fixture
def api(org, key_for, bearer):
    """A token client per role key."""
    return lambda role: bearer(key_for(role))


@pytest.mark.django_db
def test_list_for_every_role(org, api):
    app = case_in(org, "on_notice")
    for role in ROLES:
        response = api(role).get(list_url(app))
        if role not in CASE_VIEWERS:
            body = problem(response, 404)
            assert FIRST_NAME not in json.dumps(body, ensure_ascii=False), role
            continue
        assert response.status_code == 200, role
        items = json.loads(response.content)
        assert [i["name"] for i in items] == [FIRST_NAME, SECOND_NAME]
        assert items[0]["size"] == len("客户表扬信三封".encode())
        assert items[0]["uploaded_by"] == "lina" and items[0]["uploaded_at"]
        assert items[0]["content_type"] == "text/plain"
        # on notice only HR may remove (with a reason); the uploader's window has closed
        assert items[0]["removable"] is (role == "hr") and items[0]["reason_required"] is (role == "hr")


@pytest.mark.django_db
def test_the_uploader_sees_their_files_as_removable_while_the_case_is_theirs(org, api):
    app = case_in(org, "submitted")
    items = json.loads(api("agent").get(list_url(app)).content)
    assert all(i["removable"] and not i["reason_required"] for i in items)


@pytest.mark.django_db
def test_download_for_every_role_with_the_chinese_name(org, api):
    app = case_in(org, "on_notice")
    target = first(app)
    for role in ROLES:
        response = api(role).get(one_url(app, target))
        if role not in CASE_VIEWERS:
            body = problem(response, 404)
            assert FIRST_NAME not in json.dumps(body, ensure_ascii=False)
            assert "Content-Disposition" not in response
            continue
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == "客户表扬信三封".encode()
        assert response["Content-Type"].startswith("text/plain")
        disposition = response["Content-Disposition"]
        # RFC 6266: an ASCII fallback for old clients, the exact name in filename* (UTF-8, percent-encoded)
        assert (
            disposition == "attachment; filename=\"attachment.txt\"; filename*=UTF-8''%E4%B8%9A%E7%BB%A9.txt"
        )
        assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == FIRST_NAME


@pytest.mark.django_db
def test_another_agents_case_is_not_found_and_tells_nothing(org, api, key_for, bearer):
    """lina asks for 陈静's case (another agent, another department) by its ids: 404 each time, with no file
    name, no size and nothing removed — and the other way round."""
    other, chenjing = other_agent_case(org)
    target = first(other)
    lina = api("agent")
    for response in (
        lina.get(list_url(other)),
        lina.get(one_url(other, target)),
        delete(lina, one_url(other, target), {"reason": "试试"}),
        delete(lina, one_url(other, target)),
    ):
        body = problem(response, 404)
        text = json.dumps(body, ensure_ascii=False)
        assert OTHER_NAME not in text and "陈静" not in text and str(target.size) not in text
        assert body["code"] == "promotion_not_found"
    # lina's own case in the address with 陈静's attachment id: still 404
    own = case_in(org, "submitted")
    problem(lina.get(f"{BASE}/{own.pk}/attachments/{target.pk}"), 404)
    problem(delete(lina, f"{BASE}/{own.pk}/attachments/{target.pk}"), 404)
    assert ApplicationAttachment.objects.filter(pk=target.pk).exists() and removals() == 0
    # 陈静 asks for lina's case
    from serviceladder.api.services import api_token_create
    from serviceladder.audit.services import Actor

    chen = bearer(api_token_create(actor=Actor(user=chenjing), user=chenjing, name="t").key)
    body = problem(chen.get(list_url(own)), 404)
    assert FIRST_NAME not in json.dumps(body, ensure_ascii=False)
    problem(chen.get(one_url(own, first(own))), 404)
    problem(delete(chen, one_url(own, first(own))), 404)
    assert own.attachments.count() == 2 and removals() == 0


@pytest.mark.django_db
def test_delete_for_every_role(org, api):
    """On a submitted case: others who see it 403, those who do not 404; HR needs a reason (400); the
    uploader needs none. Refusals write nothing."""
    app = case_in(org, "submitted")
    for role, status in {
        "team_lead": 403,
        "department_head": 403,
        "management": 403,
        "admin": 404,
        "none": 404,
    }.items():
        body = problem(delete(api(role), one_url(app, first(app)), {"reason": "不需要"}), status)
        assert body["code"] in ("promotion_not_allowed", "promotion_not_found"), role
        assert app.attachments.count() == 2 and removals() == 0, role
    body = problem(delete(api("hr"), one_url(app, first(app)), {"reason": " "}), 400)
    assert FIRST_NAME in body["detail"]
    assert app.attachments.count() == 2 and removals() == 0

    target = first(app)
    response = delete(api("agent"), one_url(app, target))
    assert response.status_code == 200, response.content
    answer = json.loads(response.content)
    assert answer["attachment"] == target.pk and answer["name"] == FIRST_NAME
    assert answer["file_missing"] is False and answer["application"]["state"] == "submitted"

    target = first(app)
    response = delete(api("hr"), one_url(app, target), {"reason": "与申请无关"})
    assert response.status_code == 200 and json.loads(response.content)["name"] == SECOND_NAME
    event = AuditEvent.objects.filter(action="promotion.attachment_remove").order_by("-pk").first()
    assert (event.channel, event.actor_label, event.reason) == ("api", "zhaomin", "与申请无关")
    assert app.attachments.count() == 0
    timeline = json.loads(api("agent").get(f"{BASE}/{app.pk}").content)["timeline"]
    removed = [e for e in timeline if e["kind"] == "attachment_removed"]
    assert [e["data"]["file"] for e in removed] == [FIRST_NAME, SECOND_NAME]
    assert removed[1]["text"] == "与申请无关"


@pytest.mark.django_db
def test_the_uploader_past_the_review_gets_409(org, api):
    app = case_in(org, "dept_approved")
    body = problem(delete(api("agent"), one_url(app, first(app))), 409)
    assert body["code"] == "promotion_attachment_locked" and "HR" in body["detail"]
    assert app.attachments.count() == 2 and removals() == 0


@pytest.mark.django_db
def test_hr_on_a_closed_case_gets_409(org, api):
    app = case_in(org, "rejected")
    body = problem(delete(api("hr"), one_url(app, first(app)), {"reason": "清理"}), 409)
    assert body["code"] == "promotion_attachment_locked"
    assert app.attachments.count() == 2


@pytest.mark.django_db
def test_a_stale_version_removes_nothing(org, api):
    app = case_in(org, "draft")
    body = problem(delete(api("agent"), one_url(app, first(app)), {"expected_version": app.version - 1}), 409)
    assert body["code"] == "promotion_application_stale"
    assert app.attachments.count() == 2 and removals() == 0
    ok = delete(api("agent"), one_url(app, first(app)), {"expected_version": app.version})
    assert ok.status_code == 200


@pytest.mark.django_db
def test_a_session_delete_needs_the_csrf_token(org):
    app = case_in(org, "draft")
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users["agent"])
    problem(delete(client, one_url(app, first(app))), 403)
    assert app.attachments.count() == 2
    client.get("/notifications/")
    token = client.cookies["csrftoken"].value
    response = client.delete(one_url(app, first(app)), headers={"X-CSRFToken": token})
    assert response.status_code == 200 and app.attachments.count() == 1


def test_openapi_describes_the_attachment_endpoints(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    p = "/api/promotions/applications/{application_id}/attachments"
    assert schema["paths"][p]["get"]["operationId"] == "promotion_attachments_list"
    one = schema["paths"][p + "/{attachment_id}"]
    assert one["get"]["operationId"] == "promotion_attachment_download"
    assert "application/octet-stream" in one["get"]["responses"]["200"]["content"]
    assert one["delete"]["operationId"] == "promotion_attachment_remove"
    assert "409" in one["delete"]["responses"]
