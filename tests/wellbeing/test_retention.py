"""Retention of wellbeing data (issue 16): the daily step purges, per the policy in force, the comments of
pulse cycles closed more than `retention_months` ago, the answers shared in them, and the cases closed that
long ago (with their actions and follow-ups); newer data, open cases and the audit log stay untouched."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.daily.registry import steps
from serviceladder.policy.services import policy_load
from serviceladder.wellbeing.models import (
    Case,
    CaseAction,
    CaseFollowUp,
    PulseCycle,
    PulseResponse,
    PulseShared,
)
from serviceladder.wellbeing.services.retention import retention_cutoff, retention_purge
from tests.web.org import WEB_POLICY, ensure_policy

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))


def cycle(org, month: str, closed: dt.date | None) -> PulseCycle:
    c = PulseCycle.objects.create(
        month=month,
        opens_on=dt.date(int(month[:4]), int(month[5:]), 1),
        closes_on=dt.date(int(month[:4]), int(month[5:]), 8),
        state=PulseCycle.State.CLOSED if closed else PulseCycle.State.OPEN,
        created_by=org.users["hr"],
        closed_at=at(closed) if closed else None,
    )
    for value in (2, 4):
        PulseResponse.objects.create(
            cycle=c, team=org.teams["a1"], values={"exhaustion": value}, comment="太累了"
        )
    PulseShared.objects.create(
        cycle=c, employee=org.employees["E2003"], values={"exhaustion": 5}, comment="想调岗"
    )
    return c


def case(org, number: str, closed: dt.date | None) -> Case:
    c = Case.objects.create(
        employee=org.employees[number],
        summary="连续三个月加班",
        opened_by=org.users["team_lead"],
        state=Case.State.CLOSED if closed else Case.State.OPEN,
        closed_by=org.users["team_lead"] if closed else None,
        closed_at=at(closed) if closed else None,
        outcome="情况好转" if closed else "",
        close_reason=Case.CloseReason.RESOLVED if closed else "",
    )
    CaseAction.objects.create(
        case=c,
        kind="conversation",
        owner=org.users["team_lead"],
        due_on=TODAY,
        created_by=org.users["team_lead"],
    )
    CaseFollowUp.objects.create(case=c, held_on=TODAY, note="已沟通", author=org.users["team_lead"])
    return c


@pytest.fixture
def data(org):
    ensure_policy(org)  # retention_months: the default, 24
    return {
        "old_cycle": cycle(org, "2024-10", dt.date(2024, 11, 6)),  # closed 25 months before TODAY
        "new_cycle": cycle(org, "2025-01", dt.date(2025, 1, 9)),  # 23 months
        "open_cycle": cycle(org, "2024-09", None),
        "old_case": case(org, "E2003", dt.date(2024, 12, 6)),  # one day past 24 months
        "edge_case": case(org, "E2004", dt.date(2024, 12, 7)),  # exactly 24 months: kept
        "open_case": case(org, "E2005", None),
    }


def test_the_cutoff_is_the_same_day_months_ago():
    assert retention_cutoff(TODAY, 24).date() == dt.date(2024, 12, 7)
    assert retention_cutoff(dt.date(2026, 8, 31), 6).date() == dt.date(2026, 2, 28)


def test_old_data_is_purged_and_the_rest_kept(org, data):
    audit_before = list(AuditEvent.objects.order_by("pk").values())
    counts = retention_purge(today=TODAY)
    assert counts == {"comments": 2, "shared": 1, "cases": 1}
    old, new = data["old_cycle"], data["new_cycle"]
    assert set(PulseResponse.objects.filter(cycle=old).values_list("comment", flat=True)) == {""}
    assert sorted(PulseResponse.objects.filter(cycle=old).values_list("values", flat=True), key=str) == [
        {"exhaustion": 2},
        {"exhaustion": 4},
    ]
    assert not PulseShared.objects.filter(cycle=old).exists()
    for kept in (new, data["open_cycle"]):
        assert set(PulseResponse.objects.filter(cycle=kept).values_list("comment", flat=True)) == {"太累了"}
        assert PulseShared.objects.filter(cycle=kept).exists()
    assert not Case.objects.filter(pk=data["old_case"].pk).exists()
    assert not CaseAction.objects.filter(case_id=data["old_case"].pk).exists()
    assert not CaseFollowUp.objects.filter(case_id=data["old_case"].pk).exists()
    assert set(Case.objects.values_list("pk", flat=True)) == {data["edge_case"].pk, data["open_case"].pk}
    assert CaseAction.objects.count() == 2 and CaseFollowUp.objects.count() == 2
    # The log is only appended to: every earlier row as it was, one new row of counts and ids.
    assert list(
        AuditEvent.objects.filter(pk__in=[e["id"] for e in audit_before]).order_by("pk").values()
    ) == (audit_before)
    event = AuditEvent.objects.get(action="wellbeing.retention_purge")
    assert event.after["case_ids"] == [data["old_case"].pk]
    assert event.actor is None
    for words in ("太累了", "想调岗", "连续三个月加班", "已沟通"):
        assert words not in str(event.after)


def test_running_again_finds_nothing_and_logs_nothing(org, data):
    retention_purge(today=TODAY)
    assert retention_purge(today=TODAY) == {"comments": 0, "shared": 0, "cases": 0}
    assert AuditEvent.objects.filter(action="wellbeing.retention_purge").count() == 1


def test_the_policy_in_force_sets_the_months(org, data):
    text = (
        WEB_POLICY.replace("name: web-test", "name: web-test-short") + "wellbeing:\n  retention_months: 6\n"
    )
    policy_load(actor=Actor(user=org.users["hr"]), text=text, effective=dt.date(2026, 1, 1))
    counts = retention_purge(today=TODAY)
    assert counts == {"comments": 4, "shared": 2, "cases": 2}
    assert list(Case.objects.values_list("pk", flat=True)) == [data["open_case"].pk]
    # An open cycle keeps its comments however old it is.
    assert set(PulseResponse.objects.filter(cycle=data["open_cycle"]).values_list("comment", flat=True)) == {
        "太累了"
    }


def test_without_a_policy_nothing_is_purged(org):
    c = case(org, "E2003", dt.date(2010, 1, 1))
    assert retention_purge(today=TODAY) == {"comments": 0, "shared": 0, "cases": 0}
    assert Case.objects.filter(pk=c.pk).exists()


def test_the_daily_job_runs_the_purge(org, data):
    result = steps()["wellbeing.retention"](TODAY)
    assert result["cases"] == 1
    assert not Case.objects.filter(pk=data["old_case"].pk).exists()
