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
