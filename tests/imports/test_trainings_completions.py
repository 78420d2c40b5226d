"""`import trainings` writes learning.Completion through record_completion (issue 17 item 3: one mechanism):
a row naming a catalogue course (by code or either name, any case) links to it and takes its validity; a row
outside the catalogue keeps its name; no course is ever created; re-importing changes nothing."""

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.models import Completion, Course
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.services import records_import
from tests.factories import EmployeeFactory
from tests.imports.conftest import write_csv

pytestmark = pytest.mark.django_db

HEADER = ["工号", "培训名称", "另一语言名称", "类型", "完成日期", "到期日期"]


@pytest.fixture
def people(org):
    return [EmployeeFactory(number=n, team=org["t1"]) for n in ("1001", "1002", "1003")]


@pytest.fixture
def courses():
    return {
        "cert": Course.objects.create(
            code="svc-cert", name_zh="客服资格认证", name_en="Service certificate", validity_months=12
        ),
        "basics": Course.objects.create(code="basics", name_zh="基础", name_en="Basics"),
    }


def _run(actor, rows, path):
    return records_import(
        kind="trainings", actor=actor, data=write_csv(path, [HEADER, *rows]).read_bytes(), file_name=path.name
    )


def test_rows_link_to_catalogue_courses_and_take_their_validity(people, courses, hr_actor, tmp_path):
    rows = [
        ["1001", "SERVICE CERTIFICATE", "", "认证", "2025-03-31", ""],  # English name, any case: validity
        ["1002", "外部证书", "svc-cert", "认证", "2025-01-10", "2025-06-30"],  # other name = code; own expiry
        ["1003", "Forklift licence", "", "培训", "2025-02-01", ""],  # outside the catalogue
    ]
    result = _run(hr_actor, rows, tmp_path / "t.csv")
    assert result.created == 3
    got = {
        c.employee.number: (c.course_id and c.course.code, c.name, c.expires_on, c.source)
        for c in Completion.objects.select_related("course", "employee")
    }
    assert got == {
        "1001": ("svc-cert", "SERVICE CERTIFICATE", dt.date(2026, 3, 31), "import"),
        "1002": ("svc-cert", "外部证书", dt.date(2025, 6, 30), "import"),
        "1003": (None, "Forklift licence", None, "import"),
    }
    assert Course.objects.count() == 2  # an import creates no course
    # one event per row (with the course's code) and one for the import; no second event per completion
    created = AuditEvent.objects.filter(action="org.completion.create").order_by("employee__number")
    assert [e.after["course"] for e in created] == ["svc-cert", "svc-cert", ""]
    assert AuditEvent.objects.filter(action="import.trainings").count() == 1
    assert not AuditEvent.objects.filter(action="learning.completion").exists()
    # the same file again changes nothing (the validity's expiry is not mistaken for a change)
    again = _run(hr_actor, rows, tmp_path / "t.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Completion.objects.count() == 3


def test_a_corrected_expiry_updates_the_completion(people, courses, hr_actor, tmp_path):
    _run(hr_actor, [["1001", "基础", "", "培训", "2025-03-01", ""]], tmp_path / "t.csv")
    result = _run(hr_actor, [["1001", "基础", "", "培训", "2025-03-01", "2027-03-01"]], tmp_path / "t.csv")
    assert result.updated == 1
    c = Completion.objects.get()
    assert (c.course, c.expires_on) == (courses["basics"], dt.date(2027, 3, 1))
    assert AuditEvent.objects.get(action="org.completion.update").after == {"expires_on": "2027-03-01"}


def test_one_bad_row_writes_no_completion(people, courses, hr_actor, tmp_path):
    before = (Completion.objects.count(), AuditEvent.objects.count())
    rows = [
        ["1001", "基础", "", "培训", "2025-03-01", ""],
        ["9999", "基础", "", "培训", "2025-03-01", ""],
    ]
    with pytest.raises(ImportRejected) as exc:
        _run(hr_actor, rows, tmp_path / "t.csv")
    assert [(e.row, e.column, e.value) for e in exc.value.errors] == [(3, "工号", "9999")]
    assert (Completion.objects.count(), AuditEvent.objects.count()) == before
