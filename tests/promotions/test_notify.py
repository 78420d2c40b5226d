"""Notifications go out after the commit, through the notifications app when it is installed."""

import sys
import types

import pytest

from serviceladder.promotions.services import promotion_review_department
from tests.promotions.conftest import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_notifications(monkeypatch):
    calls = []
    package = types.ModuleType("serviceladder.notifications")
    module = types.ModuleType("serviceladder.notifications.services")
    module.notify = lambda **kwargs: calls.append(kwargs)
    monkeypatch.setitem(sys.modules, "serviceladder.notifications", package)
    monkeypatch.setitem(sys.modules, "serviceladder.notifications.services", module)
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name == "serviceladder.notifications" or real(name)
    )
    return calls


def test_review_notifies_the_applicant_side_and_hr_on_commit(
    org, fake_notifications, django_capture_on_commit_callbacks
):
    app = submitted(org)
    fake_notifications.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Agreed")
    assert fake_notifications == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (call,) = fake_notifications
    assert call["kind"] == "promotion.dept_approve" and call["actor"] == org.users["head"]
    names = {u.username for u in call["recipients"]}
    assert names == {"lina", "zhaomin", "qianli"}  # the applicant and HR (the next stage); not the head
    assert str(call["title"]) and "Level 2" in str(call["body"])


def test_nothing_is_sent_when_the_app_is_not_installed(org, django_capture_on_commit_callbacks):
    app = submitted(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Agreed")
    assert callbacks == []
