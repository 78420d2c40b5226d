"""Computing, nominating, deciding and publishing star ratings (issue 15 item 1), against the database:
boundary tables from the policy, a small peer group, insufficient data, the first months, a frozen
published period, nominations only one tier up, roles; failures write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.notifications.models import Notification
from serviceladder.org.models import Violation
from serviceladder.recognition.errors_stars import (
    ALREADY_DECIDED,
    ALREADY_PUBLISHED,
    BAD_PERIOD,
    NOT_ELIGIBLE,
    NOT_ENDED,
    ONLY_ONE_UP,
    PENDING_NOMINATIONS,
    REASON_REQUIRED,
    WRONG_KIND,
    StarsInvalid,
)
from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.recognition.services.stars import (
    period_just_ended,
    star_nominate,
    star_nomination_decide,
    star_period_compute,
    star_period_publish,
    stars_compute_due,
)
from tests.recognition.stars_setup import (
    AFTER,
    PERIOD,
    PERIOD_END,
    STARS,
    default_figures,
    set_figures,
    stars_policy,
)
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org()
    stars_policy(org)
    default_figures(org)
    return org


def hr(org):
    return Actor(org.users["hr"])


def compute(org, period=PERIOD, today=AFTER):
    return star_period_compute(period=period, actor=hr(org), today=today)


def rating(number, period=PERIOD) -> StarRating:
    return StarRating.objects.get(period__code=period, employee__number=number)


def test_boundary_table_of_the_policy(org):
    set_figures(
        org,
        E2003={"csat_mean": 4.4, "qa_score": 90},  # exactly 2 stars
        E2004={"csat_mean": 4.39, "qa_score": 90},  # CSAT just under: 1 star
        E2005={"csat_mean": 4.4, "qa_score": 89.9},  # QA just under: 1 star
        E2006={"csat_mean": 4.0, "qa_score": 79.9},  # under every tier: 0
        E2007={"csat_mean": 4.6, "qa_score": 95},  # 3 stars (top of the 5 L2 people)
    )
    compute(org)
    got = {n: rating(n).computed_stars for n in ("E2003", "E2004", "E2005", "E2006", "E2007", "E2002")}
    assert got == {"E2003": 2, "E2004": 1, "E2005": 1, "E2006": 0, "E2007": 3, "E2002": 1}
    three = rating("E2007").explanation[0]
    assert three["stars"] == 3 and three["status"] == "pass"
    assert [c["clause"] for c in three["checks"]] == ["metric_threshold", "period_rank", "no_violations"]


def test_a_violation_in_the_period_costs_the_top_tier(org):
    set_figures(org, E2007={"csat_mean": 4.7, "qa_score": 95})
    Violation.objects.create(employee=org.employees["E2007"], date=PERIOD_END, kind="迟到")
    compute(org)
    assert rating("E2007").computed_stars == 2


def test_small_peer_group_does_not_apply_the_rank_condition(org):
    """The L2 people (E2001, E2003, …) rank in a group of 5; with a minimum of 6 the top-% condition is
    not applied and its explanation says so."""
    stars_policy(
        org, text=STARS.replace("min_peer_group: 3", "min_peer_group: 6"), effective=dt.date(2025, 1, 1)
    )
    # E2009 is the weakest L2 by CSAT but still clears 4.6: without the rank condition they reach 3 stars
    set_figures(
        org,
        **{
            n: {"csat_mean": 4.9 - i * 0.05}
            for i, n in enumerate(("E2001", "E2003", "E2005", "E2007", "E2009"))
        },
    )
    compute(org)
    r = rating("E2009")
    assert r.computed_stars == 3
    rank = next(c for c in r.explanation[0]["checks"] if c["clause"] == "period_rank")
    assert rank["code"] == "stars_rank.not_applied" and rank["status"] == "pass"
    assert r.peer_group_size == 5


def test_missing_figure_is_insufficient_data_never_a_silent_fail(org):
    set_figures(org, E2006={"csat_mean": None, "qa_score": 92})
    compute(org)
    r = rating("E2006")
    assert r.status == StarRating.Status.INSUFFICIENT
    assert r.computed_stars == 1
    assert any(t["status"] == "insufficient_data" for t in r.explanation)


def test_first_months_of_service_are_not_eligible(org):
    e = org.employees["E2004"]
    e.hire_date = dt.date(2026, 8, 1)  # two whole months by 31 October, three needed
    e.save(update_fields=["hire_date"])
    compute(org)
    r = rating("E2004")
    assert (r.status, r.computed_stars) == (StarRating.Status.NOT_ELIGIBLE, 0)
    assert r.explanation[0]["checks"][0]["code"] == "service.short"


@pytest.mark.parametrize(
    ("period", "today", "message"),
    [
        ("2026-13", AFTER, BAD_PERIOD),
        ("2026Q5", AFTER, BAD_PERIOD),
        ("2026Q3", AFTER, WRONG_KIND),  # the policy rates by month
        (PERIOD, PERIOD_END, NOT_ENDED),  # the period's last day: not over yet
    ],
)
def test_bad_periods_write_nothing(org, period, today, message):
    with pytest.raises(StarsInvalid) as exc:
        compute(org, period=period, today=today)
    assert exc.value.message == message
    assert not StarPeriod.objects.exists() and not StarRating.objects.exists()
    assert not AuditEvent.objects.filter(action="stars.period_compute").exists()


def test_only_hr_computes(org):
    with pytest.raises(PermissionDeniedError):
        star_period_compute(period=PERIOD, actor=Actor(org.users["team_lead"]), today=AFTER)
    assert not StarPeriod.objects.exists()


def test_agents_with_a_level_on_the_last_day_are_rated_supervisors_are_not(org):
    from tests.factories import LevelAssignmentFactory

    LevelAssignmentFactory(employee=org.employees["E2002"], level=org.levels[2], effective_from=PERIOD_END)
    compute(org)
    numbers = set(StarRating.objects.values_list("employee__number", flat=True))
    assert "E2002" not in numbers  # L3 is supervisory on the last day
    assert "E2003" in numbers and len(numbers) == len(org.employees) - 1


def test_nominate_only_one_tier_up_by_the_lead(org):
    set_figures(org, E2003={"csat_mean": 4.4, "qa_score": 90})
    compute(org)
    r = rating("E2003")
    lead = Actor(org.users["team_lead"])
    with pytest.raises(StarsInvalid) as exc:
        star_nominate(rating=r, stars=4, reason="表现突出", actor=lead)
    assert exc.value.message == ONLY_ONE_UP
    with pytest.raises(StarsInvalid) as exc:
        star_nominate(rating=r, stars=3, reason="  ", actor=lead)
    assert exc.value.message == REASON_REQUIRED
    for other in ("agent", "hr", "management", "department_head"):
        with pytest.raises(PermissionDeniedError):
            star_nominate(rating=r, stars=3, reason="表现突出", actor=Actor(org.users[other]))
    with pytest.raises(PermissionDeniedError):  # another team's person
        star_nominate(rating=rating("E2006"), stars=1, reason="x", actor=lead)
    r.refresh_from_db()
    assert r.nominated_stars is None and r.decision == ""
    assert not AuditEvent.objects.filter(action="stars.nominate").exists()
    star_nominate(rating=r, stars=3, reason="客户多次表扬", actor=lead)
    r.refresh_from_db()
    assert (r.nominated_stars, r.decision, r.nominated_by) == (3, "pending", org.users["team_lead"])
    event = AuditEvent.objects.get(action="stars.nominate")
    assert event.reason == "客户多次表扬" and event.employee == org.employees["E2003"]


def test_not_eligible_cannot_be_nominated(org):
    e = org.employees["E2004"]
    e.hire_date = dt.date(2026, 9, 1)
    e.save(update_fields=["hire_date"])
    compute(org)
    with pytest.raises(StarsInvalid) as exc:
        star_nominate(rating=rating("E2004"), stars=1, reason="x", actor=Actor(org.users["team_lead"]))
    assert exc.value.message == NOT_ELIGIBLE


def test_decide_publish_and_frozen(org):
    set_figures(org, E2003={"csat_mean": 4.4, "qa_score": 90})
    period = compute(org)
    lead = Actor(org.users["team_lead"])
    star_nominate(rating=rating("E2003"), stars=3, reason="客户多次表扬", actor=lead)
    with pytest.raises(StarsInvalid) as exc:
        star_period_publish(period=period, actor=hr(org))
    assert exc.value.message == PENDING_NOMINATIONS
    assert StarPeriod.objects.get().state == "computed"
    with pytest.raises(PermissionDeniedError):
        star_nomination_decide(rating=rating("E2003"), accept=True, reason="同意", actor=lead)
    star_nomination_decide(rating=rating("E2003"), accept=True, reason="同意", actor=hr(org))
    assert Notification.objects.filter(
        recipient=org.users["team_lead"], kind="stars.nomination_decided"
    ).exists()
    with pytest.raises(StarsInvalid) as exc:
        star_nominate(rating=rating("E2003"), stars=3, reason="again", actor=lead)
    assert exc.value.message == ALREADY_DECIDED
    star_period_publish(period=period, actor=hr(org))
    assert rating("E2003").final_stars == 3  # the accepted nomination
    assert rating("E2004").final_stars == rating("E2004").computed_stars
    assert Notification.objects.filter(recipient=org.users["agent"], kind="stars.published").count() == 1
    assert AuditEvent.objects.filter(action="stars.period_publish").count() == 1
    # frozen: no recompute, no nomination, no decision, no second publish
    before = list(StarRating.objects.order_by("pk").values_list("computed_stars", "final_stars"))
    set_figures(org, E2004={"csat_mean": 4.9, "qa_score": 99})
    for attempt in (
        lambda: compute(org),
        lambda: star_nominate(rating=rating("E2004"), stars=2, reason="x", actor=lead),
        lambda: star_period_publish(period=period, actor=hr(org)),
    ):
        with pytest.raises(StarsInvalid) as exc:
            attempt()
        assert exc.value.message == ALREADY_PUBLISHED
    assert list(StarRating.objects.order_by("pk").values_list("computed_stars", "final_stars")) == before


def test_recompute_keeps_a_nomination_still_one_tier_up(org):
    set_figures(org, E2003={"csat_mean": 4.4, "qa_score": 90}, E2004={"csat_mean": 4.4, "qa_score": 90})
    compute(org)
    lead = Actor(org.users["team_lead"])
    star_nominate(rating=rating("E2003"), stars=3, reason="a", actor=lead)
    star_nominate(rating=rating("E2004"), stars=3, reason="b", actor=lead)
    set_figures(org, E2004={"csat_mean": 4.0, "qa_score": 85})  # a corrected import: now 1 star
    compute(org)
    assert rating("E2003").nominated_stars == 3 and rating("E2003").decision == "pending"
    assert rating("E2004").nominated_stars is None and rating("E2004").decision == ""
    event = AuditEvent.objects.filter(action="stars.period_compute").latest("pk")
    assert event.after["recomputed"] is True and event.after["nominations_dropped"] == 1


def test_daily_step_computes_the_period_that_just_ended_once(org):
    assert period_just_ended("month", AFTER) == PERIOD
    assert period_just_ended("quarter", dt.date(2027, 1, 1)) == "2026Q4"
    assert period_just_ended("quarter", dt.date(2026, 12, 15)) == "2026Q3"
    assert period_just_ended("quarter", dt.date(2027, 2, 1)) == "2026Q4"
    assert stars_compute_due(AFTER) == {"computed": PERIOD}
    assert StarPeriod.objects.get().computed_by is None
    assert stars_compute_due(AFTER + dt.timedelta(days=1)) == {"computed": ""}
    assert StarPeriod.objects.count() == 1
