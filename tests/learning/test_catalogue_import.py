"""`serviceladder import courses FILE` (issue 17 item 1): catalogue courses from CSV or XLSX, Chinese or
English headers; a known code updates, a new one creates; all rows or none; every bad row reported with file,
row, column, value and what is allowed; exit 2."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.learning.models import Course
from serviceladder.learning.services.catalogue_import import courses_import


@pytest.fixture
def org(org_with_policy):
    """Every catalogue test runs with the preset policy loaded."""
    return org_with_policy


pytestmark = pytest.mark.django_db

HEADER = "课程代码,中文名称,英文名称,授课方式,学时,有效期(月),能力项,先修课程,允许自主报名\n"
GOOD = (
    HEADER
    + "phone-101,电话沟通技巧,Phone communication,在线,6,,communication:3,,是\n"
    + "complaints,投诉处理,Complaint handling,classroom,8.5,24,"
    + "communication:3; coaching:2,phone-101; basics,否\n"
    + "basics,基础培训,Basics,mentor-led,4,,,,yes\n"
)


def _run(tmp_path, text="", name="courses.csv", data: bytes | None = None, *extra):
    path = tmp_path / name
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    return main(["import", "courses", str(path), "--as", "zhaomin", *extra])


def test_a_good_csv_creates_and_updates_courses_audited(org, tmp_path, capsys):
    assert _run(tmp_path, GOOD) == 0
    assert "3 courses — 2 created, 1 updated, 0 unchanged" in capsys.readouterr().out
    phone = Course.objects.get(code="phone-101")
    assert (phone.mode, phone.hours, phone.competencies, phone.self_enrol) == (
        "online",
        Decimal("6"),
        {"communication": 3},
        True,
    )
    complaints = Course.objects.get(code="complaints")
    assert complaints.validity_months == 24 and complaints.hours == Decimal("8.5")
    assert sorted(complaints.prerequisites.values_list("code", flat=True)) == ["basics", "phone-101"]
    basics = Course.objects.get(code="basics")
    assert (basics.mode, basics.self_enrol, basics.from_policy) == ("mentor", True, True)
    assert AuditEvent.objects.filter(action="learning.course_create").count() == 2
    assert AuditEvent.objects.filter(action="learning.course_update").count() == 1
    event = AuditEvent.objects.get(action="learning.courses_import")
    assert (event.after["created"], event.after["updated"]) == (2, 1)
    # the same file again changes nothing
    assert _run(tmp_path, GOOD) == 0
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_xlsx_with_english_headers_and_number_cells(org, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name (chinese)", "name (english)", "mode", "hours", "validity months", "active"])
    ws.append(["cert-1", "服务认证", "Service certification", "external", 12, 36, "no"])
    buf = io.BytesIO()
    wb.save(buf)
    assert _run(tmp_path, name="courses.xlsx", data=buf.getvalue()) == 0
    course = Course.objects.get(code="cert-1")
    assert (course.mode, course.hours, course.validity_months, course.active) == (
        "external",
        Decimal("12"),
        36,
        False,
    )


def test_every_bad_row_is_reported_and_nothing_is_written(org, tmp_path, capsys):
    bad = (
        HEADER
        + "ok-1,好课,Good course,online,2,,,,\n"  # fine
        + "bad code,坏,Bad,online,2,,,,\n"  # row 3: code
        + "c4,课,Course,telepathy,2,,,,\n"  # row 4: mode
        + "c5,课,Course,online,-3,0,,,\n"  # row 5: hours and validity
        + "c6,课,Course,online,2,,juggling:2,,\n"  # row 6: unknown competency
        + "c7,课,Course,online,2,,communication,,\n"  # row 7: no proficiency
        + "c8,课,Course,online,2,,,nope,\n"  # row 8: unknown prerequisite
        + "c9,课,Course,online,2,,,,maybe\n"  # row 9: yes/no
        + "ok-1,好课,Good course,online,2,,,,\n"  # row 10: repeats row 2
        + "basics,基础培训,Renamed,online,2,,,,\n"  # row 11: the policy's names
        + "c12,,Course,online,2,,,,\n"  # row 12: no Chinese name
    )
    assert _run(tmp_path, bad) == 2
    err = capsys.readouterr().err
    assert "courses.csv: 11 problem(s) found; nothing was imported." in err
    lines = err.splitlines()

    def line(row, *more):
        found = [x for x in lines if x.startswith(f"{row} ")]
        assert found, row
        return " ".join(found)

    assert "课程代码" in line(3) and "bad code" in line(3) and "letters, digits" in line(3)
    assert "授课方式" in line(4) and "telepathy" in line(4) and "on_the_job" in line(4)
    assert "学时" in line(5) and "-3" in line(5) and "有效期" in line(5)
    assert "juggling" in line(6) and "communication" in line(6)
    assert "code:proficiency" in line(7)
    assert "nope" in line(8) and "No course has the code nope" in line(8)
    assert "maybe" in line(9) and "yes/no" in line(9)
    assert "already in row 2" in line(10)
    assert "Renamed" in line(11) and "change them in the policy" in line(11)
    assert "中文名称" in line(12) and "both languages" in line(12)
    assert not Course.objects.exclude(code="basics").exists()
    assert Course.objects.get(code="basics").name_en == "Basics"
    assert not AuditEvent.objects.filter(action__startswith="learning.course").exists()


def test_a_prerequisite_loop_within_the_file_is_refused(org, tmp_path, capsys):
    text = HEADER + "a,甲,A,,,,,b,\n" + "b,乙,B,,,,,a,\n"
    assert _run(tmp_path, text) == 2
    assert "make a loop" in capsys.readouterr().err
    assert not Course.objects.filter(code__in=["a", "b"]).exists()


def test_a_missing_required_column_is_reported(org, tmp_path, capsys):
    assert _run(tmp_path, "课程代码,中文名称\nx,课\n") == 2
    assert "英文名称" in capsys.readouterr().err
    assert not Course.objects.filter(code="x").exists()


def test_dry_run_writes_nothing(org, tmp_path, capsys):
    assert _run(tmp_path, GOOD, "c.csv", None, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "2 created, 1 updated" in out and "dry run" in out
    assert not Course.objects.filter(code__in=["phone-101", "complaints"]).exists()
    assert Course.objects.get(code="basics").mode == "classroom"
    assert not AuditEvent.objects.filter(action__startswith="learning.course").exists()


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_imports_courses(org, role):
    with pytest.raises(PermissionDeniedError):
        courses_import(actor=Actor(user=org.users[role]), data=GOOD.encode(), file_name="c.csv")
    assert not Course.objects.filter(code="phone-101").exists()


def test_a_refused_user_exits_2_with_one_line(org, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", "courses", str(path), "--as", "lina"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
