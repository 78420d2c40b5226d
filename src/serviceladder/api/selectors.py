"""Reads of API tokens. A person lists their own; the command line lists anyone's."""

from __future__ import annotations

from django.db.models import QuerySet

from serviceladder.api.models import ApiToken


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def api_tokens_all(*, username: str = "") -> QuerySet[ApiToken]:
    """Every token (for whoever runs the server's command line), optionally of one user."""
    qs = ApiToken.objects.select_related("user").order_by("user__username", "-created_at", "-id")
    return qs.filter(user__username=username) if username else qs
