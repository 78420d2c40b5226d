"""Reads of API tokens. A person lists their own; HR, administrators and the command line list anyone's."""

from __future__ import annotations

from django.db.models import QuerySet

from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.api.models import ApiToken
from serviceladder.core.errors import PermissionDeniedError


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def api_tokens_all(*, username: str = "") -> QuerySet[ApiToken]:
    """Every token (for whoever runs the server's command line), optionally of one user."""
    qs = ApiToken.objects.select_related("user").order_by("user__username", "-created_at", "-id")
    return qs.filter(user__username=username) if username else qs


def api_tokens_visible_to(user, *, q: str = "") -> QuerySet[ApiToken]:
    """Every token with its owner, for HR and administrators (others: PermissionDeniedError)."""
    if not can_manage_roles(user):
        raise PermissionDeniedError()
    qs = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    return qs.filter(user__username__icontains=q) if q else qs
