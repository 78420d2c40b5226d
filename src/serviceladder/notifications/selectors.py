"""Reads of notifications. Each person sees only their own: every query here filters on the recipient."""

from __future__ import annotations

from django.db.models import QuerySet

from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.notifications.models import Notification

RECENT_LIMIT = 20


def _own(user) -> QuerySet[Notification]:
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def notifications_unread_count(user) -> int:
    """One COUNT over the (recipient, read_at) index: cheap enough for every page's bell."""
    return _own(user).filter(read_at__isnull=True).count()


def notifications_for(user, *, unread_only: bool = False, kind: str = "") -> QuerySet[Notification]:
    """The user's notifications, newest first (paginate the result)."""
    qs = _own(user).select_related("actor").order_by("-created_at", "-id")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def notifications_recent(user, *, limit: int = RECENT_LIMIT) -> list[Notification]:
    return list(notifications_for(user)[:limit])


def access_notification(user, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's raises NotFoundOrForbidden."""
    notification = _own(user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundOrForbidden()
    return notification
