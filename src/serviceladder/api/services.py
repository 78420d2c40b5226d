"""Writers for API tokens: create (the key is returned once), revoke, and recognise a presented key.

Who may create a token for a user: the user themselves, the system, and the command line (whoever runs it
controls the server's shell, which is already full control of the data — as for `user cli-actor`).
Nobody else: a token acts with all of its owner's rights, so minting one for another person would be
impersonation. Revoking only removes access, so HR and administrators may also revoke anyone's token; anyone
else (on the web, the API or the command line with --as) only their own.

Every token expires: SERVICELADDER_TOKEN_DEFAULT_DAYS after its creation unless its creator chose fewer or
more days, never more than SERVICELADDER_TOKEN_MAX_DAYS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.logins import login_allowed
from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.api.last_used import last_used_touch
from serviceladder.api.models import ApiToken
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

KEY_PREFIX = "sl_"
PREFIX_LENGTH = 8

TOKEN_NAME_MISSING = _("A token needs a name that says what it is for.")
TOKEN_FOR_OTHERS = _("You may create API tokens only for yourself.")
TOKEN_USER_INACTIVE = _("User %(username)s is not active.")
TOKEN_DAYS_RANGE = _("A token lasts from 1 to %(max)s days.")


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


def token_days(days: int | None) -> int:
    """The lifetime asked for, checked against the maximum; None is the default."""
    if days is None:
        return settings.SERVICELADDER_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.SERVICELADDER_TOKEN_MAX_DAYS:
        raise ValidationFailed(TOKEN_DAYS_RANGE, max=settings.SERVICELADDER_TOKEN_MAX_DAYS)
    return days


@transaction.atomic
def api_token_create(*, actor: Actor, user, name: str, days: int | None = None) -> IssuedToken:
    """A new token for `user`, valid for `days` (default and maximum from the settings).

    The returned key is the only time it is ever available.
    """
    name = " ".join(name.split())[: ApiToken._meta.get_field("name").max_length]
    if not name:
        raise ValidationFailed(TOKEN_NAME_MISSING)
    days = token_days(days)
    if not _is_privileged(actor) and actor.user.pk != user.pk:
        raise PermissionDeniedError(TOKEN_FOR_OTHERS)
    if not user.is_active:
        raise ValidationFailed(TOKEN_USER_INACTIVE, username=user.get_username())
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        created_by=actor.user,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        employee=_employee_of(user),
        obj=token,
        after={
            "username": user.get_username(),
            "name": name,
            "prefix": prefix,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return IssuedToken(token=token, key=key)


def _may_revoke(actor: Actor, token: ApiToken) -> bool:
    if actor.user is None:
        return True
    if actor.user.pk == token.user_id:
        return True
    return can_manage_roles(actor.user)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token_id: int, reason: str = "") -> ApiToken:
    """Revoke a token (its owner, HR, an administrator, the system); revoking twice is a no-op."""
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


@dataclass(frozen=True)
class TokenCheck:
    """What a presented key turned out to be: "ok" (with its user), "unknown" (no such key: a guess or a
    typo), "expired", or "refused" (revoked, or its user is switched off or has left)."""

    outcome: str
    token: ApiToken | None = None

    @property
    def user(self):
        return self.token.user if self.outcome == "ok" else None


def api_token_check(*, key: str) -> TokenCheck:
    """Recognise a presented key; a usable one also has its last-used time recorded (best effort)."""
    key = key.strip()
    prefix = _split(key)
    if prefix is None:
        return TokenCheck("unknown")
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return TokenCheck("unknown")
    if token.revoked_at is not None or not login_allowed(token.user):
        return TokenCheck("refused", token)
    if token.is_expired:
        return TokenCheck("expired", token)
    last_used_touch(token)
    return TokenCheck("ok", token)


def api_token_authenticate(*, key: str):
    """The active user a presented key belongs to, or None (unknown, wrong, revoked, expired, inactive)."""
    return api_token_check(key=key).user
