"""The loader reads learning.Completion (issue 17 item 3): a catalogue course's completion counts under the
course's code whatever its recorded name; one outside the catalogue counts under the policy code its name (or
its other-language name) maps to; a completion after the day asked about does not count yet."""

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.eligibility.loading import load_facts
from serviceladder.learning.models import Completion
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.services import policy_load
from tests.eligibility.test_loading import POLICY
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles
from tests.learning.courses import put_course

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 7, 1)


@pytest.fixture
def policy():
    hr = user_with_roles("hr", Role.HR)
    policy_load(actor=Actor(user=hr, channel="cli"), text=POLICY, effective=dt.date(2024, 1, 1))
    return policy_in_force(AS_OF)


def _codes(policy, number):
    facts = load_facts(Employee.objects.filter(number=number), as_of=AS_OF, policy=policy)
    return sorted((t.code, t.completed_on, t.expires_on) for t in facts[0].trainings)


def test_a_course_completion_counts_under_the_course_code(policy):
    team = TeamFactory(code="t1")
    e = EmployeeFactory(number="A1", team=team)
    course = put_course(code="basics", name_zh="基础课程（新版）", name_en="Basics, new edition")
    # recorded under a name no policy knows: the course link decides
    Completion.objects.create(
        employee=e,
        course=course,
        name="入门",
        completed_on=dt.date(2026, 1, 5),
        expires_on=dt.date(2027, 1, 5),
    )
    assert _codes(policy, "A1") == [("basics", dt.date(2026, 1, 5), dt.date(2027, 1, 5))]


def test_a_completion_outside_the_catalogue_maps_by_name_or_other_name(policy):
    team = TeamFactory(code="t1")
    EmployeeFactory(number="A1", team=team)
    EmployeeFactory(number="A2", team=team)
    EmployeeFactory(number="A3", team=team)
    a1, a2, a3 = (Employee.objects.get(number=n) for n in ("A1", "A2", "A3"))
    Completion.objects.create(employee=a1, name=" 基础 ", completed_on=dt.date(2026, 2, 1), source="import")
    Completion.objects.create(
        employee=a2, name="Basic skills cert", name_alt="BASICS", completed_on=dt.date(2026, 2, 1)
    )
    Completion.objects.create(employee=a3, name="Forklift", completed_on=dt.date(2026, 2, 1))
    assert _codes(policy, "A1") == [("basics", dt.date(2026, 2, 1), None)]
    assert _codes(policy, "A2") == [("basics", dt.date(2026, 2, 1), None)]
    assert _codes(policy, "A3") == [("Forklift", dt.date(2026, 2, 1), None)]


def test_a_completion_after_the_day_asked_about_is_not_read(policy):
    e = EmployeeFactory(number="A1", team=TeamFactory(code="t1"))
    Completion.objects.create(employee=e, name="Basics", completed_on=AS_OF + dt.timedelta(days=1))
    Completion.objects.create(employee=e, name="Basics", completed_on=AS_OF)
    assert _codes(policy, "A1") == [("basics", AS_OF, None)]
