"""/api/notifications — the caller's own notifications (the bell), and marking them read."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from serviceladder.api.schemas import ERRORS, MAX_PAGE_SIZE, page_of
from serviceladder.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    actor: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationsPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[NotificationOut]


class UnreadCount(Schema):
    unread: int


class Marked(Schema):
    marked: int


def _out(n) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title_text,
        "body": n.body_text,
        "url": n.url,
        "actor": n.actor.get_username() if n.actor_id else None,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "", response={200: NotificationsPage, **ERRORS}, url_name="notifications", summary="My notifications"
)
def notifications_list(
    request,
    unread: bool = Query(False, description="only unread ones"),
    kind: str = Query("", description="only this kind code"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    qs = selectors.notifications_for(request.auth, unread_only=unread, kind=kind)
    result = page_of(qs, page=page, page_size=page_size)
    result["items"] = [_out(n) for n in result["items"]]
    return result


@router.get(
    "/unread-count",
    response={200: UnreadCount, **ERRORS},
    url_name="notifications_unread_count",
    summary="How many of my notifications are unread",
)
def notifications_unread_count(request):
    return {"unread": selectors.notifications_unread_count(request.auth)}


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    url_name="notification_read",
    summary="Mark one of my notifications read",
)
def notification_read(request, notification_id: int):
    notification = services.notification_mark_read(user=request.auth, notification_id=notification_id)
    return _out(notification)


@router.post(
    "/read-all",
    response={200: Marked, **ERRORS},
    url_name="notifications_read_all",
    summary="Mark all my notifications read",
)
def notifications_read_all(request):
    return {"marked": services.notifications_mark_all_read(user=request.auth)}
