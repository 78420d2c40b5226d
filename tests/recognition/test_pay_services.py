"""Performance-pay services: propose (only an ended month, under the policy in force on its last day,
replacing the lines of a month not approved, audited), adjust (bounds, reason, audited), approve (then
frozen), corrections to an approved month settled as delta lines in the next month proposed."""

import datetime as dt
from decimal import Decimal as D

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.recognition import pay_errors as err
from serviceladder.recognition.models import BonusCorrection, BonusLine, BonusMonth
from serviceladder.recognition.services import pay as services
from tests.recognition.pay_org import hr, last_month, pay_org, pay_policy_text, publish_stars

pytestmark = pytest.mark.django_db

MONTH = "2026-10"
ON = dt.date(2026, 11, 5)


def _propose(org, month=MONTH, on=ON):
    return services.bonus_month_propose(actor=hr(org), month=month, on=on)


def _line(bm, number) -> BonusLine:
    return bm.lines.get(employee__number=number)


def test_propose_gives_every_agent_a_line_with_the_rule_and_audits():
    org = pay_org()
    publish_stars(org, MONTH, {"E2004": 3, "E2003": 1})
    bm = _propose(org)
    assert bm.state == BonusMonth.State.PROPOSED and bm.rounding == "ROUND_HALF_UP"
    e2003 = _line(bm, "E2004")  # L1 in build_org: 600 × 1.5
    assert (e2003.level_code, e2003.coefficient, e2003.amount) == ("L1", D("1.5"), D("900.00"))
    assert e2003.rule["stars"] == 3 and e2003.rule["star_period"] == MONTH
    e2004 = _line(bm, "E2003")  # L2: 900 × 0.8
    assert (e2004.level_code, e2004.amount) == ("L2", D("720.00"))
    held = _line(bm, "E2005")  # no published tier: held
    assert held.status == BonusLine.Status.HELD and held.amount == 0
    event = AuditEvent.objects.get(action="recognition.bonus_propose")
    assert event.after["month"] == MONTH and event.after["lines"] == bm.lines.count()


def test_a_person_hired_within_the_month_is_prorated_and_a_leaver_too():
    org = pay_org()
    publish_stars(org, MONTH, {"E2004": 2, "E2003": 2})
    org.employees["E2004"].hire_date = dt.date(2026, 10, 22)  # 10 of 31 days
    org.employees["E2004"].save()
    org.employees["E2003"].leave_date = dt.date(2026, 10, 15)  # 15 of 31 days
    org.employees["E2003"].save()
    bm = _propose(org)
    assert _line(bm, "E2004").amount == (D(600) * 10 / 31).quantize(D("0.01"))  # 193.55
    assert _line(bm, "E2003").amount == D("435.48")  # 900 × 15 / 31 = 435.4838…


def test_only_an_ended_month_and_only_hr():
    org = pay_org()
    with pytest.raises(err.PayInvalid) as not_ended:
        services.bonus_month_propose(actor=hr(org), month="2026-11", on=dt.date(2026, 11, 30))
    assert str(not_ended.value) == str(err.MONTH_NOT_ENDED) % {"month": "2026-11"}
    with pytest.raises(err.PayInvalid):
        services.bonus_month_propose(actor=hr(org), month="2026-13", on=ON)
    for role in ("team_lead", "management", "agent", "department_head"):
        with pytest.raises(err.PayNotAllowed):
            services.bonus_month_propose(actor=Actor(user=org.users[role]), month=MONTH, on=ON)
    assert (
        not BonusMonth.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="recognition").exists()
    )


def test_the_policy_in_force_on_the_months_last_day_and_pay_off_is_refused():
    org = pay_org(
        text=pay_policy_text(**{"performance_pay:\n  enabled: true": "performance_pay:\n  enabled: false"})
    )
    with pytest.raises(err.PayInvalid) as off:
        _propose(org)
    assert "does not switch performance pay on" in str(off.value)


def test_the_policy_version_in_force_on_the_months_last_day_applies():
    from serviceladder.policy.services import policy_load

    org = pay_org()
    publish_stars(org, MONTH, {"E2004": 2})  # L1, coefficient 1
    # a version from 1 November does not apply to October; one from 31 October does
    policy_load(actor=hr(org), text=pay_policy_text(**{"L1: 600": "L1: 700"}), effective=dt.date(2026, 11, 1))
    assert _line(_propose(org), "E2004").amount == D("600.00")
    v = policy_load(
        actor=hr(org), text=pay_policy_text(**{"L1: 600": "L1: 650"}), effective=dt.date(2026, 10, 31)
    )
    bm = _propose(org)
    assert _line(bm, "E2004").amount == D("650.00") and bm.policy_version == v.version


def test_reproposing_replaces_lines_and_adjustments_of_a_month_not_approved():
    org = pay_org()
    bm = _propose(org)
    assert _line(bm, "E2004").status == "held"
    publish_stars(org, MONTH, {"E2004": 2})
    bm2 = _propose(org)
    assert bm2.pk == bm.pk and _line(bm2, "E2004").amount == D("600.00")
    assert AuditEvent.objects.filter(action="recognition.bonus_propose").count() == 2


def test_adjust_within_bounds_with_a_reason_rounded_once_and_audited():
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1})
    line = _line(_propose(org), "E2003")  # 720
    adjusted = services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("144"), reason="客户表扬")
    assert adjusted.amount == D("864.00") and adjusted.adjustment_reason == "客户表扬"
    event = AuditEvent.objects.get(action="recognition.bonus_adjust")
    assert (
        event.before["amount"] == "720.00"
        and event.after["amount"] == "864.00"
        and event.reason == "客户表扬"
    )
    with pytest.raises(err.PayInvalid) as too_much:
        services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("144.01"), reason="x")
    assert "from -144.00 to 144.00" in str(too_much.value)
    with pytest.raises(err.PayInvalid) as no_reason:
        services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("10"), reason="  ")
    assert str(no_reason.value) == str(err.REASON_REQUIRED)
    with pytest.raises(err.PayNotAllowed):
        services.bonus_line_adjust(
            actor=Actor(user=org.users["management"]), line=line, adjustment=D(1), reason="x"
        )
    line.refresh_from_db()
    assert (
        line.amount == D("864.00")
        and AuditEvent.objects.filter(action="recognition.bonus_adjust").count() == 1
    )


def test_an_adjustment_never_goes_above_the_cap():
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 3})  # L2: 900 × 1.5 = 1350 → capped at 1200
    line = _line(_propose(org), "E2003")
    assert line.amount == D("1200.00") and line.rule["capped"]
    with pytest.raises(err.PayInvalid) as above:
        services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("0.01"), reason="x")
    assert "from -240.00 to 0.00" in str(above.value)
    assert services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("-240"), reason="x").amount == D(
        "960.00"
    )


def test_approved_month_is_frozen():
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1})
    bm = _propose(org)
    services.bonus_month_approve(actor=hr(org), bonus_month=bm)
    line = _line(bm, "E2003")
    for attempt in (
        lambda: _propose(org),
        lambda: services.bonus_line_adjust(actor=hr(org), line=line, adjustment=D("1"), reason="x"),
        lambda: services.bonus_month_approve(actor=hr(org), bonus_month=bm),
    ):
        with pytest.raises(err.BonusMonthFrozen) as frozen:
            attempt()
        assert str(frozen.value) == str(err.MONTH_FROZEN) % {"month": MONTH}
    line.refresh_from_db()
    assert line.amount == D("720.00") and line.adjustment == 0
    assert AuditEvent.objects.filter(action="recognition.bonus_approve").count() == 1


def test_a_correction_is_a_delta_line_in_the_next_month_proposed():
    org = pay_org()
    publish_stars(org, MONTH, {"E2003": 1})
    october = _propose(org)
    with pytest.raises(err.PayInvalid):  # not approved yet: adjust instead
        services.bonus_correction_create(
            actor=hr(org), bonus_month=october, employee=org.employees["E2003"], delta=D("50"), reason="x"
        )
    services.bonus_month_approve(actor=hr(org), bonus_month=october)
    with pytest.raises(err.PayInvalid):
        services.bonus_correction_create(
            actor=hr(org), bonus_month=october, employee=org.employees["E2003"], delta=D("50"), reason=""
        )
    assert not BonusCorrection.objects.exists()
    c = services.bonus_correction_create(
        actor=hr(org),
        bonus_month=october,
        employee=org.employees["E2003"],
        delta=D("-80.50"),
        reason="重复计算",
    )
    assert c.settled_in is None
    assert AuditEvent.objects.get(action="recognition.bonus_correct").after["delta"] == "-80.50"
    november = services.bonus_month_propose(actor=hr(org), month="2026-11", on=dt.date(2026, 12, 2))
    c.refresh_from_db()
    assert c.settled_in == november
    # a correction made while November is proposed goes into it straight away
    c2 = services.bonus_correction_create(
        actor=hr(org), bonus_month=october, employee=org.employees["E2003"], delta=D("10"), reason="补发"
    )
    assert c2.settled_in == november
    october.refresh_from_db()
    assert october.state == BonusMonth.State.APPROVED and _line(october, "E2003").amount == D("720.00")


def test_last_month_helper_matches_today():
    assert len(last_month()) == 7


def test_score_band_basis_reads_the_months_performance_score():
    from serviceladder.metrics.models import MonthlyMetric

    bands = (
        "  basis: score_band\n  score_bands:\n    - {from: 0, coefficient: 0.5}\n"
        "    - {from: 80, coefficient: 1.25}\n"
    )
    weighted = "performance_score:\n  weights: {csat_mean: 0.6, fcr_rate: 0.4}"
    imported = "performance_score:\n  method: imported"
    text = pay_policy_text(**{"  basis: stars\n": bands, weighted: imported})
    org = pay_org(text=text)
    MonthlyMetric.objects.filter(month=MONTH).delete()
    for number, score in (("E2003", "80"), ("E2005", "79.99")):
        MonthlyMetric.objects.create(employee=org.employees[number], month=MONTH, performance_score=D(score))
    bm = _propose(org)
    at_edge, below = _line(bm, "E2003"), _line(bm, "E2005")  # both L2: base 900
    assert (at_edge.coefficient, at_edge.amount, at_edge.rule["band_from"]) == (D("1.25"), D("1125.00"), "80")
    assert (below.coefficient, below.amount) == (D("0.5"), D("450.00"))
    assert _line(bm, "E2004").status == "held" and _line(bm, "E2004").rule["missing"] == "no_score"
