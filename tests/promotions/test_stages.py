"""Review stages, quota, notice, appeals, pay and finalisation through the services."""

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.models import LevelAssignment, PayRecord
from serviceladder.promotions.errors import (
    APPEAL_OWN_ANSWER,
    APPEAL_PERIOD_OVER,
    ASSESSMENT_STAGE,
    DATE_OUT_OF_RANGE,
    OPEN_APPEALS,
    OPINION_REQUIRED,
    OVER_QUOTA,
    PAY_NOT_YET,
    PAY_OUTSIDE_BAND,
    InvalidTransition,
    PromotionError,
    PromotionInvalid,
    QuotaExceeded,
    StageNotAllowed,
)
from serviceladder.promotions.models import Appeal, PayChange, StageOpinion, TransitionLog
from serviceladder.promotions.services import (
    notice_end,
    promotion_appeal_answer,
    promotion_appeal_file,
    promotion_approve_management,
    promotion_assessment_schedule,
    promotion_comment_add,
    promotion_finalise,
    promotion_notice_publish,
    promotion_pay_adjust,
    promotion_review_department,
    promotion_review_hr,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import advance, submitted

pytestmark = pytest.mark.django_db


def test_reject_with_an_opinion_shown_to_the_applicant(org):
    app = submitted(org)
    with pytest.raises(PromotionInvalid) as err:
        promotion_review_department(actor=org.actor("head"), application=app, approve=False, opinion=" ")
    assert err.value.message == OPINION_REQUIRED
    assert not StageOpinion.objects.exists()
    promotion_review_department(
        actor=org.actor("head"), application=app, approve=False, opinion="Needs a year"
    )
    app.refresh_from_db()
    assert app.state == State.REJECTED
    op = StageOpinion.objects.get(application=app)
    assert (op.stage, op.decision, op.opinion, op.actor) == (
        "department",
        "reject",
        "Needs a year",
        org.users["head"],
    )


def test_department_review_only_by_the_applicants_head(org):
    app = submitted(org)
    for key in ("other_head", "hr", "management", "nominator"):
        with pytest.raises(StageNotAllowed):
            promotion_review_department(actor=org.actor(key), application=app, approve=True, opinion="ok")
    assert not StageOpinion.objects.exists()


def test_assessment_only_during_the_hr_review(org):
    app = submitted(org)
    with pytest.raises(PromotionInvalid) as err:
        promotion_assessment_schedule(
            actor=org.actor("hr"), application=app, kind="interview", scheduled_at=dt.datetime(2025, 9, 26, 9)
        )
    assert err.value.message == ASSESSMENT_STAGE
    advance(org, app, State.DEPT_APPROVED)
    with pytest.raises(StageNotAllowed):
        promotion_assessment_schedule(
            actor=org.actor("head"),
            application=app,
            kind="interview",
            scheduled_at=dt.datetime(2025, 9, 26, 9),
        )


# --- management and the quota -------------------------------------------------------------------------------


def test_over_quota_needs_an_override_reason(org):
    first = advance(org, submitted(org), State.HR_APPROVED)
    second = advance(org, submitted(org, "colleague"), State.HR_APPROVED)
    promotion_approve_management(
        actor=org.actor("management"), application=first, approve=True, opinion="yes"
    )
    audits = AuditEvent.objects.count()
    with pytest.raises(QuotaExceeded) as err:
        promotion_approve_management(
            actor=org.actor("management"), application=second, approve=True, opinion="yes"
        )
    assert err.value.message == OVER_QUOTA and err.value.data == {"used": 2, "quota": 1, "level": "Level 2"}
    second.refresh_from_db()
    assert second.state == State.HR_APPROVED and not PayChange.objects.filter(application=second).exists()
    assert AuditEvent.objects.count() == audits
    assert not StageOpinion.objects.filter(application=second, stage="management").exists()

    promotion_approve_management(
        actor=org.actor("management"),
        application=second,
        approve=True,
        opinion="yes",
        override_reason="Second hotline opens in January",
    )
    second.refresh_from_db()
    assert second.state == State.MGMT_APPROVED
    assert second.quota_override_reason == "Second hotline opens in January"
    event = AuditEvent.objects.get(action="promotion.mgmt_approve", object_id=str(second.pk))
    assert event.after["over_quota"] is True and event.after["quota_used_before"] == 1


def test_a_rejection_never_needs_an_override(org):
    advance(org, submitted(org), State.MGMT_APPROVED)
    second = advance(org, submitted(org, "colleague"), State.HR_APPROVED)
    promotion_approve_management(
        actor=org.actor("management"), application=second, approve=False, opinion="no"
    )
    second.refresh_from_db()
    assert second.state == State.REJECTED


def test_approval_proposes_pay_capped_at_the_band_maximum(org):
    """L2 → L3 (band 7000–7500) from 7000: 7700 by the rule, capped at 7500 and flagged."""
    lead = org.employees["nominator"]
    PayRecord.objects.create(
        employee=lead, monthly_amount=Decimal("7000"), effective_from=dt.date(2024, 1, 1)
    )
    app = submitted(org, "nominator", "L3", exception_reason="Exam next month")
    assert app.is_exception
    advance(org, app, State.MGMT_APPROVED)
    pay = PayChange.objects.get(application=app)
    assert pay.proposed_amount == Decimal("7500.00") and pay.capped and pay.final_amount == Decimal("7500.00")


# --- pay adjustment -----------------------------------------------------------------------------------------


def test_hr_adjusts_pay_within_the_band_with_a_reason(org):
    app = submitted(org)
    with pytest.raises(PromotionInvalid) as err:
        promotion_pay_adjust(actor=org.actor("hr"), application=app, amount="6000", reason="market")
    assert err.value.message == PAY_NOT_YET
    advance(org, app, State.MGMT_APPROVED)
    with pytest.raises(PromotionInvalid) as err:
        promotion_pay_adjust(actor=org.actor("hr"), application=app, amount="8000.01", reason="market")
    assert err.value.message == PAY_OUTSIDE_BAND
    with pytest.raises(PromotionInvalid):
        promotion_pay_adjust(actor=org.actor("hr"), application=app, amount="6000", reason="")
    with pytest.raises(StageNotAllowed):
        promotion_pay_adjust(actor=org.actor("management"), application=app, amount="6000", reason="market")
    assert PayChange.objects.get(application=app).final_amount == Decimal("5500.00")
    pay = promotion_pay_adjust(actor=org.actor("hr"), application=app, amount="6,000", reason="Market rate")
    assert pay.final_amount == Decimal("6000.00") and pay.proposed_amount == Decimal("5500.00")
    assert pay.adjusted_by == org.users["hr"] and pay.adjustment_reason == "Market rate"


# --- notice -------------------------------------------------------------------------------------------------


def test_publish_only_management_approved_applications(org):
    app = advance(org, submitted(org), State.HR_APPROVED)
    with pytest.raises(PromotionInvalid):
        promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle, applications=[app])
    with pytest.raises(PromotionInvalid):
        promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle)  # nothing approved
    advance(org, app, State.MGMT_APPROVED)
    with pytest.raises(StageNotAllowed):
        promotion_notice_publish(actor=org.actor("management"), cycle=org.cycle)


def test_notice_end_dates_follow_the_policy_and_calendar(org):
    assert notice_end(org.cycle, dt.date(2025, 9, 29)).date == dt.date(2025, 10, 13)
    late = notice_end(org.cycle, dt.date(2027, 9, 30))  # the CN 2027 calendar is not official yet
    assert late.date == dt.date(2027, 10, 7) and late.provisional_years == (2027,)
    with pytest.raises(PromotionInvalid) as err:
        notice_end(org.cycle, dt.date(9999, 12, 30))
    assert err.value.message == DATE_OUT_OF_RANGE


def test_a_notice_in_a_provisional_year_is_flagged(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    notice = promotion_notice_publish(
        actor=org.actor("hr"), cycle=org.cycle, applications=[app], published_on=dt.date(2027, 9, 30)
    )
    assert (
        notice.provisional and notice.provisional_years == [2027] and notice.ends_on == dt.date(2027, 10, 7)
    )


def test_publication_day_counting_policy(org, today):
    """A policy whose publication day counts ends the same notice on Saturday 2025-10-11."""
    from serviceladder.policy.services import policy_load
    from serviceladder.promotions.services import promotion_cycle_open
    from tests.promotions.conftest import POLICY

    policy_load(
        actor=org.actor("hr"),
        text=POLICY.replace("publication_day_counts: false", "publication_day_counts: true"),
        effective=dt.date(2025, 9, 1),
    )
    cycle = promotion_cycle_open(
        actor=org.actor("hr"), name="counted", opens_on=dt.date(2025, 9, 2), closes_on=dt.date(2025, 9, 30)
    )
    assert notice_end(cycle, dt.date(2025, 9, 29)).date == dt.date(2025, 10, 11)


# --- appeals ------------------------------------------------------------------------------------------------


@pytest.fixture
def on_notice(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    return app


def test_appeal_upheld_sends_the_application_back_to_the_department_review(org, on_notice):
    app = on_notice
    appeal = promotion_appeal_file(
        actor=org.actor("colleague"), application=app, text="The CSAT figures are wrong"
    )
    app.refresh_from_db()
    assert app.state == State.UNDER_APPEAL and appeal.answer_due_on == dt.date(2025, 10, 6)
    promotion_appeal_answer(
        actor=org.actor("hr"), appeal=appeal, outcome="upheld_department", answer="Figures re-checked: wrong"
    )
    app.refresh_from_db()
    appeal.refresh_from_db()
    assert app.state == State.SUBMITTED and app.notice is None
    assert appeal.outcome == "upheld_department" and appeal.answered_by == org.users["hr"]
    # and it can go round again
    promotion_review_department(actor=org.actor("head"), application=app, approve=True, opinion="Re-checked")
    app.refresh_from_db()
    assert app.state == State.DEPT_APPROVED


def test_appeal_upheld_back_to_hr_or_rejected(org, on_notice):
    app = on_notice
    first = promotion_appeal_file(actor=org.actor("colleague"), application=app, text="one")
    promotion_appeal_answer(actor=org.actor("hr"), appeal=first, outcome="upheld_hr", answer="HR looks again")
    app.refresh_from_db()
    assert app.state == State.DEPT_APPROVED
    advance(org, app, State.ON_NOTICE)
    second = promotion_appeal_file(actor=org.actor("agent_b"), application=app, text="two")
    promotion_appeal_answer(
        actor=org.actor("hr"), appeal=second, outcome="upheld_reject", answer="Violation found"
    )
    app.refresh_from_db()
    assert app.state == State.REJECTED
    assert (
        list(TransitionLog.objects.filter(application=app).values_list("to_state", flat=True))[-1]
        == "rejected"
    )


def test_dismissing_the_last_open_appeal_returns_to_the_notice(org, on_notice):
    app = on_notice
    a = promotion_appeal_file(actor=org.actor("colleague"), application=app, text="one")
    b = promotion_appeal_file(actor=org.actor("agent_b"), application=app, text="two")
    promotion_appeal_answer(actor=org.actor("hr"), appeal=a, outcome="dismissed", answer="Figures are right")
    app.refresh_from_db()
    assert app.state == State.UNDER_APPEAL  # b is still open
    with pytest.raises(PromotionError) as err:
        promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 20))
    assert isinstance(err.value, InvalidTransition)
    promotion_appeal_answer(actor=org.actor("hr"), appeal=b, outcome="dismissed", answer="Also fine")
    app.refresh_from_db()
    assert app.state == State.ON_NOTICE


def test_finalise_after_an_appeal_answered_late_takes_effect_a_month_later(org, on_notice, today):
    app = on_notice
    appeal = promotion_appeal_file(actor=org.actor("colleague"), application=app, text="one")
    today(dt.date(2025, 11, 3))
    promotion_appeal_answer(actor=org.actor("hr"), appeal=appeal, outcome="dismissed", answer="fine")
    app.refresh_from_db()
    promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 11, 4))
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE and app.effective_on == dt.date(2025, 12, 1)
    assert (
        LevelAssignment.objects.get(employee=app.applicant, level__code="L2").effective_from
        == app.effective_on
    )


def test_appeals_only_while_the_notice_runs_and_not_by_the_applicant(org, on_notice, today):
    app = on_notice
    with pytest.raises(StageNotAllowed):
        promotion_appeal_file(actor=org.actor("applicant"), application=app, text="me")
    today(dt.date(2025, 10, 14))
    with pytest.raises(PromotionInvalid) as err:
        promotion_appeal_file(actor=org.actor("colleague"), application=app, text="late")
    assert err.value.message == APPEAL_PERIOD_OVER
    assert not Appeal.objects.exists()


def test_hr_may_not_answer_their_own_appeal(org, on_notice):
    appeal = promotion_appeal_file(actor=org.actor("hr"), application=on_notice, text="I object")
    with pytest.raises(StageNotAllowed) as err:
        promotion_appeal_answer(actor=org.actor("hr"), appeal=appeal, outcome="dismissed", answer="no")
    assert err.value.message == APPEAL_OWN_ANSWER
    with pytest.raises(StageNotAllowed):
        promotion_appeal_answer(
            actor=org.actor("management"), appeal=appeal, outcome="dismissed", answer="no"
        )
    promotion_appeal_answer(actor=org.actor("hr2"), appeal=appeal, outcome="dismissed", answer="Checked")


def test_finalise_refuses_open_appeals_even_if_the_state_were_wrong(org, on_notice):
    """Defence in depth: an open appeal row blocks finalisation whatever the state says."""
    Appeal.objects.create(
        application=on_notice, appellant=org.users["colleague"], text="x", answer_due_on=dt.date(2025, 10, 6)
    )
    with pytest.raises(PromotionError) as err:
        promotion_finalise(actor=org.actor("hr"), application=on_notice, today=dt.date(2025, 10, 14))
    assert err.value.message == OPEN_APPEALS
    on_notice.refresh_from_db()
    assert on_notice.state == State.ON_NOTICE
    assert not LevelAssignment.objects.filter(employee=on_notice.applicant, level__code="L2").exists()


def test_finalise_uses_the_adjusted_pay(org, on_notice):
    promotion_pay_adjust(actor=org.actor("hr"), application=on_notice, amount="6200", reason="Scarce skill")
    promotion_finalise(actor=org.actor("hr"), application=on_notice, today=dt.date(2025, 10, 14))
    record = PayRecord.objects.get(employee=on_notice.applicant, effective_from=dt.date(2025, 11, 1))
    assert record.monthly_amount == Decimal("6200.00") and record.currency == "CNY"
    with pytest.raises(PromotionInvalid):
        promotion_pay_adjust(actor=org.actor("hr"), application=on_notice, amount="6300", reason="again")


# --- comments -----------------------------------------------------------------------------------------------


def test_comments_by_those_who_see_the_case(org):
    app = submitted(org)
    c = promotion_comment_add(actor=org.actor("nominator"), application=app, text="Happy to support")
    assert c.author == org.users["nominator"]
    from serviceladder.core.errors import NotFoundOrForbidden

    for key in ("other_lead", "colleague", "admin"):
        with pytest.raises(NotFoundOrForbidden):
            promotion_comment_add(actor=org.actor(key), application=app, text="hi")
    with pytest.raises(PromotionInvalid):
        promotion_comment_add(actor=org.actor("hr"), application=app, text="  ")


def test_permission_errors_are_permission_denied(org):
    app = advance(org, submitted(org), State.DEPT_APPROVED)
    with pytest.raises(PermissionDeniedError):
        promotion_review_hr(actor=org.actor("head"), application=app, approve=True, opinion="x")
