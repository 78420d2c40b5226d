"""The wellbeing scan (issue 16 items 1–2): one assessment per person and month with the stage, every
signal's check and the risk (the contract the pages read); running it again rewrites the same rows; a
missing month is "unknown"; a bad month or a policy without wellbeing writes nothing; the audit log gets
counts only; the daily step scans the last complete month once it has figures; the loader's queries do not
grow with the number of people."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serviceladder.audit.models import AuditEvent
from serviceladder.daily.registry import steps
from serviceladder.policy.models import PolicyVersion
from serviceladder.promotions.models import PromotionApplication, PromotionCycle, TransitionLog
from serviceladder.rules.explain import render_check
from serviceladder.rules.goals import check_from_explanation
from serviceladder.wellbeing.engine.signals import compile_section
from serviceladder.wellbeing.errors_signals import BAD_MONTH, WellbeingInvalid
from serviceladder.wellbeing.models import PulseCycle, PulseShared, WellbeingAssessment
from serviceladder.wellbeing.selectors.facts import load_facts
from serviceladder.wellbeing.services.scan import scan_due, wellbeing_scan
from tests.web.org import WEB_POLICY
from tests.wellbeing.signals_setup import in_month, months, wellbeing_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return wellbeing_org()


def assessment(number):
    return WellbeingAssessment.objects.get(employee__number=number, month=months()[-1])


def signal(row, code):
    return next(s for s in row.signals if s["signal"] == code)


def test_the_scan_stores_each_persons_stage_signals_and_risk(org):
    result = wellbeing_scan()
    assert result.month == months()[-1]
    assert result.people == 4 == WellbeingAssessment.objects.count()
    lina = assessment("E2003")
    assert {"workload", "strain"} <= set(lina.fired)
    assert lina.risk == "act"
    workload = signal(lina, "workload")
    assert (workload["status"], workload["kind"], workload["level"]) == ("pass", "workload", "watch")
    assert workload["clause"] == "workload_above_team_median"
    # the team a1's median of E2002, E2003 and E2004 in the last month: 310
    assert workload["values"]["detail"][-1] == [months()[-1], 520, 310]
    assert "team median" in render_check(check_from_explanation(workload), "en")
    assert sum(c["decisive"] for c in lina.stage_checks) == 1
    assert lina.stage in {"entry", "rise", "maturity", "plateau", "decline", "unknown"}
    assert lina.policy_version is not None


def test_a_recent_career_conversation_keeps_the_plateau_signal_quiet(org):
    wellbeing_scan()
    assert signal(assessment("E2004"), "plateau")["code"] == "plateau.recent_conversation"
    lead = assessment("E2002")
    assert signal(lead, "plateau")["status"] == "pass"
    assert lead.fired == ["plateau"] and lead.risk == "watch"


def test_a_missing_month_is_unknown_never_none(org):
    wellbeing_scan()
    chen = assessment("E2006")
    assert chen.risk in ("unknown", "watch", "act")
    assert signal(chen, "workload")["status"] == "insufficient_data"
    assert signal(chen, "strain")["status"] == "insufficient_data"
    if not chen.fired:
        assert chen.risk == "unknown"


def test_running_the_scan_again_rewrites_the_same_rows(org):
    wellbeing_scan()
    first = dict(WellbeingAssessment.objects.values_list("employee__number", "pk"))
    wellbeing_scan()
    assert dict(WellbeingAssessment.objects.values_list("employee__number", "pk")) == first
    assert AuditEvent.objects.filter(action="wellbeing.scan").count() == 2


def test_the_audit_row_records_counts_only(org):
    wellbeing_scan()
    event = AuditEvent.objects.get(action="wellbeing.scan")
    assert event.employee is None and event.object_id == ""
    assert set(event.after) == {"month", "people", "policy_version", "risks", "stages"}
    assert sum(event.after["risks"].values()) == 4
    assert "E2003" not in str(event.after) and "workload" not in str(event.after)


def test_a_bad_month_is_refused_and_nothing_is_written(org):
    for bad in ("2026-13", "next", "2999-01"):
        with pytest.raises(WellbeingInvalid) as exc:
            wellbeing_scan(month=bad)
        assert exc.value.message == BAD_MONTH
    assert WellbeingAssessment.objects.count() == 0
    assert not AuditEvent.objects.filter(action="wellbeing.scan").exists()


def test_nothing_is_written_while_the_policy_does_not_switch_wellbeing_on(db):
    wellbeing_org(policy=WEB_POLICY)
    result = wellbeing_scan()
    assert result.enabled is False
    assert WellbeingAssessment.objects.count() == 0
    assert not AuditEvent.objects.filter(action="wellbeing.scan").exists()


def test_a_rejected_application_last_month_is_a_setback(org):
    cycle = PromotionCycle.objects.create(
        name="2026 上半年",
        policy_version=PolicyVersion.objects.first(),
        opens_on=dt.date(2024, 1, 1),
        closes_on=dt.date(2024, 1, 31),
    )
    application = PromotionApplication.objects.create(
        cycle=cycle,
        applicant=org.employees["E2004"],
        from_level=org.levels[0],
        target_level=org.levels[1],
        state="rejected",
    )
    log = TransitionLog.objects.create(
        application=application,
        action="dept_reject",
        from_state="submitted",
        to_state="rejected",
        actor_label="x",
    )
    day = in_month(months()[-1], 10)
    TransitionLog.objects.filter(pk=log.pk).update(at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC))
    wellbeing_scan()
    check = signal(assessment("E2004"), "setback")
    assert (check["status"], check["code"]) == ("pass", "setback.rejected")
    assert check["values"]["latest"] == day.isoformat()


def test_answers_shared_with_the_lead_feed_the_pulse_signal(org):
    cycle = PulseCycle.objects.create(
        month=months()[-1],
        opens_on=in_month(months()[-1], 1),
        closes_on=in_month(months()[-1], 8),
        questions=[{"code": "q1", "theme": "exhaustion", "zh": "我常感到疲惫", "en": "I often feel drained"}],
        created_by=org.users["hr"],
    )
    PulseShared.objects.create(cycle=cycle, employee=org.employees["E2004"], values={"q1": 5})
    wellbeing_scan()
    check = signal(assessment("E2004"), "pulse")
    assert (check["status"], check["values"]["answer"]) == ("pass", 5)
    assert signal(assessment("E2003"), "pulse")["status"] == "fail"


def test_the_daily_step_scans_the_last_complete_month_once(org):
    assert "wellbeing.signals" in steps()
    today = dt.date.today()
    first = scan_due(today)
    assert first["scanned"] == 4 and first["month"] == months()[-1]
    assert scan_due(today)["scanned"] == 0
    assert AuditEvent.objects.filter(action="wellbeing.scan").count() == 1


def test_the_loader_reads_everyone_in_a_fixed_number_of_queries(org):
    from serviceladder.org.models import Employee
    from serviceladder.policy.selectors import policy_in_force

    policy = policy_in_force(dt.date.today())
    compiled = compile_section(policy.wellbeing)
    few = list(Employee.objects.filter(number__in=["E2003"]))
    many = list(Employee.objects.all())
    counts = []
    for people in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            facts = load_facts(policy, compiled, months()[-1], people)
        assert len(facts) == len(people)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 12
