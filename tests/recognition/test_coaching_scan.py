"""The coaching scan (issue 15 item 4): one task per person, rule and month with the kernel's evidence;
running it again creates none; insufficient data never makes a task; the lead is told."""

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.daily.registry import steps
from serviceladder.notifications.models import Notification
from serviceladder.recognition.errors_coaching import BAD_MONTH, CoachingInvalid
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.services.coaching import coaching_scan
from serviceladder.rules.explain import render_check
from serviceladder.rules.goals import check_from_explanation
from tests.development.plans_setup import PLAN_POLICY
from tests.recognition.coaching_setup import coaching_org, months

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return coaching_org()


def test_the_scan_opens_one_task_per_rule_that_fires_with_its_evidence(org):
    result = coaching_scan()
    assert result.month == months()[-1]
    assert result.people == 3
    tasks = {(t.employee.number, t.rule_code): t for t in CoachingTask.objects.select_related("employee")}
    assert set(tasks) == {("E2003", "csat-below"), ("E2003", "qa-drop")}
    csat = tasks["E2003", "csat-below"]
    assert (csat.metric, csat.month, csat.state) == ("csat_mean", months()[-1], "open")
    assert csat.evidence["clause"] == "metric_below_streak"
    assert csat.evidence["months"] == months()[-2:]
    qa = check_from_explanation(tasks["E2003", "qa-drop"].evidence)
    assert qa.clause == "metric_drop_against_own_average"
    assert qa.values["baseline"] == pytest.approx(90) and qa.values["latest"] == 80
    assert "worse by 10" in render_check(qa, "en")
    assert AuditEvent.objects.filter(action="recognition.coaching_task_create").count() == 2
    note = Notification.objects.get(kind="recognition.coaching_tasks")
    assert note.recipient == org.users["team_lead"]


def test_running_the_scan_again_creates_no_second_task(org):
    first = coaching_scan()
    assert len(first.created) == 2
    again = coaching_scan()
    assert again.created == [] and again.already == 2
    assert CoachingTask.objects.count() == 2
    assert AuditEvent.objects.filter(action="recognition.coaching_task_create").count() == 2
    assert Notification.objects.filter(kind="recognition.coaching_tasks").count() == 1


def test_insufficient_data_never_makes_a_task(org):
    result = coaching_scan()
    assert not CoachingTask.objects.filter(employee__number="E2006").exists()
    assert result.insufficient == 2  # E2006: a small CSAT sample and a missing QA month


def test_the_scan_of_an_earlier_month_judges_that_month(org):
    result = coaching_scan(month=months()[-2])
    # a month earlier, E2003's CSAT was below only once and QA had not dropped by 8
    assert result.created == []


def test_a_bad_month_is_refused_and_nothing_is_written(org):
    for bad in ("2026-13", "next", "2999-01"):
        with pytest.raises(CoachingInvalid) as exc:
            coaching_scan(month=bad)
        assert exc.value.message == BAD_MONTH
    assert CoachingTask.objects.count() == 0


def test_no_task_while_the_policy_does_not_switch_coaching_on(db):
    coaching_org(policy=PLAN_POLICY)
    result = coaching_scan()
    assert result.enabled is False
    assert CoachingTask.objects.count() == 0


def test_the_daily_job_runs_the_scan(org):
    import datetime as dt

    from serviceladder.rules.periods import month_index

    step = steps()["recognition.coaching"]
    idx = month_index(months()[-1]) + 1
    assert step(dt.date(idx // 12, idx % 12 + 1, 3)) == {"created": 2}
    assert CoachingTask.objects.count() == 2


def test_no_new_task_while_an_earlier_one_of_the_same_rule_is_still_open(org):
    from serviceladder.rules.periods import month_index, month_label

    earlier = months()[-1]
    CoachingTask.objects.create(
        employee=org.employees["E2003"],
        rule_code="csat-below",
        metric="csat_mean",
        month=month_label(month_index(earlier) - 1),
    )
    result = coaching_scan()
    assert [t.rule_code for t in result.created] == ["qa-drop"]
    CoachingTask.objects.filter(rule_code="csat-below").update(state="recorded")
    again = coaching_scan()
    assert [t.rule_code for t in again.created] == ["csat-below"]
