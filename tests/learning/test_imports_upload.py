"""The Imports page takes catalogue courses (HR) and course enrolments (HR and administrators): the upload is
queued, the background job runs the same service as `serviceladder import courses|enrolments`, its report
shows the counts, and a file with one bad row writes nothing and shows that row, column and value."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.models import Course, Enrolment
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.tasks import import_job_run, uploads_dir
from tests.learning.enrol_setup import classroom

pytestmark = pytest.mark.django_db

COURSES = (
    "课程代码,中文名称,英文名称,授课方式,学时,有效期(月),允许自主报名\n"
    "phone-101,电话沟通技巧,Phone communication,在线,6,,是\n"
    "complaints,投诉处理,Complaint handling,课堂,8.5,24,否\n"
)
ENROLMENTS = "工号,课程代码,截止日期,备注\nE2003,complaints,2099-03-31,新人培训\nE2004,complaints,,\n"


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    """The request only queues the job; each test runs it as the worker would (import_job_run.call)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _upload(client, kind: str, text: str, name: str = "file.csv"):
    return client.post(
        reverse("imports"),
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode("utf-8")), "reason": "季度培训计划"},
    )


def _run_job(response) -> ImportJob:
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    import_job_run.call(job.pk)
    job.refresh_from_db()
    return job


def _learning_audit() -> int:
    courses = Q(action__startswith="learning.course")
    enrolments = Q(action__in=["import.enrolments", "learning.enrol"])
    return AuditEvent.objects.filter(courses | enrolments).count()


def test_hr_sees_both_kinds_and_their_templates_in_both_languages(org, client_for):
    english = client_for("hr").get(reverse("imports")).content.decode()
    assert '<option value="courses">Learning catalogue courses</option>' in english
    assert '<option value="enrolments">Course enrolments</option>' in english
    for kind in ("courses", "enrolments"):
        for fmt in ("csv", "xlsx"):
            assert f"{reverse('import_template', args=[kind, fmt])}?lang=en" in english
    chinese = client_for("hr", "zh-hans").get(reverse("imports")).content.decode()
    assert 'value="courses"' in chinese and 'value="enrolments"' in chinese
    assert f"{reverse('import_template', args=['enrolments', 'csv'])}?lang=zh-hans" in chinese


def test_an_administrator_is_offered_enrolments_but_not_courses(org, client_for):
    page = client_for("admin").get(reverse("imports")).content.decode()
    assert 'value="enrolments"' in page
    assert 'value="courses"' not in page
    assert reverse("import_template", args=["courses", "csv"]) not in page


def test_hr_uploads_courses_and_the_job_writes_them_audited(org, client_for):
    client = client_for("hr")
    job = _run_job(_upload(client, "courses", COURSES, "catalogue.csv"))
    assert job.status == ImportJob.Status.DONE
    assert (job.report["rows"], job.report["created"], job.report["updated"]) == (2, 2, 0)
    phone = Course.objects.get(code="phone-101")
    assert (phone.mode, phone.self_enrol) == (Course.Mode.ONLINE, True)
    assert Course.objects.get(code="complaints").validity_months == 24
    created = AuditEvent.objects.filter(action="learning.course_create")
    assert created.count() == 2
    assert {(e.channel, e.reason) for e in created} == {("web", "季度培训计划")}
    assert AuditEvent.objects.get(action="learning.courses_import").after["file"] == "catalogue.csv"
    assert not list(uploads_dir().glob("*catalogue*"))  # the stored upload is removed
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Imported." in html and "<dt>Created</dt><dd>2</dd>" in html


def test_an_administrator_uploads_enrolments_and_the_report_says_who_was_enrolled(org, client_for):
    classroom()
    client = client_for("admin")
    job = _run_job(_upload(client, "enrolments", ENROLMENTS, "q1.csv"))
    assert job.status == ImportJob.Status.DONE
    enrolments = Enrolment.objects.select_related("employee").order_by("employee__number")
    assert [(e.employee.number, e.source, str(e.due_on)) for e in enrolments] == [
        ("E2003", Enrolment.Source.IMPORT, "2099-03-31"),
        ("E2004", Enrolment.Source.IMPORT, "None"),
    ]
    event = AuditEvent.objects.get(action="import.enrolments")
    assert (event.channel, event.actor, event.after["created"]) == ("web", org.users["admin"], 2)
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<dt>Enrolled</dt><dd>2</dd>" in html
    assert "<dt>Already enrolled</dt><dd>0</dd>" in html
    # the same file again: everyone is already on the course
    ImportJob.objects.all().delete()
    again = _run_job(_upload(client, "enrolments", ENROLMENTS, "q1.csv"))
    assert (again.report["created"], again.report["unchanged"]) == (0, 2)
    assert Enrolment.objects.count() == 2


def test_an_administrator_may_not_upload_courses(org, client_for):
    response = _upload(client_for("admin"), "courses", COURSES)
    assert response.status_code == 302 and response["Location"] == reverse("imports")
    assert not ImportJob.objects.exists()
    assert not Course.objects.exists()
    assert not list(uploads_dir().glob("*file.csv"))


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management"])
@pytest.mark.parametrize("kind", ["courses", "enrolments"])
def test_people_who_import_nothing_are_refused(org, client_for, role, kind):
    classroom()
    assert _upload(client_for(role), kind, ENROLMENTS if kind == "enrolments" else COURSES).status_code == 403
    assert not ImportJob.objects.exists()
    assert (Course.objects.count(), Enrolment.objects.count()) == (1, 0)


def test_a_course_file_with_one_bad_row_writes_nothing_and_shows_the_row(org, client_for):
    client = client_for("hr")
    bad = COURSES + "c4,课,Course,telepathy,2,,\n"
    job = _run_job(_upload(client, "courses", bad, "catalogue.csv"))
    assert job.status == ImportJob.Status.REJECTED
    assert [(p["row"], p["column"], p["value"]) for p in job.problems] == [(4, "授课方式", "telepathy")]
    assert not Course.objects.exists()
    assert _learning_audit() == 0
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "catalogue.csv: 1 problem(s) found; nothing was imported." in html
    assert "<code>telepathy</code>" in html and "授课方式" in html and "on_the_job" in html
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(reverse("import_job_problems", args=[job.pk])).streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0] == ["Row", "Column", "Value", "Problem"]
    assert rows[1][:3] == ["4", "授课方式", "telepathy"] and "on_the_job" in rows[1][3]


def test_an_enrolment_file_with_one_bad_row_writes_nothing_and_shows_the_row(org, client_for):
    classroom()
    client = client_for("hr", "zh-hans")
    bad = ENROLMENTS + "E2005,nosuch,,\n"
    job = _run_job(_upload(client, "enrolments", bad, "q1.csv"))
    assert job.status == ImportJob.Status.REJECTED
    assert [(p["row"], p["column"], p["value"]) for p in job.problems] == [(4, "课程代码", "nosuch")]
    assert not Enrolment.objects.exists()
    assert _learning_audit() == 0
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<code>nosuch</code>" in html and "课程代码" in html
