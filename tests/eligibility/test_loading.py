"""The database adapter, the scoped report and the CLI, against a small organisation."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.eligibility.loading import eligibility_report, load_facts
from serviceladder.ladder.models import Level
from serviceladder.learning.models import Completion
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee, ExamResult, Team, Violation
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.services import policy_load
from tests.factories import EmployeeFactory, LevelAssignmentFactory, TeamFactory, user_with_roles

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 7, 1)
MONTHS = ("2026-04", "2026-05", "2026-06")
POLICY = """\
schema_version: 1
name: small
trainings:
  - {code: basics, name_zh: 基础, name_en: Basics}
tracks:
  - code: service
    kind: management
    name_zh: 服务
    name_en: Service
    levels:
      - {code: L1, name_zh: 一级, name_en: Level 1}
      - {code: L2, name_zh: 二级, name_en: Level 2, supervisory: true}
      - {code: L3, name_zh: 三级, name_en: Level 3, supervisory: true}
transitions:
  - from: L1
    to: L2
    conditions:
      min_months_in_level: 12
      metric_thresholds:
        - {metric: csat_mean, comparison: ">=", value: 4.5, window: 3, min_sample: 30}
      rank_streak: {top_percent: 60, months: 3}
      exam: {min_score: 80, within_months: 12}
      no_violations: {months: 6}
      trainings: [basics]
  - from: L2
    to: L3
    conditions:
      team_conditions:
        - {metric: csat_mean, comparison: ">=", value: 4.5, window: 3}
performance_score:
  weights: {csat_mean: 1}
process:
  application_months: [3, 9]
  notice_period_working_days: 5
  appeal_deadline_days: 7
"""


def _agent(number, team, since, csat, *, level="L1", trained=True, exam=90):
    e = EmployeeFactory(number=number, name=f"Agent {number}", team=team, hire_date=dt.date(2023, 1, 1))
    LevelAssignmentFactory(employee=e, level=Level.objects.get(code=level), effective_from=since)
    for m, c in zip(MONTHS, csat, strict=True):
        MonthlyMetric.objects.create(
            employee=e, month=m, source="sheet", csat_mean=c, csat_rated=50, contacts=400
        )
    if trained:
        Completion.objects.create(
            employee=e, name="Basics", completed_on=dt.date(2025, 5, 1), source="import"
        )
    if exam is not None:
        ExamResult.objects.create(employee=e, date=dt.date(2026, 2, 1), name="Q1", score=exam)
    return e


@pytest.fixture
def org():
    hr = user_with_roles("hr", Role.HR)
    policy_load(actor=Actor(user=hr, channel="cli"), text=POLICY, effective=dt.date(2024, 1, 1))
    t1 = TeamFactory(code="t1")
    t2 = TeamFactory(code="t2", department=t1.department)
    lead = EmployeeFactory(number="LEAD", name="Lead", team=t1, hire_date=dt.date(2020, 1, 1))
    LevelAssignmentFactory(
        employee=lead, level=Level.objects.get(code="L2"), effective_from=dt.date(2023, 1, 1)
    )
    Team.objects.filter(pk=t1.pk).update(lead=lead)
    people = {
        "A1": _agent("A1", t1, dt.date(2025, 1, 1), (4.9, 4.9, 4.9)),  # best in the peer group
        "A2": _agent("A2", t1, dt.date(2025, 9, 15), (4.8, 4.8, 4.8)),  # too short in the level
        "A3": _agent("A3", t1, dt.date(2024, 1, 1), (4.4, 4.4, 4.4), trained=False),
        "A4": _agent("A4", t2, dt.date(2024, 1, 1), (4.6, 4.6, 4.6)),
        "A5": _agent("A5", t2, dt.date(2024, 1, 1), (4.5, 4.5, 4.5), exam=None),
    }
    Violation.objects.create(employee=people["A4"], date=dt.date(2026, 3, 10), kind="attendance")
    lead_user = user_with_roles("lead", Role.TEAM_LEAD, employee=lead)
    agent_user = user_with_roles("a1", Role.AGENT, employee=people["A1"])
    return {"hr": hr, "lead": lead_user, "agent": agent_user, "t1": t1}


def test_facts_from_the_database(org):
    facts = {
        f.employee: f for f in load_facts(Employee.objects.all(), as_of=AS_OF, policy=policy_in_force(AS_OF))
    }
    a1 = facts["A1"]
    assert a1.levels == (("L1", dt.date(2025, 1, 1)),)
    assert a1.metrics["2026-05"]["csat_mean"] == 4.9
    assert a1.trainings[0].code == "basics"  # the recorded name maps onto the policy's code
    assert a1.ranks == dict.fromkeys(MONTHS, 20.0)  # best of five L1 agents in the department
    assert facts["A2"].ranks["2026-04"] == 40.0
    assert facts["A5"].ranks["2026-04"] == 80.0
    assert facts["LEAD"].ranks == {}  # the only L2 has no figures of their own
    # the team the lead leads: A1, A2, A3
    assert facts["LEAD"].team_metrics["2026-06"]["csat_mean"] == pytest.approx((4.9 + 4.8 + 4.4) / 3)
    assert facts["A4"].violations[0].date == dt.date(2026, 3, 10)


def test_a_fixed_number_of_queries_whatever_the_number_of_people(org):
    policy = policy_in_force(AS_OF)
    with CaptureQueriesContext(connection) as few:
        load_facts(Employee.objects.filter(number__in=["A1", "LEAD"]), as_of=AS_OF, policy=policy)
    with CaptureQueriesContext(connection) as many:
        load_facts(Employee.objects.all(), as_of=AS_OF, policy=policy)
    assert len(few) == len(many) <= 12


def test_report_for_hr_covers_everyone(org):
    report = eligibility_report(org["hr"], as_of=AS_OF)
    assert report.policy_version == "v1"
    status = {d.employee: (d.status, d.earliest) for d in report.decisions}
    assert status == {
        "A1": ("eligible", None),
        "A2": ("not_yet", dt.date(2026, 9, 15)),
        "A3": ("not_yet", None),  # CSAT too low and training missing: effort, not time
        "A4": ("not_yet", dt.date(2026, 9, 10)),
        "A5": ("not_yet", None),  # no exam
        "LEAD": ("eligible", None),  # the team's CSAT 4.7 meets 4.5
    }


def test_report_is_scoped_to_what_the_user_may_see(org):
    assert {d.employee for d in eligibility_report(org["lead"], as_of=AS_OF).decisions} == {
        "LEAD",
        "A1",
        "A2",
        "A3",
    }
    assert {d.employee for d in eligibility_report(org["agent"], as_of=AS_OF).decisions} == {"A1"}
    only_t2 = eligibility_report(org["hr"], as_of=AS_OF, department="nope")
    assert only_t2.decisions == []


def test_no_policy_in_force_is_a_domain_error(org):
    with pytest.raises(NoPolicyInForce):
        eligibility_report(org["hr"], as_of=dt.date(2023, 6, 1))


def test_cli_json_shape(org, capsys):
    assert (
        main(["eligibility", "--as-of", "2026-07-01", "--format", "json", "--language", "en", "--as", "hr"])
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["policy"] == {"name": "small", "version": "v1"}
    assert payload["as_of"] == "2026-07-01"
    a2 = next(d for d in payload["decisions"] if d["employee"] == "A2")
    assert a2["status"] == "not_yet"
    assert a2["earliest"] == "2026-09-15"
    assert a2["projection"] == {
        "ready_on": "2026-09-15",
        "rest_met": True,
        "items": [{"clause": "min_months_in_level", "key": "", "date": "2026-09-15"}],
    }
    tenure = a2["checks"][0]
    assert tenure["code"] == "tenure.short"
    assert tenure["text"] == "9 whole months in the level since 2025-09-15; 12 needed, reached on 2026-09-15"


def test_cli_table_csv_and_xlsx(org, capsys, tmp_path):
    assert main(["eligibility", "--as-of", "2026-07-01", "--language", "zh", "--as", "lead"]) == 0
    out = capsys.readouterr().out
    assert "暂未符合，最早2026年9月15日" in out
    assert "A4" not in out  # not in the lead's team
    csv_file = tmp_path / "e.csv"
    assert (
        main(
            [
                "eligibility",
                "--as-of",
                "2026-07-01",
                "--format",
                "csv",
                "--output",
                str(csv_file),
                "--as",
                "hr",
            ]
        )
        == 0
    )
    assert csv_file.read_text(encoding="utf-8-sig").count("\n") == 7  # header + 6 decisions
    xlsx = tmp_path / "e.xlsx"
    assert (
        main(
            ["eligibility", "--as-of", "2026-07-01", "--format", "xlsx", "--output", str(xlsx), "--as", "hr"]
        )
        == 0
    )
    assert load_workbook(xlsx).active.max_row == 7


def test_cli_bad_input(org, capsys):
    assert main(["eligibility", "--as-of", "July", "--as", "hr"]) == 2
    assert main(["eligibility", "--format", "xlsx", "--as", "hr"]) == 2
    assert main(["eligibility", "--as-of", "2023-06-01", "--as", "hr"]) == 2  # no policy in force then


def test_competency_confirmations_reach_the_facts(org):
    from django.utils import timezone

    from serviceladder.development.models import Assessment, Rating
    from serviceladder.policy.models import PolicyVersion

    a1 = Employee.objects.get(number="A1")
    assessment = Assessment.objects.create(
        employee=a1, target_level_code="L2", policy_version=PolicyVersion.objects.get()
    )
    # the superior's rating is the confirmation; a self-rating is not
    Rating.objects.create(
        assessment=assessment,
        group="superior",
        scores={"communication": 3},
        rated_at=timezone.now(),
        rated_by_label="lead",
    )
    a2 = Employee.objects.get(number="A2")
    mine = Assessment.objects.create(
        employee=a2, target_level_code="L2", policy_version=PolicyVersion.objects.get()
    )
    Rating.objects.create(
        assessment=mine,
        group="self",
        scores={"communication": 5},
        rated_at=timezone.now(),
        rated_by_label="a2",
    )
    facts = {
        f.employee: f
        for f in load_facts(Employee.objects.all(), as_of=dt.date.today(), policy=policy_in_force(AS_OF))
    }
    assert facts["A1"].competency_confirmations == {"L2": {"communication": 3}}
    assert facts["A2"].competency_confirmations == {}
