"""Reads about users and roles, for those who manage them (HR and administrators)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from serviceladder.accounts.models import RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.core.errors import PermissionDeniedError


def _require_manager(user) -> None:
    if not can_manage_roles(user):
        raise PermissionDeniedError()


def users_with_roles(user, *, q: str = "") -> QuerySet:
    """Every user with their role grants and linked employee, ordered by username."""
    _require_manager(user)
    qs = (
        get_user_model()
        .objects.select_related("employee__team")
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))
        .order_by("username")
    )
    if q:
        qs = qs.filter(username__icontains=q)
    return qs


def role_counts(user) -> dict[str, int | list]:
    """How many users hold each role, and how many active users hold none."""
    _require_manager(user)
    counts = Counter(RoleGrant.objects.filter(user__is_active=True).values_list("role", flat=True))
    users = get_user_model().objects.filter(is_active=True)
    return {
        "users": users.count(),
        "without_role": users.filter(role_grants=None).count(),
        "per_role": [(Role(r).label, counts.get(r, 0)) for r in Role.values],
    }
