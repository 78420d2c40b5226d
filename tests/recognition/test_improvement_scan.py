"""The bottom-band scan (issue 15 item 5): exactly one proposal per entry into the band, never on missing
data, in a small group or in the first months of service; the CLI and the daily step run the same scan."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.notifications.models import Notification
from serviceladder.recognition.errors_improvement import BAD_MONTH, MONTH_NOT_COMPLETE, ImprovementInvalid
from serviceladder.recognition.models import ImprovementPlan
from serviceladder.recognition.services.improvement import (
    improvement_lead_review,
    improvement_scan,
    improvement_scan_step,
)
from tests.factories import user_with_roles
from tests.recognition.improvement_helpers import load_band_policy, peer_group, score, set_score

pytestmark = pytest.mark.django_db

AUG_OCT = ["2026-08", "2026-09", "2026-10"]
NOV = dt.date(2026, 11, 15)  # the last complete month is October


@pytest.fixture
def group():
    load_band_policy()
    people = peer_group(10)
    return people


def test_the_last_of_ten_for_three_months_gets_one_proposal_with_its_evidence(group):
    last = group[0]
    lead = group[9]
    team = last.team
    team.lead = lead
    team.save(update_fields=["lead"])
    lead_user = user_with_roles("band-lead", "team_lead", employee=lead)
    person_user = user_with_roles("band-agent", "agent", employee=last)
    hr = user_with_roles("band-hr", "hr")
    score(group, AUG_OCT, last=last)
    result = improvement_scan(today=NOV)
    assert result.month == "2026-10" and result.in_band == 1
    plan = ImprovementPlan.objects.get()
    assert (plan.employee, plan.entered_month, plan.state) == (last, "2026-10", "proposed")
    assert plan.evidence["code"] == "band.in"
    assert plan.evidence["values"]["detail"] == [[m, 100.0, 10] for m in AUG_OCT]
    assert AuditEvent.objects.filter(action="improvement.propose", employee=last).count() == 1
    told = set(Notification.objects.filter(kind="improvement.proposed").values_list("recipient", flat=True))
    assert told == {lead_user.pk, person_user.pk, hr.pk}
    # running again opens nothing, on the same day or later in the month
    assert improvement_scan(today=NOV).opened == []
    assert improvement_scan(today=dt.date(2026, 11, 30)).opened == []
    assert ImprovementPlan.objects.count() == 1


def test_a_month_without_a_score_never_fires(group):
    last = group[0]
    score(group, AUG_OCT, last=last)
    from serviceladder.metrics.models import MonthlyMetric

    MonthlyMetric.objects.filter(employee=last, month="2026-09").delete()
    assert improvement_scan(today=NOV).in_band == 0
    assert not ImprovementPlan.objects.exists()


def test_a_score_missing_only_in_one_month_of_a_metric_does_not_count_either(group):
    last = group[0]
    score(group, AUG_OCT, last=last)
    set_score(last, "2026-08", None)  # a row without the score: no standing that month
    assert improvement_scan(today=NOV).opened == []


def test_the_first_months_of_service_never_fire():
    load_band_policy(min_months_of_service=6)
    people = peer_group(10, hire=dt.date(2026, 3, 2))  # six months end on 2026-09-02, inside the window
    score(people, AUG_OCT, last=people[0])
    assert improvement_scan(today=NOV).opened == []
    assert not ImprovementPlan.objects.exists()


def test_a_group_smaller_than_the_minimum_never_fires():
    load_band_policy(min_peer_group=5)
    people = peer_group(4)
    score(people, AUG_OCT, last=people[0])
    assert improvement_scan(today=NOV).opened == []
    assert not ImprovementPlan.objects.exists()


def test_two_months_in_the_band_of_three_is_not_enough(group):
    last = group[0]
    score(group, AUG_OCT, last=last)
    set_score(last, "2026-09", 99.0)
    assert improvement_scan(today=NOV).opened == []


def test_off_by_default_and_without_a_policy_nothing_happens():
    assert improvement_scan(today=NOV).enabled is False
    load_band_policy(enabled=False)
    people = peer_group(10)
    score(people, AUG_OCT, last=people[0])
    result = improvement_scan(today=NOV)
    assert result.enabled is False and not ImprovementPlan.objects.exists()


def test_staying_in_the_band_after_a_decline_opens_nothing_leaving_and_entering_again_does(group):
    last = group[0]
    hr = user_with_roles("band-hr", "hr")
    score(group, [*AUG_OCT, "2026-11"], last=last)
    first = improvement_scan(today=NOV).opened[0]
    improvement_lead_review(actor=Actor(hr), plan=first, decision="decline", note="刚调岗，先观察")
    # still in the band in November: the same stay, nothing new
    assert improvement_scan(today=dt.date(2026, 12, 3)).opened == []
    # out of the band in December, back in for January to March: a new entry
    set_score(last, "2026-12", 99.0)
    assert improvement_scan(today=dt.date(2027, 1, 3)).opened == []
    score(group, ["2027-01", "2027-02", "2027-03"], last=last)
    again = improvement_scan(today=dt.date(2027, 4, 2)).opened
    assert [p.entered_month for p in again] == ["2027-03"]
    assert ImprovementPlan.objects.filter(employee=last).count() == 2


def test_an_open_plan_blocks_a_new_proposal_even_after_a_new_entry(group):
    last = group[0]
    score(group, AUG_OCT, last=last)
    improvement_scan(today=NOV)
    set_score(last, "2026-11", 99.0)  # out of the band
    score(group, ["2026-12", "2027-01", "2027-02"], last=last)
    assert improvement_scan(today=dt.date(2027, 3, 2)).opened == []
    assert ImprovementPlan.objects.count() == 1


def test_the_daily_step_scans_the_last_complete_month(group):
    score(group, AUG_OCT, last=group[0])
    assert improvement_scan_step(NOV) == {"month": "2026-10", "in_band": 1, "opened": 1}
    assert improvement_scan_step(NOV) == {"month": "2026-10", "in_band": 1, "opened": 0}


def test_a_bad_or_incomplete_month_is_refused_and_nothing_is_written(group):
    score(group, AUG_OCT, last=group[0])
    with pytest.raises(ImprovementInvalid) as bad:
        improvement_scan(month="2026-13", today=NOV)
    assert bad.value.message == BAD_MONTH
    with pytest.raises(ImprovementInvalid) as early:
        improvement_scan(month="2026-11", today=NOV)
    assert early.value.message == MONTH_NOT_COMPLETE
    assert not ImprovementPlan.objects.exists()


def test_the_cli_scans_a_month_and_refuses_a_bad_one(group, capsys):
    score(group, AUG_OCT, last=group[0])
    assert main(["improvement", "scan", "--month", "October"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
    assert not ImprovementPlan.objects.exists()
    assert main(["improvement", "scan", "--month", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "2026-10" in out and group[0].number in out
    assert ImprovementPlan.objects.get().entered_month == "2026-10"


def test_someone_who_left_by_the_month_s_end_gets_no_proposal(group):
    last = group[0]
    score(group, AUG_OCT, last=last)
    last.leave_date = dt.date(2026, 10, 31)
    last.save(update_fields=["leave_date"])
    assert improvement_scan(today=NOV).opened == []
