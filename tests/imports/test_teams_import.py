import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.org.imports import teams as t
from serviceladder.org.imports import values
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.models import Department, Team
from serviceladder.org.services import teams_import
from tests.factories import EmployeeFactory
from tests.imports.conftest import write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "部门编码",
    "部门名称",
    "部门英文名称",
    "班组编码",
    "班组名称",
    "班组英文名称",
    "组长工号",
    "部门负责人工号",
]


def _run(actor, rows, path):
    return teams_import(actor=actor, data=write_csv(path, rows).read_bytes(), file_name=path.name)


def test_teams_then_leads(hr_actor, tmp_path):
    rows = [
        HEADER,
        ["cs", "客服部", "Customer Service", "t1", "一组", "Team One", "", ""],
        ["cs", "客服部", "", "t2", "二组", "", "", ""],
    ]
    result = _run(hr_actor, rows, tmp_path / "teams.csv")
    assert result.created == 2
    assert Team.objects.get(code="t2").department == Department.objects.get(
        code="cs", name_en="Customer Service"
    )
    lead = EmployeeFactory(number="1001", team=Team.objects.get(code="t1"))
    rows[1][6] = rows[1][7] = "1001"
    result = _run(hr_actor, rows, tmp_path / "teams2.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Team.objects.get(code="t1").lead == lead and Department.objects.get(code="cs").head == lead
    event = AuditEvent.objects.get(action="org.team.update")
    assert (event.before, event.after) == ({"lead": None}, {"lead": "1001"})


def test_bad_team_rows_write_nothing(hr_actor, tmp_path):
    rows = [
        HEADER,
        ["cs", "客服部", "", "t1", "一组", "", "404", ""],
        ["cs", "客服中心", "", "t1", "一组", "", "", ""],
        ["c s", "客服部", "", "t3", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as exc:
        _run(hr_actor, rows, tmp_path / "teams.csv")
    found = [(e.row, e.column, e.value, e.message) for e in exc.value.errors]
    assert (2, "组长工号", "404", t.UNKNOWN_PERSON) in found
    assert (3, "班组编码", "t1", t.DUPLICATE_TEAM) in found
    assert (4, "部门编码", "c s", values.BAD_CODE) in found
    assert (4, "班组名称", "", values.REQUIRED_VALUE) in found
    assert (3, "部门名称", "客服中心", t.DEPARTMENT_CONFLICT) in found
    assert Team.objects.count() == 0 and AuditEvent.objects.count() == 0
