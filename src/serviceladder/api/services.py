"""Writers for API tokens: create (the key is returned once), revoke, and recognise a presented key.

Who may create a token for a user: the user themselves, the system, and the command line (whoever runs it
controls the server's shell, which is already full control of the data — as for `user cli-actor`).
Nobody else: a token acts with all of its owner's rights, so minting one for another person would be
impersonation. Revoking only removes access, so HR and administrators may also revoke anyone's token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.api.models import ApiToken
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

KEY_PREFIX = "sl_"
PREFIX_LENGTH = 8
# Writing last_used_at on every request would turn each read into a write; once in a while is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)

TOKEN_NAME_MISSING = _("A token needs a name that says what it is for.")
TOKEN_FOR_OTHERS = _("You may create API tokens only for yourself.")
TOKEN_USER_INACTIVE = _("User %(username)s is not active.")


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _split(key: str) -> str | None:
    """The lookup prefix of a well-formed key, else None."""
    if not key.startswith(KEY_PREFIX) or len(key) < len(KEY_PREFIX) + PREFIX_LENGTH + 2:
        return None
    prefix = key[len(KEY_PREFIX) : len(KEY_PREFIX) + PREFIX_LENGTH]
    if key[len(KEY_PREFIX) + PREFIX_LENGTH] != "_":
        return None
    return prefix


def _employee_of(user):
    from serviceladder.org.models import Employee

    return Employee.objects.filter(user=user).first()


def _is_privileged(actor: Actor) -> bool:
    return actor.user is None or actor.channel == "cli"


@transaction.atomic
def api_token_create(*, actor: Actor, user, name: str) -> IssuedToken:
    """A new token for `user`; the returned key is the only time it is ever available."""
    name = " ".join(name.split())[: ApiToken._meta.get_field("name").max_length]
    if not name:
        raise ValidationFailed(TOKEN_NAME_MISSING)
    if not _is_privileged(actor) and actor.user.pk != user.pk:
        raise PermissionDeniedError(TOKEN_FOR_OTHERS)
    if not user.is_active:
        raise ValidationFailed(TOKEN_USER_INACTIVE, username=user.get_username())
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=_hash(key), created_by=actor.user
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        employee=_employee_of(user),
        obj=token,
        after={"username": user.get_username(), "name": name, "prefix": prefix},
    )
    return IssuedToken(token=token, key=key)


def _may_revoke(actor: Actor, token: ApiToken) -> bool:
    if _is_privileged(actor):
        return True
    if actor.user.pk == token.user_id:
        return True
    return can_manage_roles(actor.user)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token_id: int, reason: str = "") -> ApiToken:
    """Revoke a token (its owner, HR, an administrator or the command line); revoking twice is a no-op."""
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if token is None or not _may_revoke(actor, token):
        raise NotFoundOrForbidden()
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        employee=_employee_of(token.user),
        obj=token,
        before={"username": token.user.get_username(), "name": token.name, "prefix": token.prefix},
        reason=reason,
    )
    return token


def api_token_authenticate(*, key: str):
    """The active user a presented key belongs to, or None (unknown, wrong, revoked, inactive user)."""
    prefix = _split(key.strip())
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key.strip())):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
