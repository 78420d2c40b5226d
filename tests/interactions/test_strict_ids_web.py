"""The browser upload's Strict ids box, and the report of repeated ids that changed agent or start time."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import ImportJob, MonthlyMetric
from serviceladder.metrics.tasks import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

HEADER = (
    "interaction_id,agent_id,customer_id,channel,started_at,answered,talk_seconds,hold_seconds,"
    "after_call_work_seconds,first_response_seconds,resolved,csat,complaint\n"
)
# I1 comes again with another agent and day: two contacts sharing an id, not a re-export.
CONFLICTING = (
    HEADER
    + "I1,E001,C1,phone,2026-01-05 09:00:00,true,60,0,0,5,true,5,false\n"
    + "I1,E002,C1,phone,2026-01-06 09:00:00,true,60,0,0,5,true,5,false\n"
).encode()


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SECURE_SSL_REDIRECT = False


def test_the_strict_ids_box_is_kept_with_the_upload(client, agents, hr):
    client.force_login(hr.user)
    page = client.get(reverse("imports")).content.decode()
    assert 'name="strict_ids"' in page
    client.post(
        reverse("imports"),
        {
            "kind": "interactions",
            "file": SimpleUploadedFile("calls.csv", CONFLICTING),
            "mapping": "canonical",
            "strict_ids": "on",
        },
    )
    assert ImportJob.objects.get().options["strict_ids"] is True


def test_a_strict_upload_with_a_conflict_is_rejected_row_by_row(client, agents, hr):
    job = import_job_create(
        actor=Actor(user=hr.user),
        kind="interactions",
        upload=SimpleUploadedFile("calls.csv", CONFLICTING),
        options={"mapping": "canonical", "strict_ids": True},
    )
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    job.refresh_from_db()
    assert [(p["row"], p["column"], p["value"]) for p in job.problems] == [(3, "interaction_id", "I1")]
    assert not MonthlyMetric.objects.exists()
    client.force_login(hr.user)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "calls.csv was not imported: 1 interaction id(s) come again" in html
    assert (
        "This id came before with agent E001 at 2026-01-05 09:00:00, and here with agent E002 at "
        "2026-01-06 09:00:00." in html
    )


def test_without_strict_ids_the_report_lists_the_conflict(client, agents, hr):
    job = import_job_create(
        actor=Actor(user=hr.user),
        kind="interactions",
        upload=SimpleUploadedFile("calls.csv", CONFLICTING),
        options={"mapping": "canonical"},
    )
    assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    job.refresh_from_db()
    assert job.report["id_conflicts"] == 1
    client.force_login(hr.user)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Repeated ids with another agent or start time" in html
    assert "id <code>I1</code> seen with agent E001 at 2026-01-05 09:00:00 and agent E002" in html


def test_a_rejected_upload_suggests_the_name_meant(client, agents, hr):
    csv = (
        "Call ID,Agent Name,Caller,Date,Time,Answered,Resolved,Speed of Answer,Talk Duration,"
        "Satisfaction Rating\nC-1,王方,138001,2026/01/05,09:00:00,Y,Y,20,0:05:00,10\n"
    ).encode()
    job = import_job_create(
        actor=Actor(user=hr.user),
        kind="interactions",
        upload=SimpleUploadedFile("calls.csv", csv),
        options={"mapping": "callcenter-example"},
    )
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    client.force_login(hr.user)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "No employee matches this agent; rows in the file: 1. Did you mean “王芳”?" in html
