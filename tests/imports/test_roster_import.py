import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.org.imports import roster as r
from serviceladder.org.imports.columns import MISSING_COLUMN
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.models import Education, Employee, LevelAssignment
from serviceladder.org.services import roster_import
from tests.factories import EmployeeFactory
from tests.imports.conftest import EN_HEADER, ZH_HEADER, counts, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _import(actor, path):
    return roster_import(actor=actor, data=path.read_bytes(), file_name=path.name)


def _rejected(actor, path):
    before = counts()
    with pytest.raises(ImportRejected) as exc:
        _import(actor, path)
    assert counts() == before, "a rejected file must write nothing"
    return exc.value.errors


def test_good_csv_with_chinese_headers_creates_everyone(org, hr_actor, good_rows, tmp_path):
    result = _import(hr_actor, write_csv(tmp_path / "roster.csv", good_rows))
    assert (result.created, result.updated, result.unchanged, result.rows) == (3, 0, 0, 3)
    zhang = Employee.objects.get(number="1001")
    li = Employee.objects.get(number="1002")
    assert zhang.name == "张伟" and zhang.team == org["t1"] and zhang.email == "zhang@example.com"
    assert li.manager == zhang and li.team == org["t1"] and li.hire_date == dt.date(2023, 5, 8)
    assert Employee.objects.get(number="1003").team == org["t2"]
    assert LevelAssignment.objects.get(employee=zhang).level == org["L2"]
    assert LevelAssignment.objects.get(employee=li).effective_from == dt.date(2023, 5, 8)
    assert list(Education.objects.filter(employee=li).values_list("degree", flat=True)) == ["associate"]
    summary = AuditEvent.objects.get(action="import.roster")
    assert summary.after["created"] == 3 and summary.after["file"] == "roster.csv"
    assert len(summary.after["sha256"]) == 64 and summary.actor_label == "hr"
    assert AuditEvent.objects.filter(action="org.employee.create").count() == 3


def test_good_xlsx_with_english_headers_and_date_cells(org, hr_actor, tmp_path):
    rows = [
        EN_HEADER,
        [
            1001,
            "Zhang Wei",
            "cs",
            "t1",
            None,
            dt.datetime(2023, 3, 1),
            "l1",
            dt.date(2023, 3, 1),
            "bachelor",
            None,
        ],
        [1002, "李娜", "cs", "t2", 1001, dt.datetime(2024, 1, 2), None, None, None, "li@example.com"],
    ]
    result = _import(hr_actor, write_xlsx(tmp_path / "roster.xlsx", rows))
    assert result.created == 2
    li = Employee.objects.get(number="1002")
    assert li.name == "李娜" and li.manager.number == "1001" and li.hire_date == dt.date(2024, 1, 2)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_chinese_excel_encodings_round_trip(org, hr_actor, good_rows, tmp_path, encoding):
    _import(hr_actor, write_csv(tmp_path / "roster.csv", good_rows, encoding=encoding))
    assert sorted(Employee.objects.values_list("name", flat=True)) == sorted(["张伟", "李娜", "王芳"])


def test_missing_column(org, hr_actor, good_rows, tmp_path):
    rows = [[c for i, c in enumerate(row) if i != 5] for row in good_rows]  # drop 入职日期
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", rows))
    assert (error.row, error.column, error.value) == (1, "入职日期 / hire date", "")
    assert error.message == MISSING_COLUMN and "工号 / employee number" in error.reason


def test_unknown_team_in_department(org, hr_actor, good_rows, tmp_path):
    good_rows[2][3] = "九组"
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert (error.row, error.column, error.value, error.message) == (3, "班组", "九组", r.UNKNOWN_TEAM)
    assert "t1 (一组)" in error.reason


def test_team_of_another_department(org, hr_actor, good_rows, tmp_path):
    good_rows[1][3] = "s1"
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert (error.row, error.column, error.message) == (2, "班组", r.TEAM_IN_OTHER_DEPARTMENT)


def test_duplicate_employee_number(org, hr_actor, good_rows, tmp_path):
    good_rows[3][0] = "1001"
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert (error.row, error.column, error.value, error.message) == (4, "工号", "1001", r.DUPLICATE_NUMBER)
    assert error.params["other"] == 2


def test_bad_and_future_dates_all_reported(org, hr_actor, good_rows, tmp_path):
    good_rows[1][5] = "2023-13-01"
    good_rows[3][5] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    errors = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "入职日期", "2023-13-01"),
        (4, "入职日期", good_rows[3][5]),
    ]
    assert errors[1].message == r.FUTURE_HIRE_DATE


def test_unknown_level(org, hr_actor, good_rows, tmp_path):
    good_rows[2][6] = "L9"
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert (error.row, error.column, error.value, error.message) == (3, "当前级别", "L9", r.UNKNOWN_LEVEL)


def test_manager_cycle_reports_the_chain(org, hr_actor, good_rows, tmp_path):
    good_rows[1][4] = "1003"  # 1001 → 1003 → 1001
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert (error.row, error.column, error.value, error.message) == (2, "上级", "1003", r.MANAGER_CYCLE)
    assert error.params["chain"] == "1001 → 1003 → 1001"


def test_manager_cycle_through_existing_employee(org, hr_actor, good_rows, tmp_path):
    boss = EmployeeFactory(number="9000", team=org["t1"])
    EmployeeFactory(number="9001", team=org["t1"], manager=boss)
    rows = [good_rows[0], ["9000", "老板", "cs", "t1", "9001", "2020-01-01", "", "", "", ""]]
    (error,) = _rejected(hr_actor, write_csv(tmp_path / "r.csv", rows))
    assert error.params["chain"] == "9000 → 9001 → 9000"


def test_unknown_manager_and_leave_before_hire(org, hr_actor, tmp_path):
    rows = [
        ["工号", "姓名", "部门", "班组", "上级", "入职日期", "离职日期"],
        ["1", "甲", "cs", "t1", "404", "2023-01-01", ""],
        ["2", "乙", "cs", "t1", "", "2023-01-01", "2022-12-31"],
    ]
    errors = _rejected(hr_actor, write_csv(tmp_path / "r.csv", rows))
    assert [(e.row, e.column, e.value, e.message) for e in errors] == [
        (2, "上级", "404", r.UNKNOWN_MANAGER),
        (3, "离职日期", "2022-12-31", r.LEAVE_BEFORE_HIRE),
    ]


def test_level_date_rules(org, hr_actor, good_rows, tmp_path):
    good_rows[1][7] = "2020-01-01"  # before hire
    good_rows[2][7] = ""  # level without date
    errors = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert [(e.row, e.message) for e in errors] == [
        (2, r.LEVEL_SINCE_BEFORE_HIRE),
        (3, r.LEVEL_SINCE_REQUIRED),
    ]


def test_bad_optional_values(org, hr_actor, tmp_path):
    rows = [
        ["工号", "姓名", "部门", "班组", "入职日期", "学历", "邮箱", "渠道", "语言", "以往客服经验（月）"],
        ["1", "甲", "cs", "t1", "2023-01-01", "小学", "not-an-email", "电话、传真", "火星语", "-3"],
    ]
    errors = _rejected(hr_actor, write_csv(tmp_path / "r.csv", rows))
    assert [e.column for e in errors] == ["以往客服经验（月）", "学历", "渠道", "语言", "邮箱"]
    assert all(e.row == 2 for e in errors)


def test_channels_languages_and_experience(org, hr_actor, tmp_path):
    rows = [
        ["工号", "姓名", "部门", "班组", "入职日期", "渠道", "语言", "以往客服经验（月）"],
        ["1", "甲", "cs", "t1", "2023-01-01", "电话、在线；email", "中文, English, yue", "18"],
    ]
    roster_import(actor=hr_actor, data=write_csv(tmp_path / "r.csv", rows).read_bytes(), file_name="r.csv")
    e = Employee.objects.get(number="1")
    assert (e.channels, e.languages, e.prior_experience_months) == (
        ["call", "chat", "email"],
        ["zh", "en", "yue"],
        18,
    )


def test_dry_run_writes_nothing(org, hr_actor, good_rows, tmp_path):
    path = write_csv(tmp_path / "r.csv", good_rows)
    before = counts()
    result = roster_import(actor=hr_actor, data=path.read_bytes(), file_name="r.csv", dry_run=True)
    assert result.created == 3 and result.dry_run
    assert counts() == before


def test_header_written_in_spreadsheet_column_order_free(org, hr_actor, good_rows, tmp_path):
    rows = [list(reversed(row)) for row in good_rows]
    assert _import(hr_actor, write_csv(tmp_path / "r.csv", rows)).created == 3
    assert ZH_HEADER[0] == "工号"


def test_cycle_reported_even_when_its_rows_have_other_problems(org, hr_actor, good_rows, tmp_path):
    good_rows[1][4] = "1003"
    good_rows[3][3] = "九组"
    errors = _rejected(hr_actor, write_csv(tmp_path / "r.csv", good_rows))
    assert [(e.row, e.message) for e in errors] == [(2, r.MANAGER_CYCLE), (4, r.UNKNOWN_TEAM)]
