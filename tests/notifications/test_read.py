"""Each person reads and marks only their own notifications."""

import pytest

from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.notifications.models import Notification
from serviceladder.notifications.selectors import (
    access_notification,
    notifications_for,
    notifications_recent,
    notifications_unread_count,
)
from serviceladder.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
)

pytestmark = pytest.mark.django_db


def _send(users, title="通知", kind="test.notice"):
    return notify(recipients=users, kind=kind, title=title, body="")


def test_unread_counts_are_per_person(people):
    ann, bo = people["ann"], people["bo"]
    _send([ann, bo])
    _send([ann])
    assert notifications_unread_count(ann) == 2
    assert notifications_unread_count(bo) == 1
    assert notifications_unread_count(people["cy"]) == 0


def test_mark_read_own(people):
    ann = people["ann"]
    (n,) = _send([ann])
    marked = notification_mark_read(user=ann, notification_id=n.pk)
    assert marked.read_at is not None
    first_read = marked.read_at
    assert notification_mark_read(user=ann, notification_id=n.pk).read_at == first_read  # idempotent
    assert notifications_unread_count(ann) == 0


def test_cannot_mark_or_read_someone_elses(people):
    ann, bo = people["ann"], people["bo"]
    (n,) = _send([ann])
    with pytest.raises(NotFoundOrForbidden):
        notification_mark_read(user=bo, notification_id=n.pk)
    with pytest.raises(NotFoundOrForbidden):
        access_notification(bo, n.pk)
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_touches_only_ones_own(people):
    ann, bo = people["ann"], people["bo"]
    _send([ann, bo])
    _send([ann])
    assert notifications_mark_all_read(user=ann) == 2
    assert notifications_mark_all_read(user=ann) == 0
    assert notifications_unread_count(bo) == 1


def test_lists_are_own_newest_first_and_filterable(people):
    ann, bo = people["ann"], people["bo"]
    _send([ann], title="一")
    _send([bo], title="别人的")
    _send([ann], title="二", kind="other.kind")
    assert [n.title for n in notifications_recent(ann)] == ["二", "一"]
    assert [n.title for n in notifications_for(ann, kind="other.kind")] == ["二"]
    notifications_mark_all_read(user=ann)
    _send([ann], title="三")
    assert [n.title for n in notifications_for(ann, unread_only=True)] == ["三"]
    assert Notification.objects.count() == 4
