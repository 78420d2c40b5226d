import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.org.services import roster_import
from tests.imports.conftest import write_csv

pytestmark = pytest.mark.django_db


def _run(actor, rows, path):
    return roster_import(actor=actor, data=write_csv(path, rows).read_bytes(), file_name=path.name)


def test_reimport_same_file_writes_only_the_summary(org, hr_actor, good_rows, tmp_path):
    _run(hr_actor, good_rows, tmp_path / "a.csv")
    events = AuditEvent.objects.count()
    result = _run(hr_actor, good_rows, tmp_path / "a.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.filter(action="import.roster").count() == 2


def test_reimport_audits_changed_fields_only_and_assigns_new_level(org, hr_actor, good_rows, tmp_path):
    _run(hr_actor, good_rows, tmp_path / "a.csv")
    good_rows[2][1] = "李娜娜"
    good_rows[2][6], good_rows[2][7] = "L2", "2024-06-01"
    good_rows[3][3] = "t1"
    result = _run(hr_actor, good_rows, tmp_path / "b.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    li = Employee.objects.get(number="1002")
    update = AuditEvent.objects.get(action="org.employee.update", employee=li)
    assert update.before == {"name": "李娜", "level": "L1", "level_since": "2023-05-08"}
    assert update.after == {"name": "李娜娜", "level": "L2", "level_since": "2024-06-01"}
    assert list(li.level_assignments.values_list("level__code", "effective_from")) == [
        ("L2", dt.date(2024, 6, 1)),
        ("L1", dt.date(2023, 5, 8)),
    ]
    assign = AuditEvent.objects.filter(action="org.level.assign", employee=li).first()
    assert assign.after == {"level": "L2", "effective_from": "2024-06-01"}
    wang = AuditEvent.objects.get(action="org.employee.update", employee__number="1003")
    assert (wang.before, wang.after) == ({"team": "t2"}, {"team": "t1"})


def test_new_level_may_not_start_before_the_current_one(org, hr_actor, good_rows, tmp_path):
    from serviceladder.org.imports.report import ImportRejected
    from serviceladder.org.imports.roster import LEVEL_BEFORE_CURRENT

    _run(hr_actor, good_rows, tmp_path / "a.csv")
    good_rows[1][6], good_rows[1][7] = "L1", "2023-12-01"  # current: L2 since 2024-01-01
    with pytest.raises(ImportRejected) as exc:
        _run(hr_actor, good_rows, tmp_path / "b.csv")
    assert [(e.row, e.message) for e in exc.value.errors] == [(2, LEVEL_BEFORE_CURRENT)]
    assert LevelAssignment.objects.count() == 2


def test_absent_optional_columns_are_left_alone(org, hr_actor, good_rows, tmp_path):
    _run(hr_actor, good_rows, tmp_path / "a.csv")
    narrow = [row[:6] for row in good_rows]  # no level, education, email columns
    result = _run(hr_actor, narrow, tmp_path / "b.csv")
    assert result.unchanged == 3
    assert Employee.objects.get(number="1001").email == "zhang@example.com"


def test_same_level_new_date_corrects_the_assignment(org, hr_actor, good_rows, tmp_path):
    _run(hr_actor, good_rows, tmp_path / "a.csv")
    good_rows[1][7] = "2024-02-01"
    assert _run(hr_actor, good_rows, tmp_path / "b.csv").updated == 1
    zhang = Employee.objects.get(number="1001")
    assert list(zhang.level_assignments.values_list("level__code", "effective_from")) == [
        ("L2", dt.date(2024, 2, 1))
    ]
    event = AuditEvent.objects.get(action="org.level.correct")
    assert event.before == {"level": "L2", "effective_from": "2024-01-01"}
