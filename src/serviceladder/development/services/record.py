"""The development record (issue 14, item 7): contributions and achievements with their evidence.

Added by the person themselves or by whoever leads their development (team lead, head for a team without a
lead, HR); changed or deleted by whoever recorded it, or by HR. Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_edit_own_development, can_lead_development, has_role
from serviceladder.audit.services import Actor, audit_record, changed_fields
from serviceladder.development.errors import (
    CANNOT_CHANGE_CONTRIBUTION,
    CONTRIBUTION_IN_FUTURE,
    CONTRIBUTION_KIND_UNKNOWN,
    CONTRIBUTION_TITLE_REQUIRED,
    RecordInvalid,
    RecordNotAllowed,
)
from serviceladder.development.models import Contribution
from serviceladder.org.models import Employee

MAX_TEXT = 4000


def can_record_for(user, employee: Employee) -> bool:
    """Who adds to a person's record: the person, or whoever leads their development."""
    return can_edit_own_development(user, employee) or can_lead_development(user, employee)


def can_change_contribution(user, contribution: Contribution) -> bool:
    """Whoever recorded it (while they may still add to that record), or HR."""
    if has_role(user, Role.HR):
        return True
    return contribution.recorded_by_id == user.pk and can_record_for(user, contribution.employee)


def _clean(kind: str, title: str, date: dt.date, description: str, evidence: str) -> dict:
    if kind not in Contribution.Kind.values:
        raise RecordInvalid(CONTRIBUTION_KIND_UNKNOWN, value=kind)
    title = (title or "").strip()
    if not title:
        raise RecordInvalid(CONTRIBUTION_TITLE_REQUIRED)
    if date > timezone.localdate():
        raise RecordInvalid(CONTRIBUTION_IN_FUTURE, date=date.isoformat())
    return {
        "kind": kind,
        "title": title[:200],
        "date": date,
        "description": (description or "").strip()[:MAX_TEXT],
        "evidence": (evidence or "").strip()[:MAX_TEXT],
    }


def _audit_values(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


@transaction.atomic
def contribution_add(
    *,
    actor: Actor,
    employee: Employee,
    kind: str,
    title: str,
    date: dt.date,
    description: str = "",
    evidence: str = "",
) -> Contribution:
    """Record a contribution or achievement of `employee` (see the module docstring for who may)."""
    if not can_record_for(actor.user, employee):
        raise RecordNotAllowed()
    values = _clean(kind, title, date, description, evidence)
    contribution = Contribution.objects.create(
        employee=employee, recorded_by=actor.user, recorded_by_label=actor.label, **values
    )
    audit_record(
        actor=actor,
        action="development.contribution_add",
        employee=employee,
        obj=contribution,
        after=_audit_values(values),
    )
    return contribution


@transaction.atomic
def contribution_update(
    *,
    actor: Actor,
    contribution: Contribution,
    kind: str,
    title: str,
    date: dt.date,
    description: str = "",
    evidence: str = "",
) -> Contribution:
    """Change a contribution: whoever recorded it, or HR; the log keeps what changed."""
    if not can_change_contribution(actor.user, contribution):
        raise RecordNotAllowed(CANNOT_CHANGE_CONTRIBUTION)
    values = _clean(kind, title, date, description, evidence)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    before, after = changed_fields(
        _audit_values({k: getattr(locked, k) for k in values}), _audit_values(values)
    )
    if not after:
        return locked
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))
    audit_record(
        actor=actor,
        action="development.contribution_update",
        employee=locked.employee,
        obj=locked,
        before=before,
        after={"title": locked.title, **after},
    )
    return locked


@transaction.atomic
def contribution_delete(*, actor: Actor, contribution: Contribution, reason: str = "") -> None:
    """Delete a contribution: whoever recorded it, or HR; the log keeps what it said."""
    if not can_change_contribution(actor.user, contribution):
        raise RecordNotAllowed(CANNOT_CHANGE_CONTRIBUTION)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    before = _audit_values(
        {k: getattr(locked, k) for k in ("kind", "title", "date", "description", "evidence")}
    )
    audit_record(
        actor=actor,
        action="development.contribution_delete",
        employee=locked.employee,
        obj=locked,
        before=before,
        after={"title": locked.title},
        reason=(reason or "").strip()[:2000],
    )
    locked.delete()
