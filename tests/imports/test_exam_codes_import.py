"""The exam results import fills each result's exam code (issue 17): from an exam code column, or by matching
the exam's name (or its name in the other language) onto an exam of the policy in force."""

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.org.imports import records as rec
from serviceladder.org.models import ExamResult
from serviceladder.policy.services import policy_load
from tests.eligibility.test_loading_exams import POLICY
from tests.factories import EmployeeFactory, user_with_roles
from tests.imports.test_records_import import _rejected, _run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org):
    hr = user_with_roles("hr-policy", Role.HR)
    policy_load(
        actor=Actor(user=hr, channel="cli"),
        text=POLICY.replace("COUNTS", "best").replace("L1", "X1").replace("L2", "X2"),
        effective=dt.date(2024, 1, 1),
    )
    return [EmployeeFactory(number="1001", name="张伟", team=org["t1"]), EmployeeFactory(number="1002")]


def test_names_and_codes_become_exam_codes(people, hr_actor, tmp_path):
    rows = [
        ["工号", "考试日期", "考试名称", "另一语言名称", "分数", "考试代码"],
        ["1001", "2024-03-01", "knowledge AND skills exam", "", "88", ""],
        ["1001", "2024-04-01", "春季考核", "业务知识与技能考试", "70", ""],
        ["1001", "2024-05-01", "Round 3", "", "90", "week-quiz"],
        ["1002", "2024-05-01", "Team trivia", "", "90", ""],
    ]
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").created == 4
    codes = dict(ExamResult.objects.values_list("date", "exam_code").filter(employee__number="1001"))
    assert codes == {
        dt.date(2024, 3, 1): "knowledge-exam",
        dt.date(2024, 4, 1): "knowledge-exam",
        dt.date(2024, 5, 1): "week-quiz",
    }
    assert ExamResult.objects.get(employee__number="1002").exam_code == ""


def test_reimporting_an_old_result_fills_its_code(people, hr_actor, tmp_path):
    ExamResult.objects.create(
        employee=people[0], date=dt.date(2024, 3, 1), name="业务知识与技能考试", score=88
    )
    rows = [["工号", "考试日期", "考试名称", "分数"], ["1001", "2024-03-01", "业务知识与技能考试", "88"]]
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").updated == 1
    assert ExamResult.objects.get().exam_code == "knowledge-exam"


def test_an_unknown_exam_code_rejects_the_file(people, hr_actor, tmp_path):
    rows = [
        ["工号", "考试日期", "考试名称", "分数", "exam code"],
        ["1001", "2024-03-01", "业务知识与技能考试", "88", ""],
        ["1002", "2024-03-01", "Final", "88", "final-exam"],
    ]
    found = _rejected("exams", hr_actor, rows, tmp_path / "e.csv", ExamResult)
    assert found == [(3, "exam code", "final-exam", rec.UNKNOWN_EXAM_CODE)]


def test_a_sheet_without_the_code_column_keeps_a_stored_code(people, hr_actor, tmp_path):
    ExamResult.objects.create(
        employee=people[0], date=dt.date(2024, 3, 1), name="Spring round", score=80, exam_code="week-quiz"
    )
    rows = [["工号", "考试日期", "考试名称", "分数"], ["1001", "2024-03-01", "Spring round", "85"]]
    assert _run("exams", hr_actor, rows, tmp_path / "e.csv").updated == 1
    assert ExamResult.objects.values_list("score", "exam_code").get() == (85, "week-quiz")
