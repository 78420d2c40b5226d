"""The bell, the list page and following a notification, over HTTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from serviceladder.notifications.models import Notification
from serviceladder.notifications.services import notify

pytestmark = pytest.mark.django_db


def _send(users, title="班组例会通知", url="/ladder/"):
    return notify(recipients=users, kind="test.notice", title=title, body="周五下午三点", url=url)


def _notification_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]


def test_list_shows_only_own_with_unread_highlighted(client, people):
    ann, bo = people["ann"], people["bo"]
    (read,) = _send([ann], title="已读的通知")
    read.read_at = read.created_at
    read.save(update_fields=["read_at"])
    _send([ann], title="未读的通知")
    _send([bo], title="别人的通知")
    client.force_login(ann)
    html = client.get(reverse("notifications")).content.decode()
    assert "别人的通知" not in html
    assert html.index("未读的通知") < html.index("已读的通知")  # newest first
    unread_item = html[: html.index("未读的通知")].rsplit("<li", 1)[1]
    read_item = html[: html.index("已读的通知")].rsplit("<li", 1)[1]
    assert "notification-unread" in unread_item and "notification-unread" not in read_item
    only_unread = client.get(reverse("notifications"), {"unread": "1"}).content.decode()
    assert "未读的通知" in only_unread and "已读的通知" not in only_unread


def test_opening_marks_read_and_follows_the_link(client, people):
    (n,) = _send([people["ann"]], url="/ladder/?level=L2")
    client.force_login(people["ann"])
    response = client.get(reverse("notification_open", kwargs={"pk": n.pk}))
    assert response.status_code == 302 and response["Location"] == "/ladder/?level=L2"
    n.refresh_from_db()
    assert n.read_at is not None


def test_a_link_to_another_site_is_not_followed(client, people):
    (n,) = _send([people["ann"]], url="https://elsewhere.example/phish")
    client.force_login(people["ann"])
    response = client.get(reverse("notification_open", kwargs={"pk": n.pk}))
    assert response["Location"] == reverse("notifications")


def test_someone_elses_notification_is_404_and_stays_unread(client, people):
    (n,) = _send([people["ann"]])
    client.force_login(people["bo"])
    assert client.get(reverse("notification_open", kwargs={"pk": n.pk})).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_is_a_post_for_ones_own(client, people):
    _send([people["ann"], people["bo"]])
    client.force_login(people["ann"])
    assert client.get(reverse("notifications_read_all")).status_code == 405
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=people["ann"], read_at=None).exists()
    assert Notification.objects.filter(recipient=people["bo"], read_at=None).exists()


def test_bell_fragment_is_one_count_query(client, people):
    for _ in range(3):
        _send([people["ann"]])
    client.force_login(people["ann"])
    # signing in sets the language cookie; without it the stored language is read (one query more)
    client.cookies["serviceladder_language"] = "en"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("notifications_bell"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'class="bell-count" aria-hidden="true">3<' in html
    assert 'hx-trigger="every 60s"' in html and "<html" not in html
    # the session, the user, and the one COUNT: no context processors, no per-notification query
    assert len(_notification_queries(ctx)) == 1 and "COUNT" in _notification_queries(ctx)[0].upper()
    assert len(ctx.captured_queries) == 3


def test_every_page_pays_one_query_for_the_bell(client, people):
    client.force_login(people["ann"])
    for count in (1, 120):
        Notification.objects.bulk_create(
            [Notification(recipient=people["ann"], kind="k", title="t") for _ in range(count)]
        )
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("home")).content.decode()
        assert len(_notification_queries(ctx)) == 1
    assert 'class="bell-count" aria-hidden="true">99+<' in html


def test_no_bell_count_when_all_read(client, people):
    client.force_login(people["cy"])
    html = client.get(reverse("home")).content.decode()
    assert 'id="bell"' in html and "bell-count" not in html


def test_anonymous_poll_gets_401_not_the_login_page(client, people):
    response = client.get(reverse("notifications_bell"), headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.content == b""
    response = client.get(reverse("notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
