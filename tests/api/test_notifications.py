"""/api/notifications: one's own only; someone else's is 404 and stays unread."""

import pytest

from serviceladder.notifications.models import Notification
from serviceladder.notifications.services import notify

pytestmark = pytest.mark.django_db


def _send(users, title):
    return notify(recipients=users, kind="test.notice", title=title, body="", url="/ladder/")


def test_list_count_and_marking_are_scoped_to_the_caller(org, key_for, bearer):
    agent, hr = org.users["agent"], org.users["hr"]
    (mine,) = _send([agent], "我的通知")
    (theirs,) = _send([hr], "别人的通知")
    client = bearer(key_for("agent"))
    body = client.get("/api/notifications").json()
    assert [n["title"] for n in body["items"]] == ["我的通知"] and body["count"] == 1
    assert client.get("/api/notifications/unread-count").json() == {"unread": 1}
    response = client.post(f"/api/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(f"/api/notifications/{mine.pk}/read").json()["read_at"]
    assert client.get("/api/notifications", {"unread": "true"}).json()["items"] == []
    assert Notification.objects.filter(recipient=hr, read_at=None).count() == 1
