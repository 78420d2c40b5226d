import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.learning.models import Completion
from serviceladder.org.imports import records as rec
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.models import ExamResult, PayRecord, Violation
from serviceladder.org.services import records_import, roster_import
from tests.factories import EmployeeFactory, user_with_roles
from tests.imports.conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org):
    return [
        EmployeeFactory(number="1001", name="张伟", team=org["t1"]),
        EmployeeFactory(number="1002", team=org["t1"]),
    ]


def _run(kind, actor, rows, path):
    return records_import(
        kind=kind, actor=actor, data=write_csv(path, rows).read_bytes(), file_name=path.name
    )


def _rejected(kind, actor, rows, path, model):
    before = (model.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportRejected) as exc:
        _run(kind, actor, rows, path)
    assert (model.objects.count(), AuditEvent.objects.count()) == before
    return [(e.row, e.column, e.value, e.message) for e in exc.value.errors]


def test_pay_history_and_idempotent_reimport(people, hr_actor, tmp_path):
    rows = [["工号", "姓名", "月薪", "币种", "生效日期"], ["1001", "张伟", "8,500.50", "", "2024-01-01"]]
    assert _run("pay", hr_actor, rows, tmp_path / "p.csv").created == 1
    pay = PayRecord.objects.get()
    assert (pay.monthly_amount, pay.currency) == (Decimal("8500.50"), "CNY")
    assert _run("pay", hr_actor, rows, tmp_path / "p.csv").unchanged == 1
    rows.append(["1001", "张伟", "9000", "CNY", "2024/07/01"])
    assert _run("pay", hr_actor, rows, tmp_path / "p.csv").created == 1
    assert PayRecord.objects.count() == 2


def test_pay_errors(people, hr_actor, tmp_path):
    PayRecord.objects.create(
        employee=people[0], monthly_amount=Decimal(8000), effective_from=dt.date(2024, 1, 1)
    )
    rows = [
        ["employee number", "name", "monthly amount", "currency", "effective from"],
        ["1001", "张伟", "8500", "CNY", "2024-01-01"],
        ["1002", "张伟", "0", "RMB¥", "2024-01-01"],
        ["9999", "", "100", "", "2024-01-01"],
        ["1002", "", "100.555", "", "2024-01-01"],
    ]
    found = _rejected("pay", hr_actor, rows, tmp_path / "p.csv", PayRecord)
    assert (2, "monthly amount", "8500", rec.PAY_CONFLICT) in found
    assert (3, "name", "张伟", rec.NAME_MISMATCH) in found
    assert (3, "monthly amount", "0", rec.PAY_NOT_POSITIVE) in found
    assert (3, "currency", "RMB¥", rec.BAD_CURRENCY) in found
    assert (4, "employee number", "9999", rec.UNKNOWN_EMPLOYEE) in found
    assert (5, "monthly amount", "100.555", rec.PAY_NOT_POSITIVE) in found


def test_pay_same_day_twice_in_file(people, hr_actor, tmp_path):
    rows = [["工号", "月薪", "生效日期"], ["1001", "8000", "2024-01-01"], ["1001", "8100", "2024年1月1日"]]
    found = _rejected("pay", hr_actor, rows, tmp_path / "p.csv", PayRecord)
    assert found == [(3, "工号", "1001", rec.DUPLICATE_ROW)]


def test_pay_is_hr_only(people, tmp_path):
    admin = Actor(user_with_roles("admin", Role.ADMIN))
    rows = [["工号", "月薪", "生效日期"], ["1001", "8000", "2024-01-01"]]
    with pytest.raises(PermissionDeniedError):
        _run("pay", admin, rows, tmp_path / "p.csv")
    assert PayRecord.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_agent_cannot_import_roster(org, good_rows, tmp_path):
    agent = Actor(user_with_roles("agent", Role.AGENT))
    with pytest.raises(PermissionDeniedError):
        roster_import(
            actor=agent, data=write_csv(tmp_path / "r.csv", good_rows).read_bytes(), file_name="r.csv"
        )
    assert AuditEvent.objects.count() == 0


def test_exams_import_and_update(people, hr_actor, tmp_path):
    rows = [["工号", "考试日期", "考试名称", "分数", "满分"], ["1001", "2024-03-01", "业务知识", "88.5", ""]]
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").created == 1
    rows[1][3] = "90"
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").updated == 1
    exam = ExamResult.objects.get()
    assert (exam.score, exam.max_score) == (Decimal(90), Decimal(100))
    event = AuditEvent.objects.get(action="org.examresult.update")
    assert (event.before, event.after) == ({"score": "88.50"}, {"score": "90"})


def test_exam_errors(people, hr_actor, tmp_path):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    rows = [
        ["工号", "考试日期", "考试名称", "分数", "满分"],
        ["1001", "2024-03-01", "业务知识", "120", "100"],
        ["1001", future, "业务知识", "-1", ""],
        ["1002", "2024-03-01", "", "ninety", "0"],
    ]
    found = _rejected("exams", hr_actor, rows, tmp_path / "e.csv", ExamResult)
    assert (2, "分数", "120", rec.BAD_SCORE) in found
    assert (3, "考试日期", future, rec.FUTURE_DATE) in found
    assert (3, "分数", "-1", rec.BAD_SCORE) in found
    assert (4, "满分", "0", rec.BAD_MAX_SCORE) in found
    assert any(r == 4 and c == "考试名称" for r, c, _v, _m in found)
    assert any(r == 4 and c == "分数" for r, c, _v, _m in found)


def test_violations_import_and_errors(people, hr_actor, tmp_path):
    rows = [["工号", "日期", "类型", "说明"], ["1001", "2024-04-02", "迟到", "三次"]]
    assert _run("violations", hr_actor, rows, tmp_path / "v.csv").created == 1
    assert Violation.objects.get().description == "三次"
    rows = [["工号", "日期", "类型"], ["1001", "2024-04-31", "迟到"], ["1002", "2024-04-01", ""]]
    found = _rejected("violations", hr_actor, rows, tmp_path / "v.csv", Violation)
    assert [(r, c) for r, c, _v, _m in found] == [(2, "日期"), (3, "类型")]


def test_violations_need_hr(people, tmp_path):
    admin = Actor(user_with_roles("admin", Role.ADMIN))
    with pytest.raises(PermissionDeniedError):
        _run(
            "violations",
            admin,
            [["工号", "日期", "类型"], ["1001", "2024-04-02", "迟到"]],
            tmp_path / "v.csv",
        )


def test_trainings_from_xlsx_and_errors(people, hr_actor, tmp_path):
    rows = [
        ["工号", "培训名称", "类型", "完成日期", "到期日期"],
        ["1001", "投诉处理", "培训", dt.datetime(2024, 5, 1), None],
        ["1002", "普通话证书", "认证", "2024-05-01", "2026-04-30"],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = records_import(kind="trainings", actor=hr_actor, data=path.read_bytes(), file_name="t.xlsx")
    assert result.created == 2
    assert Completion.objects.get(employee__number="1002").kind == Completion.Kind.CERTIFICATION
    bad = [
        rows[0],
        ["1001", "x", "讲座", "2024-05-01", ""],
        ["1002", "y", "training", "2024-05-01", "2024-04-30"],
    ]
    found = _rejected("trainings", hr_actor, bad, tmp_path / "t.csv", Completion)
    assert found == [
        (2, "类型", "讲座", rec.v.BAD_CHOICE),
        (3, "到期日期", "2024-04-30", rec.EXPIRES_BEFORE_COMPLETED),
    ]


def test_a_violations_description_is_logged_by_fingerprint_only(people, hr_actor, tmp_path):
    from serviceladder.audit.services import text_fingerprint

    rows = [["工号", "日期", "类型", "说明"], ["1001", "2024-04-02", "迟到", "与主管争吵"]]
    _run("violations", hr_actor, rows, tmp_path / "v.csv")
    event = AuditEvent.objects.get(action="org.violation.create")
    assert event.after["kind"] == "迟到"
    assert event.after["description"] == text_fingerprint("与主管争吵")
    rows[1][3] = "已改正"
    _run("violations", hr_actor, rows, tmp_path / "v.csv")
    update = AuditEvent.objects.get(action="org.violation.update")
    assert update.before == {"description": text_fingerprint("与主管争吵")}
    assert "与主管争吵" not in str(list(AuditEvent.objects.values_list("before", "after", "reason")))


def test_a_training_may_carry_its_name_in_the_other_language(people, hr_actor, tmp_path):
    rows = [
        ["工号", "培训名称", "另一语言名称", "类型", "完成日期"],
        ["1001", "客服专员资格证", "Customer service certificate", "认证", "2024-05-01"],
        ["1002", "投诉处理", "", "培训", "2024-05-01"],
    ]
    assert _run("trainings", hr_actor, rows, tmp_path / "t.csv").created == 2
    assert dict(Completion.objects.values_list("name", "name_alt")) == {
        "客服专员资格证": "Customer service certificate",
        "投诉处理": "",
    }
    rows[1][2] = "x" * 201
    found = _rejected("trainings", hr_actor, rows, tmp_path / "t.csv", Completion)
    assert [(row, column) for row, column, _v, _m in found] == [(2, "另一语言名称")]


def test_an_exam_may_carry_its_name_in_the_other_language(people, hr_actor, tmp_path):
    from django.utils import translation

    rows = [
        ["工号", "考试日期", "考试名称", "english name", "分数"],
        ["1001", "2024-06-20", "业务知识考核", "Product knowledge exam", "88"],
    ]
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").created == 1
    exam = ExamResult.objects.get()
    assert exam.name_alt == "Product knowledge exam"
    with translation.override("en"):
        assert exam.display_name == "Product knowledge exam"
    with translation.override("zh-hans"):
        assert exam.display_name == "业务知识考核"
