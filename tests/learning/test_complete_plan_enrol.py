"""A development plan's training action naming a course enrols the person when the plan version is agreed
(source "plan", the action, due at the action's end), once per action across versions; a training action
without a course enrols nobody; a catalogue course outside the policy may be named."""

import datetime as dt

import pytest

from serviceladder.development.models import PlanAction
from serviceladder.development.services.plan_actions import ActionInput, action_add
from serviceladder.development.services.plans import plan_accept, plan_edit
from serviceladder.learning.models import Course, Enrolment
from tests.development.plans_setup import as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db
K = PlanAction.Kind
END = dt.date(2027, 3, 31)


def _agree(org, person):
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)


def test_an_agreed_training_action_enrols_once():
    org = plan_org()
    person = org.employees["E2003"]
    Course.objects.create(code="phone", name_zh="电话沟通技巧", name_en="Phone communication")
    draft_plan(org)
    lead = as_(org, "team_lead")
    basics = ActionInput(kind=K.TRAINING, title="基础培训", course_code="basics", end_date=END)
    action_add(actor=lead, employee=person, data=basics)
    action_add(
        actor=lead, employee=person, data=ActionInput(kind=K.TRAINING, title="电话", course_code="phone")
    )
    action_add(actor=lead, employee=person, data=ActionInput(kind=K.TRAINING, title="外部讲座"))
    assert not Enrolment.objects.exists()  # a draft enrols nobody

    _agree(org, person)
    got = {e.course.code: e for e in Enrolment.objects.select_related("course", "plan_action")}
    assert set(got) == {"basics", "phone"}
    assert (got["basics"].source, got["basics"].due_on, got["basics"].plan_action.title) == (
        "plan",
        END,
        "基础培训",
    )
    assert got["phone"].due_on is None
    basics_course = Course.objects.get(code="basics")  # from the policy's training
    assert (basics_course.name_zh, basics_course.from_policy) == ("基础培训", True)

    # the course is done; a new version keeping the action does not enrol again
    Enrolment.objects.filter(course__code="basics").update(state=Enrolment.State.COMPLETED)
    plan_edit(actor=lead, employee=person, target_level_code="L3", horizon_short="学以致用")
    _agree(org, person)
    assert Enrolment.objects.count() == 2
