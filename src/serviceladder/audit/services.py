"""The one way to write an audit event. Call it inside the same transaction as the change it records."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from serviceladder.audit.actions import audit_action_check
from serviceladder.audit.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which channel (web, cli, api, system)."""

    user: AbstractBaseUser | None
    channel: str = "web"

    @property
    def label(self) -> str:
        """The login name, kept with each record (it survives a renamed or deleted employee)."""
        if self.user is None:
            return "system"
        return self.user.get_username()

    @property
    def display_name(self) -> str:
        """How messages to people name the actor: the employee's name (the login name without one)."""
        from serviceladder.accounts.people import person_of

        return person_of(self.user, viewer=None).shown_name


# The product itself acting (daily steps, deadlines, retention): one actor, audited as "system".
SYSTEM = Actor(user=None, channel="system")


def audit_record(
    *,
    actor: Actor,
    action: str,
    employee=None,
    obj=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    audit_action_check(action)
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        channel=actor.channel,
        action=action,
        employee=employee,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before or {},
        after=after or {},
        reason=reason,
    )


def text_fingerprint(text: str | None) -> dict[str, Any]:
    """What the log keeps of a private free text (a comment, an appeal, a statement, a disciplinary note):
    its length and SHA-256, never the words, so purging the text later never has to touch the log, and the
    log still proves which text was written."""
    text = text or ""
    return {"length": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()}


def private_fields(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """`values` with each named free-text field replaced by its fingerprint (see text_fingerprint)."""
    names = set(names)
    return {k: text_fingerprint(v) if k in names else v for k, v in values.items()}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose value changed, so an audit row shows exactly what moved."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record_many(*, actor: Actor, action: str, entries: list[dict[str, Any]], reason: str = "") -> int:
    """Many events of one action at once (each entry: employee, before, after); same transaction rules."""
    audit_action_check(action)
    events = [
        AuditEvent(
            actor=actor.user,
            actor_label=actor.label,
            channel=actor.channel,
            action=action,
            employee=entry.get("employee"),
            before=entry.get("before") or {},
            after=entry.get("after") or {},
            reason=reason,
        )
        for entry in entries
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
