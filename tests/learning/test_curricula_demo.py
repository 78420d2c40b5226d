"""The demo's new-hire curriculum (seed 003): the five courses at days 0/30/60/90 for everyone hired in the
last half year, what was due before today completed, the demo lead's most recent hire behind on one, and a
few early leavers outside the lead's team."""

import datetime as dt

import pytest

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.learning.models import Completion, Curriculum, Enrolment
from serviceladder.learning.selectors.curricula import overdue_items
from serviceladder.org.models import Employee

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_a_new_hire_curriculum_in_progress():
    org = generate(seed=7, agents=60, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    curriculum = Curriculum.objects.get(code="new-hire")
    assert [(i.course.code, i.offset_days) for i in curriculum.items.select_related("course")] == [
        ("phone-communication", 0),
        ("service-technique", 30),
        ("complaint-handling", 60),
        ("stress-relief", 60),
        ("business-knowledge", 90),
    ]
    recent = Employee.objects.filter(hire_date__gte=curriculum.applies_from, hire_date__lte=TODAY)
    enrolments = Enrolment.objects.filter(curriculum_item__curriculum=curriculum)
    assert recent.exists()
    assert enrolments.count() == 5 * recent.count()
    for e in enrolments.select_related("employee", "curriculum_item"):
        assert e.due_on == e.employee.hire_date + dt.timedelta(days=e.curriculum_item.offset_days)
    done = enrolments.filter(state=Enrolment.State.COMPLETED)
    assert done.exists()
    assert Completion.objects.filter(enrolment__in=done).count() == done.count()
    assert not enrolments.filter(state=Enrolment.State.COMPLETED, due_on__gt=TODAY).exists()
    overdue = overdue_items(Employee.objects.all(), TODAY)
    assert overdue.exists()
    assert overdue.count() == len({e.employee_id for e in overdue})  # one course behind per person
    lead = Employee.objects.get(user__username="lead")
    lead_team_overdue = [e for e in overdue if e.employee.team_id == lead.team_id]
    assert len(lead_team_overdue) <= 1
    # a few new hires left early, part-way: nothing due after they left is done, nothing of theirs is open
    leavers = Employee.objects.filter(
        leave_date__isnull=False, enrolments__curriculum_item__curriculum=curriculum
    )
    leavers = list(leavers.distinct())
    assert leavers and all(p.leave_date < p.hire_date + dt.timedelta(days=183) for p in leavers)
    assert lead.team_id not in {p.team_id for p in leavers}
    theirs = enrolments.filter(employee__in=leavers)
    assert not theirs.filter(state__in=Enrolment.OPEN_STATES).exists()
    for e in theirs.filter(state=Enrolment.State.COMPLETED).select_related("employee"):
        assert e.due_on < e.employee.leave_date
    assert theirs.filter(state=Enrolment.State.CANCELLED).exists()
