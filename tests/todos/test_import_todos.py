"""Imports that failed: the uploader's own until a later upload of the same kind settles them; HR sees
everyone's (leading to the Imports page, as the report stays with its uploader)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from serviceladder.accounts.roles import Role
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.todos import IMPORT_FAILED
from serviceladder.todos.registry import items_for
from tests.factories import EmployeeFactory, user_with_roles

pytestmark = pytest.mark.django_db
S = ImportJob.Status


@pytest.fixture
def people(db):
    return {
        "admin": user_with_roles("admin1", Role.ADMIN, employee=EmployeeFactory(number="A1", name="白莉")),
        "admin2": user_with_roles("admin2", Role.ADMIN),
        "hr": user_with_roles("hr1", Role.HR),
        "lead": user_with_roles("lead1", Role.TEAM_LEAD),
    }


def job(user, status, kind="metrics", name="kpi.csv", days_ago=0):
    found = ImportJob.objects.create(kind=kind, file_name=name, created_by=user, status=status)
    if days_ago:
        ImportJob.objects.filter(pk=found.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return found


def failed(user):
    return [i for i in items_for(user) if i.kind == IMPORT_FAILED]


def test_a_rejected_upload_waits_for_its_uploader(people):
    bad = job(people["admin"], S.REJECTED)
    (item,) = failed(people["admin"])
    assert item.url == reverse("import_job", args=[bad.pk]) and item.detail == ""
    with translation.override("en"):
        assert str(item.title) == "Import of kpi.csv was rejected: correct the file and upload it again"
    assert failed(people["admin2"]) == [] and failed(people["lead"]) == []


def test_hr_sees_every_failed_upload_and_is_sent_to_the_imports_page(people):
    job(people["admin"], S.FAILED, name="roster.xlsx", kind="roster")
    (item,) = failed(people["hr"])
    assert item.url == reverse("imports")
    with translation.override("en"):
        assert str(item.title) == "Import of roster.xlsx failed: upload it again"
        assert str(item.detail) == "Uploaded by 白莉"


def test_a_later_upload_of_the_same_kind_settles_it(people):
    job(people["admin"], S.REJECTED, days_ago=2)
    job(people["admin"], S.FAILED, kind="roster", days_ago=2)
    job(people["admin"], S.DONE, days_ago=1)
    assert [i.key for i in failed(people["admin"])] == [
        f"import:{j.pk}" for j in ImportJob.objects.filter(kind="roster")
    ]
    job(people["admin"], S.QUEUED, kind="roster")
    assert failed(people["admin"]) == []


def test_another_persons_upload_does_not_settle_mine(people):
    mine = job(people["admin"], S.REJECTED, days_ago=1)
    job(people["admin2"], S.DONE)
    assert [i.key for i in failed(people["admin"])] == [f"import:{mine.pk}"]


def test_a_month_old_failure_is_forgotten(people):
    job(people["admin"], S.REJECTED, days_ago=31)
    assert failed(people["admin"]) == [] and failed(people["hr"]) == []
