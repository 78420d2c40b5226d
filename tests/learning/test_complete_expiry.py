"""Expiry (issue 17 item 3): a course's validity sets a completion's expiry; `required_trainings` counts the
completion up to the day before it expires and the daily step turns the completed enrolment expired on that
same day, exactly once (audited)."""

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.daily.registry import steps
from serviceladder.eligibility.loading import load_facts
from serviceladder.learning.models import Enrolment, EnrolmentEvent
from serviceladder.learning.services.completions import record_completion
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.expiry import enrolments_expire
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.services import policy_load
from serviceladder.rules import clauses
from tests.eligibility.test_loading import POLICY
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles
from tests.learning.courses import put_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    user = user_with_roles("hr", Role.HR)
    policy_load(actor=Actor(user=user, channel="cli"), text=POLICY, effective=dt.date(2024, 1, 1))
    return user


def _completed(hr, number, course, day):
    employee = EmployeeFactory(number=number, team=TeamFactory(code=f"t-{number}"))
    actor = Actor(user=hr)
    enrolment, _ = enrol(employee, course, source="hr", actor=actor, assigned_on=day)
    record_completion(employee, actor=actor, completed_on=day, course=course, enrolment=enrolment)
    Enrolment.objects.filter(pk=enrolment.pk).update(state=Enrolment.State.COMPLETED)
    return employee


def _training_status(number, as_of):
    policy = policy_in_force(as_of)
    (facts,) = load_facts(Employee.objects.filter(number=number), as_of=as_of, policy=policy)
    result = clauses.required_trainings(facts.trainings, codes=("basics",), as_of=as_of)
    return result.status, result.values.get("expired", [])


# (completed on, validity months, day asked about, status, reported expired)
BOUNDARY = [
    (dt.date(2025, 3, 31), 12, dt.date(2025, 3, 30), "fail", []),  # not yet completed
    (dt.date(2025, 3, 31), 12, dt.date(2025, 3, 31), "pass", []),  # the day it was completed
    (dt.date(2025, 3, 31), 12, dt.date(2026, 3, 30), "pass", []),  # the last day it counts
    (dt.date(2025, 3, 31), 12, dt.date(2026, 3, 31), "fail", ["basics"]),  # expires today
    (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 27), "pass", []),  # no 31 February: expires on the 28th
    (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28), "fail", ["basics"]),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 27), "pass", []),  # leap day: expires 28 February
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), "fail", ["basics"]),
]


@pytest.mark.parametrize(("done", "months", "as_of", "status", "expired"), BOUNDARY)
def test_required_trainings_flips_on_the_day_the_completion_expires(hr, done, months, as_of, status, expired):
    course = put_course(code="basics", name_zh="基础", name_en="Basics", validity_months=months)
    _completed(hr, "A1", course, done)
    assert _training_status("A1", as_of) == (status, expired)


def test_a_course_without_validity_never_expires(hr):
    course = put_course(code="basics", name_zh="基础", name_en="Basics")
    _completed(hr, "A1", course, dt.date(2020, 1, 1))
    assert _training_status("A1", dt.date(2026, 12, 31)) == ("pass", [])
    assert enrolments_expire(dt.date(2099, 1, 1)) == {"expired": 0}


def test_the_daily_step_expires_a_completed_enrolment_on_its_day_exactly_once(hr):
    course = put_course(code="basics", name_zh="基础", name_en="Basics", validity_months=12)
    person = _completed(hr, "A1", course, dt.date(2025, 3, 31))
    other = _completed(hr, "A2", course, dt.date(2025, 4, 1))
    step = steps()["learning.expiry"]

    assert step(dt.date(2026, 3, 30)) == {"expired": 0}  # still counting
    assert not AuditEvent.objects.filter(action="learning.enrolment_expired").exists()
    assert step(dt.date(2026, 3, 31)) == {"expired": 1}
    mine = Enrolment.objects.get(employee=person)
    assert mine.state == Enrolment.State.EXPIRED
    assert Enrolment.objects.get(employee=other).state == Enrolment.State.COMPLETED
    assert list(EnrolmentEvent.objects.filter(enrolment=mine).values_list("state", flat=True)) == [
        "assigned",
        "expired",
    ]
    event = AuditEvent.objects.get(action="learning.enrolment_expired")
    assert event.employee_id == person.pk
    assert event.after == {"state": "expired", "course": "basics", "expires_on": "2026-03-31"}
    # the same day again, or a later day for the same enrolment: nothing more
    assert step(dt.date(2026, 3, 31)) == {"expired": 0}
    assert step(dt.date(2026, 4, 1)) == {"expired": 1}  # only the other person's, on its own day
    assert AuditEvent.objects.filter(action="learning.enrolment_expired").count() == 2


def test_an_open_or_cancelled_enrolment_is_left_alone(hr):
    course = put_course(code="basics", name_zh="基础", name_en="Basics", validity_months=1)
    person = EmployeeFactory(number="A1", team=TeamFactory(code="t1"))
    actor = Actor(user=hr)
    enrolment, _ = enrol(person, course, source="hr", actor=actor, assigned_on=dt.date(2025, 1, 1))
    # a completion recorded for the course while a new enrolment is still open (a refresher)
    record_completion(
        person, actor=actor, completed_on=dt.date(2025, 1, 1), course=course, enrolment=enrolment
    )
    assert enrolments_expire(dt.date(2026, 1, 1)) == {"expired": 0}
    assert Enrolment.objects.get().state == Enrolment.State.ASSIGNED
    assert not AuditEvent.objects.filter(action="learning.enrolment_expired").exists()


def test_the_person_is_told_once_when_their_completion_expires(hr):
    from serviceladder.notifications.models import Notification

    course = put_course(code="basics", name_zh="基础", name_en="Basics", validity_months=12)
    person = _completed(hr, "A1", course, dt.date(2025, 3, 31))
    person.user = user_with_roles("a1", Role.AGENT)
    person.save(update_fields=["user"])
    step = steps()["learning.expiry"]
    step(dt.date(2026, 3, 30))
    assert not Notification.objects.filter(kind="learning.enrolment_expired").exists()
    step(dt.date(2026, 3, 31))
    step(dt.date(2026, 4, 1))
    told = Notification.objects.get(kind="learning.enrolment_expired")
    assert told.recipient == person.user and "Basics" in told.title_text
    assert "2026-03-31" in told.body_text and told.url.endswith("/learning/courses/basics/")
