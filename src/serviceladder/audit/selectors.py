"""Reads of the audit log, scoped by accounts.scoping.audit_events_visible_to (today: HR reads it all)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from serviceladder.accounts.scoping import audit_events_visible_to, can_browse_audit, employees_visible_to
from serviceladder.audit.models import AuditEvent
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.models import Employee


@dataclass
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of the acting person's name or login name
    person: str = ""  # the employee the event is about: their number, or part of their name
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _require_audit(user) -> None:
    if not can_browse_audit(user):
        raise PermissionDeniedError()


def audit_events_list(user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The log as this user may read it, newest first, narrowed by action, actor, person and a date range
    (local dates). A person filter only finds people the user may see."""
    _require_audit(user)
    qs = audit_events_visible_to(user).select_related("employee", "actor")
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(
            Q(actor_label__icontains=filters.actor) | Q(actor__employee__name__icontains=filters.actor)
        )
    if filters.person:
        people = employees_visible_to(user).filter(
            Q(number__iexact=filters.person) | Q(name__icontains=filters.person)
        )
        qs = qs.filter(employee__in=people)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs.order_by("-at", "-id")


def audit_events_for_employee(user, employee: Employee) -> QuerySet[AuditEvent]:
    """Events about one person (the caller has already passed access_employee)."""
    _require_audit(user)
    return (
        audit_events_visible_to(user)
        .filter(employee=employee)
        .select_related("actor", "employee")
        .order_by("-at", "-id")
    )


def audit_actions(user) -> list[str]:
    _require_audit(user)
    return list(audit_events_visible_to(user).order_by("action").values_list("action", flat=True).distinct())
