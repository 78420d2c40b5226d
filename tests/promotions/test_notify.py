"""Notifications go out after the commit, through the notifications app (bell and e-mail)."""

import pytest

from serviceladder.notifications.models import Notification
from serviceladder.promotions.services import promotion_review_department
from tests.promotions.conftest import submitted

pytestmark = pytest.mark.django_db


def test_review_notifies_the_applicant_side_and_hr_on_commit(org, django_capture_on_commit_callbacks):
    app = submitted(org)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Agreed")
    assert not Notification.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    rows = list(Notification.objects.select_related("recipient", "actor"))
    assert {n.kind for n in rows} == {"promotion.dept_approve"}
    assert {n.actor for n in rows} == {org.users["head"]}
    # the applicant and HR (the next stage); not the head who acted
    assert {n.recipient.username for n in rows} == {"lina", "zhaomin", "qianli"}
    assert all(n.title and "Level 2" in n.body for n in rows)


def test_nothing_is_sent_when_the_app_is_not_installed(org, django_capture_on_commit_callbacks, monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    without = "serviceladder.notifications"
    monkeypatch.setattr(apps, "is_installed", lambda name: name != without and real(name))
    app = submitted(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Agreed")
    assert callbacks == []


def _flow_to_notice(org, callbacks_capture):
    from serviceladder.promotions.states import State
    from tests.promotions.conftest import advance

    with callbacks_capture(execute=True):
        app = submitted(org)
        advance(org, app, State.ON_NOTICE)
    return app


@pytest.mark.parametrize(
    ("language", "own_words"),
    [
        ("en", ("Your application for Level 2", "Your promotion to Level 2")),
        ("zh-hans", ("你申请晋升二级", "你晋升为二级")),
    ],
)
def test_the_applicant_is_spoken_to_never_named_in_the_third_person(
    org, django_capture_on_commit_callbacks, language, own_words
):
    from serviceladder.accounts.services import user_language_set

    user_language_set(user=org.users["applicant"], language=language)
    _flow_to_notice(org, django_capture_on_commit_callbacks)

    own = list(Notification.objects.filter(recipient=org.users["applicant"]).order_by("pk"))
    # department, HR and management approvals, then the public notice
    assert [n.kind for n in own] == [
        "promotion.dept_approve",
        "promotion.hr_approve",
        "promotion.mgmt_approve",
        "promotion.published",
    ]
    for n in own:
        assert "lina-name" not in n.title + n.body, n.body
    assert own[0].body.startswith(own_words[0])
    assert own[-1].body.startswith(own_words[1])
    # the others still read who it is about
    others = Notification.objects.exclude(recipient=org.users["applicant"])
    assert others.filter(recipient=org.users["hr"]).exists()
    assert all("lina-name" in n.body for n in others)
