"""API token services: the key is shown once and only its hash is stored; create and revoke are audited."""

import hashlib

import pytest

from serviceladder.api.models import ApiToken
from serviceladder.api.services import (
    TOKEN_FOR_OTHERS,
    TOKEN_NAME_MISSING,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

pytestmark = pytest.mark.django_db


def test_create_stores_only_a_hash_and_audits_without_the_key(org):
    hr = org.users["hr"]
    issued = api_token_create(actor=Actor(user=hr), user=hr, name="  approvals   script ")
    token = ApiToken.objects.get()
    assert token.name == "approvals script"
    assert issued.key.startswith(f"sl_{token.prefix}_") and len(issued.key) > 40
    assert token.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert issued.key not in str(ApiToken.objects.values().get())
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == hr and event.employee.number == "E2008"
    assert event.after == {
        "username": "zhaomin",
        "name": "approvals script",
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
    }
    assert issued.key not in str(event.after) + event.reason
    assert api_token_authenticate(key=issued.key) == hr


def test_two_tokens_have_different_keys_and_prefixes(org):
    agent = org.users["agent"]
    a = api_token_create(actor=Actor(user=agent), user=agent, name="a")
    b = api_token_create(actor=Actor(user=agent), user=agent, name="b")
    assert a.key != b.key and a.token.prefix != b.token.prefix


def test_nobody_creates_a_token_for_someone_else_on_the_web(org):
    with pytest.raises(PermissionDeniedError) as err:
        api_token_create(actor=Actor(user=org.users["admin"]), user=org.users["hr"], name="x")
    assert err.value.message == TOKEN_FOR_OTHERS
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()


def test_the_command_line_creates_a_token_for_anyone(org):
    issued = api_token_create(
        actor=Actor(user=org.users["admin"], channel="cli"), user=org.users["hr"], name="x"
    )
    assert issued.token.user == org.users["hr"] and issued.token.created_by == org.users["admin"]


def test_a_token_needs_a_name(org):
    with pytest.raises(ValidationFailed) as err:
        api_token_create(actor=Actor(user=org.users["hr"]), user=org.users["hr"], name="   ")
    assert err.value.message == TOKEN_NAME_MISSING
    assert not ApiToken.objects.exists()


def test_revoke_by_owner_is_audited_once(org):
    agent = org.users["agent"]
    issued = api_token_create(actor=Actor(user=agent), user=agent, name="x")
    api_token_revoke(actor=Actor(user=agent), token_id=issued.token.pk, reason="laptop lost")
    api_token_revoke(actor=Actor(user=agent), token_id=issued.token.pk)
    events = AuditEvent.objects.filter(action="api_token.revoke")
    assert [(e.actor, e.reason) for e in events] == [(agent, "laptop lost")]
    assert api_token_authenticate(key=issued.key) is None


def test_another_user_cannot_revoke_but_hr_can(org):
    agent = org.users["agent"]
    issued = api_token_create(actor=Actor(user=agent), user=agent, name="x")
    with pytest.raises(NotFoundOrForbidden):
        api_token_revoke(actor=Actor(user=org.users["team_lead"]), token_id=issued.token.pk)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
    api_token_revoke(actor=Actor(user=org.users["hr"]), token_id=issued.token.pk)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None


def test_revoking_a_missing_token_is_not_found(org):
    with pytest.raises(NotFoundOrForbidden):
        api_token_revoke(actor=Actor(user=org.users["hr"]), token_id=987654)
