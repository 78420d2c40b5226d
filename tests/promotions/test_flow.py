"""One application from draft to effective through the services, each stage by its own actor."""

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.models import Enrolment
from serviceladder.org.models import LevelAssignment, PayRecord
from serviceladder.promotions.errors import NOTICE_NOT_OVER, PromotionError
from serviceladder.promotions.models import PayChange, StageOpinion, TransitionLog
from serviceladder.promotions.services import (
    promotion_approve_management,
    promotion_assessment_record,
    promotion_assessment_schedule,
    promotion_finalise,
    promotion_notice_publish,
    promotion_review_department,
    promotion_review_hr,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import submitted

pytestmark = pytest.mark.django_db


def test_whole_cycle_to_effective_level_pay_and_training(org, today):
    app = submitted(org)
    assert app.state == State.SUBMITTED and not app.is_exception
    assert app.eligibility_status == "eligible" and app.eligibility_snapshot["to_level"] == "L2"
    promotion_review_department(
        actor=org.actor("head"), application=app, approve=True, opinion="Strong results"
    )
    when = dt.datetime(2025, 9, 26, 10, 0)
    assessment = promotion_assessment_schedule(
        actor=org.actor("hr"), application=app, kind="interview", scheduled_at=when
    )
    promotion_assessment_record(
        actor=org.actor("hr"), assessment=assessment, scores={"case handling": "88.5", "coaching": 90}
    )
    promotion_review_hr(actor=org.actor("hr"), application=app, approve=True, opinion="Data verified")
    promotion_approve_management(actor=org.actor("management"), application=app, approve=True, opinion="Yes")
    pay = PayChange.objects.get(application=app)
    assert pay.old_amount == Decimal("5000.00") and pay.proposed_amount == Decimal("5500.00")
    assert not pay.capped and pay.final_amount == pay.proposed_amount

    today(dt.date(2025, 9, 29))
    notice = promotion_notice_publish(actor=org.actor("hr"), cycle=org.cycle)
    assert notice.ends_on == dt.date(2025, 10, 13) and not notice.provisional  # CN 2025, day does not count
    app.refresh_from_db()
    assert app.state == State.ON_NOTICE and app.notice == notice

    with pytest.raises(PromotionError) as err:
        promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 13))
    assert err.value.message == NOTICE_NOT_OVER
    app.refresh_from_db()
    assert app.state == State.ON_NOTICE

    promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 14))
    app.refresh_from_db()
    assert app.state == State.EFFECTIVE and app.effective_on == dt.date(2025, 11, 1)
    employee = org.employees["applicant"]
    level = LevelAssignment.objects.get(employee=employee, effective_from=dt.date(2025, 11, 1))
    assert level.level.code == "L2"
    assert PayRecord.objects.get(
        employee=employee, effective_from=dt.date(2025, 11, 1)
    ).monthly_amount == Decimal("5500.00")
    trainings = Enrolment.objects.filter(employee=employee).order_by("course__code")
    assert [(t.course.code, t.source, t.application_id, t.state) for t in trainings] == [
        ("basics", "promotion", app.pk, "assigned"),
        ("lead-skills", "promotion", app.pk, "assigned"),
    ]
    # due three months after the new level takes effect
    assert {t.due_on for t in trainings} == {dt.date(2026, 2, 1)}
    assert list(TransitionLog.objects.filter(application=app).values_list("to_state", "actor_label")) == [
        (State.SUBMITTED, "lina"),
        (State.DEPT_APPROVED, "zhoujg"),
        (State.HR_APPROVED, "zhaomin"),
        (State.MGMT_APPROVED, "sunqiang"),
        (State.ON_NOTICE, "zhaomin"),
        (State.EFFECTIVE, "zhaomin"),
    ]
    assert StageOpinion.objects.filter(application=app).count() == 3
    actions = set(AuditEvent.objects.filter(employee=employee).values_list("action", "actor_label"))
    assert {
        ("promotion.submit", "lina"),
        ("promotion.dept_approve", "zhoujg"),
        ("promotion.assessment_record", "zhaomin"),
        ("promotion.hr_approve", "zhaomin"),
        ("promotion.mgmt_approve", "sunqiang"),
        ("promotion.publish", "zhaomin"),
        ("promotion.finalise", "zhaomin"),
        ("org.level.assign", "zhaomin"),
        ("org.payrecord.create", "zhaomin"),
    } <= actions
