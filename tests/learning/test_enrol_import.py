"""`serviceladder import enrolments FILE`: atomic, every bad row reported with its row, column and value;
a person already on a course keeps their enrolment; HR and administrators only."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.learning.models import Enrolment
from tests.learning.enrol_setup import classroom, enrolled

pytestmark = pytest.mark.django_db

HEADER = "工号,课程代码,截止日期,备注\n"


def _run(tmp_path, text, *extra, user="zhaomin"):
    path = tmp_path / "enrolments.csv"
    path.write_bytes(text.encode("utf-8"))
    return main(["import", "enrolments", str(path), "--as", user, *extra])


def test_a_good_file_enrols_everyone(org, tmp_path, capsys):
    classroom()
    classroom("phone", name_zh="电话沟通", name_en="Phone")
    existing = enrolled(org, "E2004", classroom("basics"), due_on=dt.date(2099, 12, 31))
    text = HEADER + "E2003,complaints,2099-03-31,新人培训\nE2003,phone,,\nE2004,basics,2099-01-31,\n"
    assert _run(tmp_path, text) == 0
    out = capsys.readouterr().out
    assert "3 rows — 2 enrolled, 1 due dates moved, 0 already enrolled" in out
    rows = {
        (e.employee.number, e.course.code): e for e in Enrolment.objects.select_related("employee", "course")
    }
    assert rows[("E2003", "complaints")].due_on == dt.date(2099, 3, 31)
    assert rows[("E2003", "complaints")].source == "import"
    assert rows[("E2004", "basics")].pk == existing.pk and rows[("E2004", "basics")].due_on == dt.date(
        2099, 1, 31
    )
    assert AuditEvent.objects.filter(action="import.enrolments").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_written(org, tmp_path, capsys):
    classroom()
    old = classroom("old", active=False)
    assert not old.active
    needs = classroom("advanced")
    needs.prerequisites.add(classroom("basics"))
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    bad = (
        HEADER
        + "E2003,complaints,,\n"  # fine
        + "E9999,complaints,,\n"  # row 3: unknown employee
        + "E2004,nosuch,,\n"  # row 4: unknown course
        + "E2004,old,,\n"  # row 5: inactive course
        + f"E2004,complaints,{yesterday},\n"  # row 6: due before today
        + "E2003,complaints,,\n"  # row 7: repeats row 2
        + "E2004,advanced,,\n"  # row 8: prerequisite missing
        + "E2005,complaints,2099-13-01,\n"  # row 9: not a date
    )
    before = (Enrolment.objects.count(), AuditEvent.objects.count())
    assert _run(tmp_path, bad) == 2
    err = capsys.readouterr().err
    assert "enrolments.csv: 7 problem(s) found; nothing was imported." in err
    lines = err.splitlines()

    def line(row):
        return next(x for x in lines if x.startswith(f"{row} "))

    assert "工号" in line(3) and "E9999" in line(3) and "No employee has this number" in line(3)
    assert "nosuch" in line(4) and "No course has this code" in line(4)
    assert "old" in line(5) and "no longer offered" in line(5)
    assert yesterday in line(6) and "before today" in line(6)
    assert "already in row 2" in line(7)
    assert "advanced" in line(8) and "basics" in line(8)
    assert "2099-13-01" in line(9)
    assert (Enrolment.objects.count(), AuditEvent.objects.count()) == before


def test_only_hr_and_administrators_import(org, tmp_path, capsys):
    classroom()
    assert _run(tmp_path, HEADER + "E2003,complaints,,\n", user="wangfang") == 2
    assert "enrolments" in capsys.readouterr().err
    assert not Enrolment.objects.exists()


def test_a_dry_run_writes_nothing(org, tmp_path, capsys):
    classroom()
    assert _run(tmp_path, HEADER + "E2003,complaints,,\n", "--dry-run") == 0
    assert "1 enrolled" in capsys.readouterr().out
    assert not Enrolment.objects.exists()
