"""Token and session authentication, and CSRF on session writes."""

import pytest
from django.test import Client
from django.utils import timezone

from serviceladder.api.models import ApiToken
from serviceladder.api.services import api_token_revoke
from serviceladder.audit.services import Actor
from serviceladder.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert set(body) >= {"type", "title", "code", "detail", "status"}
    return body


def test_token_authenticates_and_records_last_use(org, key_for, bearer):
    key = key_for("agent")
    response = bearer(key).get("/api/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "lina",
        "roles": ["agent"],
        "employee_number": "E2003",
        "employee_name": "李娜",
    }
    assert ApiToken.objects.get(user=org.users["agent"]).last_used_at is not None


def test_without_credentials_is_401_with_a_challenge(client, org):
    response = client.get("/api/me")
    _problem(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda key: "sl_00000000_" + key[12:],  # unknown prefix
        lambda key: "not-a-token",
        lambda key: "",
    ],
    ids=["wrong-secret", "unknown-prefix", "malformed", "empty"],
)
def test_wrong_token_is_401(org, key_for, bearer, mangle):
    key = key_for("hr")
    _problem(bearer(mangle(key)).get("/api/people"), 401, "unauthorized")


def test_revoked_token_is_401(org, key_for, bearer):
    key = key_for("hr")
    client = bearer(key)
    assert client.get("/api/me").status_code == 200
    token = ApiToken.objects.get(user=org.users["hr"])
    api_token_revoke(actor=Actor(user=org.users["hr"]), token_id=token.pk)
    _problem(client.get("/api/me"), 401, "unauthorized")


def test_token_of_a_deactivated_user_is_401(org, key_for, bearer):
    key = key_for("team_lead")
    user = org.users["team_lead"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    _problem(bearer(key).get("/api/me"), 401, "unauthorized")


def test_a_wrong_token_is_not_rescued_by_a_session(client, org):
    client.force_login(org.users["hr"])
    assert client.get("/api/me").status_code == 200
    _problem(client.get("/api/me", headers={"Authorization": "Bearer sl_00000000_nope"}), 401, "unauthorized")


def test_session_authenticates(client, org):
    client.force_login(org.users["team_lead"])
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["roles"] == ["agent", "team_lead"]


def _unread(user):
    return Notification.objects.create(recipient=user, kind="test", title="t", created_at=timezone.now())


def test_session_post_needs_the_csrf_token(org):
    user = org.users["agent"]
    note = _unread(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    _problem(client.post("/api/notifications/read-all"), 403, "csrf")
    note.refresh_from_db()
    assert note.read_at is None  # nothing was written
    client.get("/notifications/")  # any page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    response = client.post("/api/notifications/read-all", headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.json() == {"marked": 1}
    note.refresh_from_db()
    assert note.read_at is not None


def test_token_post_needs_no_csrf_token(org, key_for):
    user = org.users["agent"]
    note = _unread(user)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key_for('agent')}"})
    response = client.post(f"/api/notifications/{note.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]


def test_anonymous_post_is_401_not_a_csrf_error(org):
    _problem(Client(enforce_csrf_checks=True).post("/api/notifications/read-all"), 401, "unauthorized")
