"""Reads of the audit log. Only HR browses it (accounts.scoping.can_browse_audit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from serviceladder.accounts.scoping import can_browse_audit
from serviceladder.audit.models import AuditEvent
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.models import Employee


@dataclass
class AuditFilters:
    action: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _require_audit(user) -> None:
    if not can_browse_audit(user):
        raise PermissionDeniedError()


def audit_events_list(user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The whole log, newest first, narrowed by action, actor name and a date range (local dates)."""
    _require_audit(user)
    qs = AuditEvent.objects.select_related("employee", "actor")
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs.order_by("-at", "-id")


def audit_events_for_employee(user, employee: Employee) -> QuerySet[AuditEvent]:
    """Events about one person (the caller has already passed access_employee)."""
    _require_audit(user)
    return AuditEvent.objects.filter(employee=employee).select_related("actor").order_by("-at", "-id")


def audit_actions(user) -> list[str]:
    _require_audit(user)
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
