"""`serviceladder import recognition FILE` and the Imports page: customer compliments from CSV or XLSX
(Chinese or English headers); all rows or none; every bad row reported with file, row, column, value and what
is allowed; exit 2."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.tasks import import_job_create, import_job_run
from serviceladder.notifications.models import Notification
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.services.received_import import recognition_import

pytestmark = pytest.mark.django_db

HEADER = "工号,日期,表扬内容,类别,客户参考号\n"
GOOD = (
    HEADER
    + "E2003,2025-06-12,客户来电表扬：退款办得很快,,T-1\n"
    + "E2003,2025/06/20,主动跟进了投诉,going beyond,\n"
    + "E2004,2025年7月1日,整理了知识库,知识库贡献,T-3\n"
)


def _run(tmp_path, text="", name="compliments.csv", data: bytes | None = None, *extra):
    path = tmp_path / name
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    return main(["import", "recognition", str(path), "--as", "zhaomin", *extra])


def test_a_good_csv_writes_customer_recognition_audited_and_tells_the_people(org, tmp_path, capsys):
    assert _run(tmp_path, GOOD) == 0
    assert "3 customer compliments imported" in capsys.readouterr().out
    rows = list(Recognition.objects.order_by("date"))
    assert [(r.recipient.number, r.date, r.category, r.customer_reference) for r in rows] == [
        ("E2003", dt.date(2025, 6, 12), "customer_praise", "T-1"),
        ("E2003", dt.date(2025, 6, 20), "going_beyond", ""),
        ("E2004", dt.date(2025, 7, 1), "knowledge_base", "T-3"),
    ]
    assert all(r.source == "customer" and r.imported_from == "compliments.csv" for r in rows)
    assert all(r.given_by == org.users["hr"] for r in rows)
    assert AuditEvent.objects.filter(action="recognition.import_row").count() == 3
    assert AuditEvent.objects.get(action="import.recognition").after["created"] == 3
    # 李娜 (a login) is told once; 张伟 has no login
    assert Notification.objects.filter(kind="recognition.received").count() == 1


def test_xlsx_with_english_headers_and_date_cells(org, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["employee number", "date", "text", "customer reference"])
    ws.append(["E2006", dt.datetime(2025, 5, 3), "Customer thanked her for a patient explanation", 88123])
    buf = io.BytesIO()
    wb.save(buf)
    assert _run(tmp_path, name="praise.xlsx", data=buf.getvalue()) == 0
    r = Recognition.objects.get()
    assert (r.recipient.number, r.date, r.category, r.customer_reference) == (
        "E2006",
        dt.date(2025, 5, 3),
        "customer_praise",
        "88123",
    )


def test_every_bad_row_is_reported_and_nothing_is_written(org, tmp_path, capsys):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = (
        HEADER
        + "E2003,2025-06-12,好评,,\n"  # fine
        + "E9999,2025-06-12,好评,,\n"  # row 3: unknown employee
        + f"E2003,{tomorrow},好评,,\n"  # row 4: in the future
        + "E2003,2021-01-05,好评,,\n"  # row 5: before the hire date (2022-03-01)
        + "E2004,2025-06-12,,,\n"  # row 6: empty text
        + "E2004,2025-06-13,好评,表扬,\n"  # row 7: unknown category
        + "E2003,2025-06-12,好评,,\n"  # row 8: repeats row 2
        + "E2004,2025-13-01,好评,,\n"  # row 9: not a date
    )
    assert _run(tmp_path, bad) == 2
    err = capsys.readouterr().err
    assert "compliments.csv: 7 problem(s) found; nothing was imported." in err
    lines = err.splitlines()

    def line(row):
        return next(x for x in lines if x.startswith(f"{row} "))

    assert "工号" in line(3) and "E9999" in line(3) and "No employee has this number" in line(3)
    assert tomorrow in line(4) and "cannot be dated after today" in line(4)
    assert "2021-01-05" in line(5) and "hire date (2022-03-01)" in line(5)
    assert "表扬内容" in line(6) and "must not be empty" in line(6)
    assert "类别" in line(7) and "customer_praise" in line(7) and "going_beyond" in line(7)
    assert "already in row 2" in line(8)
    assert "2025-13-01" in line(9)
    assert not Recognition.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["import.recognition", "recognition.import_row"]).exists()
    assert not Notification.objects.exists()


def test_importing_the_same_compliments_again_is_refused(org, tmp_path, capsys):
    assert _run(tmp_path, GOOD) == 0
    assert _run(tmp_path, GOOD, "again.csv") == 2
    assert "already imported (from compliments.csv)" in capsys.readouterr().err
    assert Recognition.objects.count() == 3


def test_a_missing_required_column_is_reported(org, tmp_path, capsys):
    assert _run(tmp_path, "工号,日期\nE2003,2025-06-12\n") == 2
    assert "表扬内容" in capsys.readouterr().err
    assert not Recognition.objects.exists()


def test_dry_run_writes_nothing(org, tmp_path, capsys):
    assert _run(tmp_path, GOOD, "c.csv", None, "--dry-run") == 0
    assert "dry run" in capsys.readouterr().out
    assert not Recognition.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management"])
def test_only_hr_and_administrators_import(org, role):
    with pytest.raises(PermissionDeniedError):
        recognition_import(actor=Actor(user=org.users[role]), data=GOOD.encode(), file_name="c.csv")
    assert not Recognition.objects.exists()


def test_the_template_is_read_back_by_the_import(org, tmp_path, capsys):
    from serviceladder.metrics.import_templates import import_template
    from serviceladder.org.models import Employee

    Employee.objects.filter(number="E2003").update(number="E1001")  # the templates' example person
    for language in ("zh-hans", "en"):
        for fmt in ("csv", "xlsx"):
            data = import_template(kind="recognition", language=language, file_format=fmt).data
            result = recognition_import(
                actor=Actor(user=org.users["hr"]), data=data, file_name=f"t.{fmt}", dry_run=True
            )
            assert result.created == 1, (language, fmt)


def test_the_imports_page_takes_compliments_and_reports_bad_rows(org, client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for("hr")
    page = client.get(reverse("imports")).content.decode()
    assert 'value="recognition"' in page
    assert reverse("import_template", args=["recognition", "xlsx"]) in page
    good = import_job_create(
        actor=Actor(user=org.users["hr"]),
        kind="recognition",
        upload=SimpleUploadedFile("ok.csv", GOOD.encode()),
    )
    assert import_job_run.call(good.pk) == ImportJob.Status.DONE
    assert Recognition.objects.count() == 3
    bad = import_job_create(
        actor=Actor(user=org.users["hr"]),
        kind="recognition",
        upload=SimpleUploadedFile("bad.csv", (HEADER + "E9999,2025-06-12,好评,,\n").encode()),
    )
    assert import_job_run.call(bad.pk) == ImportJob.Status.REJECTED
    bad.refresh_from_db()
    assert [(p["row"], p["column"], p["value"]) for p in bad.problems] == [(2, "工号", "E9999")]
    assert Recognition.objects.count() == 3


def test_the_template_downloads_for_hr_only(org, client_for):
    response = client_for("hr").get(reverse("import_template", args=["recognition", "csv"]) + "?lang=zh-hans")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == "工号,日期,表扬内容,类别,客户参考号"
    assert client_for("team_lead").get(
        reverse("import_template", args=["recognition", "csv"])
    ).status_code in (
        403,
        404,
    )
