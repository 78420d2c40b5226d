"""Exam results reach the engine with their exam's code (issue 17): an attempt's or an import's code, else the
result's name (or its name in the other language) matched onto an exam of the policy; a condition that names
an exam reads only that exam's results, counted as the policy's `counts:` says."""

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.eligibility.engine import compile_policy, evaluate
from serviceladder.eligibility.loading import load_facts
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, ExamResult
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.services import policy_load
from tests.factories import EmployeeFactory, LevelAssignmentFactory, TeamFactory, user_with_roles

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 7, 1)
POLICY = """\
schema_version: 1
name: exams
exams:
  - {code: knowledge-exam, name_zh: 业务知识与技能考试, name_en: Knowledge and skills exam, counts: COUNTS}
  - {code: week-quiz, name_zh: 每周小测, name_en: Weekly quiz}
tracks:
  - code: service
    kind: management
    name_zh: 服务
    name_en: Service
    levels:
      - {code: L1, name_zh: 一级, name_en: Level 1}
      - {code: L2, name_zh: 二级, name_en: Level 2}
transitions:
  - from: L1
    to: L2
    conditions:
      exam: {min_score: 80, within_months: 12, exam: knowledge-exam}
performance_score:
  weights: {csat_mean: 1}
process:
  application_months: [3, 9]
  notice_period_working_days: 5
  appeal_deadline_days: 7
"""


def _load(counts="best"):
    hr = user_with_roles("hr", Role.HR)
    text = POLICY.replace("COUNTS", counts)
    policy_load(actor=Actor(user=hr, channel="cli"), text=text, effective=dt.date(2024, 1, 1))
    return policy_in_force(AS_OF)


def _person(number, *results):
    team = TeamFactory.create() if not Employee.objects.exists() else Employee.objects.first().team
    e = EmployeeFactory(number=number, team=team, hire_date=dt.date(2023, 1, 1))
    LevelAssignmentFactory(employee=e, level=Level.objects.get(code="L1"), effective_from=dt.date(2024, 1, 1))
    for date, name, score, extra in results:
        ExamResult.objects.create(employee=e, date=date, name=name, score=score, **extra)
    return e


def _exam_check(policy, number):
    facts = load_facts(Employee.objects.filter(number=number), as_of=AS_OF, policy=policy)
    (decision,) = evaluate(facts[0], compile_policy(policy), AS_OF)
    (check,) = [c for c in decision.checks if c.clause == "exam_score"]
    return facts[0], check


def test_results_map_onto_the_exam_by_code_or_either_name_in_any_case():
    policy = _load()
    _person(
        "A1",
        (dt.date(2026, 1, 10), "Q1", 70, {"exam_code": "knowledge-exam"}),  # an attempt in the product
        (dt.date(2026, 2, 10), "KNOWLEDGE AND SKILLS EXAM ", 75, {}),  # the English name, other case
        (dt.date(2026, 3, 10), "Spring round", 78, {"name_alt": "业务知识与技能考试"}),  # the other name
        (dt.date(2026, 4, 10), "每周小测", 99, {}),  # another exam of the policy
        (dt.date(2026, 5, 10), "Team trivia", 100, {}),  # no exam of the policy
    )
    facts, check = _exam_check(policy, "A1")
    assert sorted(f.exam for f in facts.exams) == sorted(
        ["knowledge-exam", "knowledge-exam", "knowledge-exam", "week-quiz", ""]
    )
    # The quiz's 99 and the trivia's 100 no longer pass the promotion exam: its best is 78.
    assert (check.status, check.actual, check.code) == ("fail", 78.0, "exam.named.low")
    assert check.values["exam"] == "knowledge-exam"


def test_a_passing_result_of_the_named_exam_passes():
    policy = _load()
    _person("A2", (dt.date(2026, 6, 1), "Knowledge and skills exam", 85, {}))
    _facts, check = _exam_check(policy, "A2")
    assert (check.status, check.actual) == ("pass", 85.0)


def test_counts_latest_takes_the_latest_result_of_the_exam():
    policy = _load("latest")
    _person(
        "A3",
        (dt.date(2026, 1, 10), "Knowledge and skills exam", 95, {}),
        (dt.date(2026, 5, 10), "x", 60, {"exam_code": "knowledge-exam"}),
        (dt.date(2026, 6, 10), "每周小测", 100, {}),
    )
    _facts, check = _exam_check(policy, "A3")
    assert (check.status, check.actual, check.code) == ("fail", 60.0, "exam.named.latest_low")
    best = _load("best")
    _facts, check = _exam_check(best, "A3")
    assert (check.status, check.actual) == ("pass", 95.0)
