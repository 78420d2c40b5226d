"""notify(): in-app rows at once, e-mail only after the caller's transaction commits."""

import pytest
from django.core import mail
from django.db import transaction

from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed
from serviceladder.notifications.models import Notification
from serviceladder.notifications.services import KIND_INVALID, TITLE_MISSING, notify

pytestmark = pytest.mark.django_db


def _notify(recipients, **kwargs):
    values = {"kind": "promotion.submitted", "title": "申请已提交", "body": "部门初审将于12月1日开始。"}
    values.update(kwargs)
    return notify(recipients=recipients, **values)


def test_one_notification_per_recipient_and_mail_only_after_commit(
    people, django_capture_on_commit_callbacks
):
    ann, bo, cy = people["ann"], people["bo"], people["cy"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = _notify([ann, bo, cy, ann], url="/promotions/7/", actor=cy)
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [n.recipient for n in created] == [ann, bo, cy]
    rows = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.kind, n.url, n.actor, n.read_at) for n in rows] == [
        ("ann", "promotion.submitted", "/promotions/7/", cy, None),
        ("bo", "promotion.submitted", "/promotions/7/", cy, None),
        ("cy", "promotion.submitted", "/promotions/7/", cy, None),
    ]
    # cy has no address anywhere: in-app only
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bo@example.com"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the other recipients
    assert {m.subject for m in mail.outbox} == {"申请已提交"}
    assert "部门初审将于12月1日开始。" in mail.outbox[0].body


def test_rolled_back_change_notifies_nobody(people, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([people["ann"]])
        raise RuntimeError("the caller's change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_no_mail_for_users_without_an_address(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([people["cy"]])
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=people["cy"]).count() == 1


def test_inactive_users_get_no_mail(people, django_capture_on_commit_callbacks):
    ann = people["ann"]
    ann.is_active = False
    ann.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        _notify([ann])
    assert mail.outbox == []


def test_link_in_the_mail_is_absolute_when_the_site_address_is_known(
    people, settings, django_capture_on_commit_callbacks
):
    settings.SERVICELADDER_BASE_URL = "https://ladder.example.com/"
    with django_capture_on_commit_callbacks(execute=True):
        _notify([people["ann"]], url="/promotions/7/")
    assert "https://ladder.example.com/promotions/7/" in mail.outbox[0].body
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_title_is_one_line_and_shortened(people):
    (n,) = _notify([people["cy"]], title="第一行\n第二行" + "长" * 300)
    assert "\n" not in n.title and len(n.title) == 200 and n.title.endswith("…")


def test_actor_may_be_an_audit_actor(people):
    (n,) = _notify([people["cy"]], actor=Actor(user=people["ann"]))
    assert n.actor == people["ann"]
    (n,) = _notify([people["cy"]], actor=Actor(user=None))
    assert n.actor is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"title": "  "}, TITLE_MISSING), ({"kind": ""}, KIND_INVALID), ({"kind": "k" * 81}, KIND_INVALID)],
)
def test_bad_input_writes_nothing(people, kwargs, message, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed) as err:
        _notify([people["ann"]], **kwargs)
    assert err.value.message == message
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mail_server_failure_does_not_break_the_caller(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("serviceladder.notifications.services.get_connection", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([people["ann"]])
    assert Notification.objects.count() == 1


def test_no_recipients_is_a_no_op(people):
    assert _notify([]) == []
    assert not Notification.objects.exists()
