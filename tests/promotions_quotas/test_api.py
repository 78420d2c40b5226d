"""PUT /api/promotions/cycles/{id}/quotas: HR with a token (200 with the new version), bad input as 400
problems, other roles 403, a missing cycle 404, a lost race or a frozen cycle 409 — and nothing written
whenever it is refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from serviceladder.api.services import api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.promotions.errors import (
    QUOTA_BELOW_APPROVED,
    QUOTA_INVALID,
    QUOTAS_AFTER_NOTICE,
    QUOTAS_REASON_REQUIRED,
    STALE_CYCLE,
)
from serviceladder.promotions.services import promotion_notice_publish
from tests.promotions_quotas.conftest import REASON, approved, cycle_row, set_quotas

pytestmark = pytest.mark.django_db


@pytest.fixture
def put(org):
    """PUT the quotas of a cycle with a fresh API token of a role key."""
    clients: dict[str, Client] = {}

    def call(key: str, body: dict, cycle_id: int | None = None):
        if key not in clients:
            user = org.users[key]
            token = api_token_create(actor=Actor(user=user, channel="web"), user=user, name="test").key
            clients[key] = Client(headers={"Authorization": f"Bearer {token}"})
        url = f"/api/promotions/cycles/{cycle_id or org.cycle.pk}/quotas"
        return clients[key].put(url, json.dumps(body), content_type="application/json")

    return call


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["status"] == status, body
    return body


def quota_events():
    return AuditEvent.objects.filter(action="promotion.cycle_quotas")


def test_hr_sets_the_quotas_and_gets_the_cycle_with_its_new_version(put, org):
    response = put("hr", {"quotas": {"L2": 3, "L3": None, "EX1": 1}, "reason": REASON, "expected_version": 1})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["quotas"] == {"EX1": 1, "L2": 3} and body["version"] == 2
    assert {q["level"]: q["quota"] for q in body["quota_use"]} == {"EX1": 1, "L2": 3}
    event = quota_events().get()
    assert event.channel == "api" and event.reason == REASON
    assert event.before == {"EX1": None, "L2": 1, "L3": 2} and event.after == {"EX1": 1, "L2": 3, "L3": None}
    # without expected_version the change is made against whatever is current
    assert put("hr", {"quotas": {"L2": 4}, "reason": REASON}).json()["version"] == 3


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"quotas": {"L2": -1}, "reason": REASON}, lambda: str(QUOTA_INVALID) % {"level": "L2", "value": -1}),
        ({"quotas": {"L2": 4}, "reason": " "}, lambda: str(QUOTAS_REASON_REQUIRED)),
    ],
)
def test_a_refused_value_or_reason_is_a_400_problem_with_the_message(put, org, body, detail):
    before = cycle_row(org)
    assert problem(put("hr", body), 400, "promotion_invalid")["detail"] == detail()
    assert cycle_row(org) == before and not quota_events().exists()


def test_a_body_that_is_not_a_quota_map_is_a_400_with_field_errors(put, org):
    before = cycle_row(org)
    body = problem(put("hr", {"quotas": {"L2": "three"}, "reason": REASON}), 400, "invalid")
    assert body["errors"][0]["field"] == "payload.quotas.L2"
    problem(put("hr", {"quotas": {"L2": 2}}), 400, "invalid")  # no reason at all
    assert cycle_row(org) == before


def test_below_the_approvals_is_a_400_naming_level_approvals_and_quota(put, org):
    set_quotas(org, {"L2": 2, "L3": 2})
    approved(org, "applicant")
    approved(org, "colleague")
    body = problem(put("hr", {"quotas": {"L2": 1, "L3": 2}, "reason": REASON}), 400, "promotion_invalid")
    assert body["detail"] == str(QUOTA_BELOW_APPROVED) % {"level": "Level 2 (L2)", "approved": 2, "quota": 1}


@pytest.mark.parametrize("key", ["applicant", "nominator", "head", "management", "admin"])
def test_other_roles_get_403_and_nothing_changes(put, org, key):
    before = cycle_row(org)
    problem(put(key, {"quotas": {"L2": 9}, "reason": REASON}), 403, "forbidden")
    assert cycle_row(org) == before and not quota_events().exists()


def test_a_missing_cycle_is_404(put, org):
    problem(put("hr", {"quotas": {"L2": 9}, "reason": REASON}, cycle_id=999999), 404, "promotion_not_found")


def test_a_lost_race_is_409_naming_who_won_and_nothing_is_written(put, org):
    assert (
        put("hr2", {"quotas": {"L2": 2, "L3": 2}, "reason": "先改", "expected_version": 1}).status_code == 200
    )
    before = cycle_row(org)
    body = problem(
        put("hr", {"quotas": {"L2": 5, "L3": 2}, "reason": REASON, "expected_version": 1}),
        409,
        "promotion_cycle_stale",
    )
    assert body["detail"].startswith(str(STALE_CYCLE).split("%(actor)s")[0]) and "qianli" in body["detail"]
    assert cycle_row(org) == before and quota_events().count() == 1


def test_after_the_notice_the_quotas_are_frozen_409(put, org):
    app = approved(org, "applicant")
    promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle, applications=[app])
    before = cycle_row(org)
    body = problem(put("hr", {"quotas": {"L2": 5}, "reason": REASON}), 409, "promotion_quotas_frozen")
    assert body["detail"] == str(QUOTAS_AFTER_NOTICE) % {
        "cycle": "2025 下半年晋升",
        "published": "2025-09-25",
    }
    assert cycle_row(org) == before


def test_the_endpoint_is_documented_in_the_openapi_schema(client):
    schema = json.loads(client.get("/api/openapi.json").content)
    op = schema["paths"]["/api/promotions/cycles/{cycle_id}/quotas"]["put"]
    assert op["operationId"] == "promotion_cycle_quotas_set" and op["tags"] == ["promotions"]
    assert op["summary"] and "409" in op["description"] and "reason" in op["description"]
    assert {"200", "400", "403", "404", "409"} <= set(op["responses"])
    fields = schema["components"]["schemas"]["QuotasIn"]["properties"]
    assert {"quotas", "reason", "expected_version"} <= set(fields) and fields["expected_version"][
        "description"
    ]
    assert "version" in schema["components"]["schemas"]["CycleOut"]["properties"]
