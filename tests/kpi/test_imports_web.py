"""Browser uploads: the view stores and enqueues, the task imports, the status fragment shows each state."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.metrics.models import ImportJob, MonthlyMetric
from serviceladder.metrics.tasks import import_job_create, import_job_run, uploads_dir
from tests.factories import user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
GOOD = csv_bytes([["工号", "月份", "质检得分", "首次解决率"], ["1001", "2025-05", "91", "0.9"]])
BAD = csv_bytes(
    [
        ["工号", "月份", "质检得分", "首次解决率"],
        ["1001", "2025-05", "91", "180%"],
        ["9999", "2025-05", "1", "0.1"],
    ]
)


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = DUMMY
    settings.SECURE_SSL_REDIRECT = False


def _upload(client, kind="metrics", data=GOOD, name="kpi.csv", **extra):
    return client.post(reverse("imports"), {"kind": kind, "file": SimpleUploadedFile(name, data), **extra})


def test_upload_stores_the_file_and_enqueues(client, people, hr):
    from django_tasks import default_task_backend

    client.force_login(hr)
    response = _upload(client, csat_scale="10")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    assert job.status == ImportJob.Status.QUEUED and job.options["csat_scale"] == "10"
    assert Path(job.stored_path).parent == uploads_dir() and Path(job.stored_path).read_bytes() == GOOD
    [result] = default_task_backend.results
    assert result.args == [job.pk] or result.args == (job.pk,)
    assert result.task.func is import_job_run.func
    assert job.task_id == str(result.id)
    assert not MonthlyMetric.objects.exists()  # nothing is imported by the request itself


def test_task_imports_and_removes_the_upload(client, people, hr):
    job = import_job_create(actor=Actor(user=hr), kind="metrics", upload=SimpleUploadedFile("kpi.csv", GOOD))
    assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    job.refresh_from_db()
    assert job.report["rows"] == 1 and job.report["months_touched"] == ["2025-05"]
    assert MonthlyMetric.objects.get().qa_score == 91
    assert (
        not Path(uploads_dir()).joinpath(Path(job.stored_path or "x").name).exists() and job.stored_path == ""
    )
    client.force_login(hr)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Imported." in html and "2025-05" in html and "hx-get" not in html


def test_rejected_import_reports_row_column_value(client, people, hr):
    job = import_job_create(actor=Actor(user=hr), kind="metrics", upload=SimpleUploadedFile("bad.csv", BAD))
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    job.refresh_from_db()
    assert [(p["row"], p["column"], p["value"]) for p in job.problems] == [
        (2, "首次解决率", "180%"),
        (3, "工号", "9999"),
    ]
    assert not MonthlyMetric.objects.exists()
    client.force_login(hr)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "180%" in html and "More than 100% is not possible for this figure." in html
    assert "bad.csv: 2 problem(s) found; nothing was imported." in html
    # the same report in Chinese pages keeps row, column and value
    client.cookies["serviceladder_language"] = "zh-hans"
    assert "180%" in client.get(reverse("import_job", args=[job.pk])).content.decode()


@pytest.mark.parametrize(
    ("fields", "expected", "polls"),
    [
        ({"status": "queued"}, "Waiting for the background worker", True),
        ({"status": "running", "stage": "checking", "progress": 0.42}, "42%", True),
        ({"status": "done", "report": {"rows": 7, "months_touched": ["2025-04"]}}, "2025-04", False),
        (
            {"status": "failed", "message": "The import stopped with an unexpected error"},
            "unexpected error",
            False,
        ),
    ],
)
def test_status_fragment_states(client, hr, fields, expected, polls):
    job = ImportJob.objects.create(kind="metrics", file_name="kpi.csv", created_by=hr, **fields)
    client.force_login(hr)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert expected in html
    assert ('hx-trigger="every 1s"' in html) is polls


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEAD, Role.MANAGEMENT])
def test_only_importers_may_upload(client, people, role):
    client.force_login(user_with_roles(f"u-{role}", role))
    assert _upload(client).status_code == 403
    assert not ImportJob.objects.exists()


def test_admin_may_not_upload_pay(client, people):
    admin = user_with_roles("admin", Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("imports")).content.decode()
    assert 'value="metrics"' in page and 'value="pay"' not in page
    response = _upload(
        client, kind="pay", data=csv_bytes([["工号", "月薪", "生效日期"], ["1001", "9000", "2025-01-01"]])
    )
    assert response.status_code == 302 and response["Location"] == reverse("imports")
    assert not ImportJob.objects.exists()
    assert not list(uploads_dir().glob("*pay*"))


def test_someone_elses_job_is_not_found(client, hr):
    other = user_with_roles("hr2", Role.HR)
    job = ImportJob.objects.create(kind="metrics", file_name="kpi.csv", created_by=other)
    client.force_login(hr)
    assert client.get(reverse("import_job_status", args=[job.pk])).status_code == 404
