"""Finalising a promotion enrols the person in the new level's promotion trainings (learning.Enrolment,
source "promotion", with the application, due the policy's `promotion_training_due_months` after the level
takes effect, three by default), creating the catalogue course from the policy's training when the catalogue
has none; a course the person is already enrolled in is not assigned twice."""

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, Enrolment
from serviceladder.learning.services.enrolments import enrol
from serviceladder.promotions.services import promotion_finalise
from serviceladder.promotions.states import State
from tests.learning.courses import put_course
from tests.promotions.conftest import advance, submitted

pytestmark = pytest.mark.django_db


def _finalised(org, today):
    app = advance(org, submitted(org), State.MGMT_APPROVED)
    today(dt.date(2025, 9, 29))
    advance(org, app, State.ON_NOTICE)
    promotion_finalise(actor=org.actor("hr"), application=app, today=dt.date(2025, 10, 14))
    app.refresh_from_db()
    return app


def test_the_new_levels_trainings_become_enrolments_and_courses(org, today):
    # Loading the policy filled the catalogue; without its courses, finalising brings them back.
    Course.objects.all().delete()
    app = _finalised(org, today)
    courses = {c.code: (c.name_zh, c.name_en, c.hours, c.from_policy) for c in Course.objects.all()}
    assert courses == {
        "basics": ("基础培训", "Basics", 8, True),
        "lead-skills": ("带教技巧", "Coaching skills", 12, True),
    }
    enrolments = Enrolment.objects.filter(employee=org.employees["applicant"]).order_by("course__code")
    assert [(e.course.code, e.source, e.application_id, e.state, e.due_on) for e in enrolments] == [
        ("basics", "promotion", app.pk, "assigned", dt.date(2026, 2, 1)),
        ("lead-skills", "promotion", app.pk, "assigned", dt.date(2026, 2, 1)),
    ]
    assert (
        AuditEvent.objects.filter(action="learning.enrol", employee=org.employees["applicant"]).count() == 2
    )


def test_an_open_enrolment_in_the_course_is_joined_not_doubled(org, today):
    course = put_course(code="basics", name_zh="基础（新）", name_en="Basics (new)")
    earlier, _ = enrol(
        org.employees["applicant"],
        course,
        source="lead",
        actor=Actor(user=org.users["hr"]),
        due_on=dt.date(2026, 6, 30),
    )
    app = _finalised(org, today)
    earlier.refresh_from_db()
    # the one open enrolment now also answers the promotion, due by the sooner date
    assert (earlier.source, earlier.application_id, earlier.due_on) == ("lead", app.pk, dt.date(2026, 2, 1))
    assert Enrolment.objects.filter(employee=org.employees["applicant"], course=course).count() == 1
    assert (
        Course.objects.get(code="basics").name_zh == "基础（新）"
    )  # the catalogue's course is kept as it is


@pytest.fixture
def org_six_months(db, today):
    """The promotion test organisation under a policy whose promotion trainings are due after six months."""
    from serviceladder.promotions.services import promotion_cycle_open
    from tests.promotions.conftest import POLICY, build_org

    text = POLICY.replace(
        "  appeal_deadline_days: 7\n", "  appeal_deadline_days: 7\n  promotion_training_due_months: 6\n"
    )
    assert "promotion_training_due_months: 6" in text
    org = build_org(policy=text)
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"), name="2025 H2", opens_on=dt.date(2025, 9, 1), closes_on=dt.date(2025, 9, 30)
    )
    return org, text


def test_the_due_date_comes_from_the_policy_the_case_was_judged_under(org_six_months, today):
    from serviceladder.policy.services import policy_load

    org, text = org_six_months
    # a later version (in force when HR finalises) asks for twelve months; the case keeps its version's six
    policy_load(
        actor=Actor(user=None, channel="cli"),
        text=text.replace("promotion_training_due_months: 6", "promotion_training_due_months: 12").replace(
            "name: promo-test", "name: promo-test-2"
        ),
        effective=dt.date(2025, 10, 1),
    )
    app = _finalised(org, today)
    assert app.effective_on == dt.date(2025, 11, 1)
    dues = set(Enrolment.objects.filter(application=app).values_list("due_on", flat=True))
    assert dues == {dt.date(2026, 5, 1)}  # six months after the new level takes effect
