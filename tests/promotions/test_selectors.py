"""Scoped reads: who sees which application, the public notice, the timeline, funnel, ranking, pay, the
snapshot comparison."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Violation
from serviceladder.promotions.selectors import (
    NoticeEntry,
    appeals_for,
    application_get,
    application_timeline,
    applications_awaiting,
    applications_visible_to,
    cycle_funnel,
    cycles_open_on,
    cycles_visible_to,
    management_candidates,
    notice_entries,
    pay_change_for,
    promotion_trainings_for,
    snapshot_comparison,
)
from serviceladder.promotions.services import (
    promotion_appeal_file,
    promotion_application_withdraw,
    promotion_comment_add,
    promotion_finalise,
    promotion_review_department,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import advance, submitted

pytestmark = pytest.mark.django_db

# role key → sees the applicant's (team a1, department a) application
SEES_A1 = {
    "applicant": True,
    "colleague": False,
    "agent_b": False,
    "nominator": True,  # lead of team a1
    "other_lead": False,
    "head": True,  # head of department a
    "other_head": False,
    "hr": True,
    "hr2": True,
    "management": True,
    "admin": False,  # no performance data for administrators
}


def test_application_visibility_per_role(org):
    app = submitted(org)
    for key, sees in SEES_A1.items():
        user = org.users[key]
        assert applications_visible_to(user).filter(pk=app.pk).exists() is sees, key
        if not sees:
            with pytest.raises(NotFoundOrForbidden):
                application_get(user, app.pk)
        else:
            assert application_get(user, app.pk) == app
    with pytest.raises(NotFoundOrForbidden):
        application_get(org.users["hr"], "not-a-number")


def test_cycles_are_visible_to_everyone_with_a_role(org, today):
    assert list(cycles_visible_to(org.users["colleague"])) == [org.cycle]
    assert list(cycles_open_on(org.users["colleague"], dt.date(2025, 9, 25))) == [org.cycle]
    assert not cycles_open_on(org.users["colleague"], dt.date(2025, 10, 1)).exists()


def test_notice_shows_names_and_levels_only_to_all_staff(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    for key in ("colleague", "agent_b", "other_head", "admin"):
        (entry,) = notice_entries(org.users[key])
        assert entry.name == "lina-name" and entry.from_level == "Level 1" and entry.to_level == "Level 2"
        assert entry.ends_on == dt.date(2025, 10, 13) and entry.running
    fields = {f.name for f in dataclasses.fields(NoticeEntry)}
    assert not fields & {"pay", "amount", "score", "eligibility", "snapshot", "opinion"}
    today(dt.date(2025, 10, 14))
    assert not notice_entries(org.users["colleague"])[0].running


def test_timeline_masks_the_appellant_except_for_hr(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    promotion_comment_add(actor=org.actor("nominator"), application=app, text="Well deserved")
    promotion_appeal_file(actor=org.actor("colleague"), application=app, text="Her CSAT is inflated")
    hr_view = application_timeline(org.users["hr"], app)
    head_view = application_timeline(org.users["head"], app)
    assert [e.to_state for e in hr_view if e.kind == "transition"] == [
        "submitted",
        "dept_approved",
        "hr_approved",
        "mgmt_approved",
        "on_notice",
        "under_appeal",
    ]
    assert hr_view[0].kind == "created" and hr_view[0].actor == "lina"
    assert hr_view[-1].actor == "zhangwei" and hr_view[-1].text == "Her CSAT is inflated"
    assert head_view[-1].actor != "zhangwei" and head_view[-1].text == ""
    assert any(e.kind == "comment" and e.text == "Well deserved" for e in head_view)
    (hr_appeal,) = appeals_for(org.users["hr"], app)
    (applicant_appeal,) = appeals_for(org.users["applicant"], app)
    assert hr_appeal.appellant == "zhangwei" and hr_appeal.text == "Her CSAT is inflated"
    assert applicant_appeal.appellant is None and applicant_appeal.text is None


def test_pay_change_only_for_the_applicant_hr_and_management(org):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    for key in ("applicant", "hr", "management"):
        assert pay_change_for(org.users[key], app).final_amount == Decimal("5500.00")
    for key in ("nominator", "head", "colleague", "admin"):
        assert pay_change_for(org.users[key], app) is None


def test_funnel_counts_each_stage_reached(org, today):
    effective = advance(org, submitted(org), State.MGMT_APPROVED)
    rejected = submitted(org, "colleague")
    promotion_review_department(
        actor=org.actor("head"), application=rejected, approve=False, opinion="Not yet"
    )
    withdrawn = submitted(org, "agent_b")
    promotion_application_withdraw(actor=org.actor("agent_b"), application=withdrawn)
    today(dt.date(2025, 9, 29))
    advance(org, effective, State.ON_NOTICE)
    promotion_finalise(actor=org.actor("hr"), application=effective, today=dt.date(2025, 10, 14))
    funnel = cycle_funnel(org.users["hr"], org.cycle)
    assert funnel.as_list() == [
        ("applied", 3),
        ("reviewed", 1),
        ("approved", 1),
        ("published", 1),
        ("effective", 1),
    ]
    assert (funnel.rejected, funnel.withdrawn, funnel.in_progress) == (1, 1, 0)
    # a head counts only their department's applications
    assert cycle_funnel(org.users["other_head"], org.cycle).applied == 1


def test_management_sees_candidates_ranked_with_the_quota(org):
    MonthlyMetric.objects.create(employee=org.employees["applicant"], month="2025-08", performance_score=61.0)
    MonthlyMetric.objects.create(employee=org.employees["colleague"], month="2025-08", performance_score=88.0)
    first = advance(org, submitted(org), State.HR_APPROVED)
    second = advance(org, submitted(org, "colleague"), State.HR_APPROVED)
    (level,) = management_candidates(org.users["management"], org.cycle)
    assert level.level.code == "L2" and (level.quota.quota, level.quota.used) == (1, 0)
    assert [(c.application, c.score, c.position) for c in level.candidates] == [
        (second, 88.0, 1),
        (first, 61.0, 2),
    ]
    with pytest.raises(PermissionDeniedError):
        management_candidates(org.users["head"], org.cycle)


def test_snapshot_comparison_flags_what_changed_since_submission(org):
    app = submitted(org)
    same = snapshot_comparison(org.users["hr"], app)
    assert same.status_then == same.status_today == "eligible" and same.differences == []
    Violation.objects.create(employee=org.employees["applicant"], date=dt.date(2025, 9, 20), kind="rude")
    changed = snapshot_comparison(org.users["hr"], app)
    assert changed.status_today == "not_yet"
    (diff,) = changed.differences
    assert diff.clause == "no_violations"
    assert diff.at_submission["status"] == "pass" and diff.today["status"] == "fail"
    with pytest.raises(PermissionDeniedError):
        snapshot_comparison(org.users["head"], app)


def test_promotion_trainings_follow_performance_visibility(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 14))
    employee = org.employees["applicant"]
    assert [t.course.code for t in promotion_trainings_for(org.users["applicant"], employee)] == [
        "basics",
        "lead-skills",
    ]
    assert not promotion_trainings_for(org.users["colleague"], employee).exists()


def test_reviewer_inbox(org):
    mine = submitted(org)
    other = submitted(org, "agent_b")
    assert applications_awaiting(org.users["head"]) == [mine]
    assert applications_awaiting(org.users["other_head"]) == [other]
    assert applications_awaiting(org.users["hr"]) == []  # departments have heads: not HR's step yet
    assert applications_awaiting(org.users["applicant"]) == []
    advance(org, mine, State.DEPT_APPROVED)
    assert applications_awaiting(org.users["hr"]) == [mine]
    assert applications_awaiting(org.users["head"]) == []
    advance(org, mine, State.HR_APPROVED)
    assert applications_awaiting(org.users["management"]) == [mine]
