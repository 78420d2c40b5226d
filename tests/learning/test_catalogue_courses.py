"""HR's course create and edit (issue 17 item 1): every field validated, every problem reported at once,
nothing written on a refusal, an audit row for each change; trainer grants; self-enrolment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.learning.models import Completion, Course, CourseTrainer, Enrolment
from serviceladder.learning.services import catalogue as svc
from serviceladder.learning.services.catalogue import CourseData


@pytest.fixture
def org(org_with_policy):
    """Every catalogue test runs with the preset policy loaded."""
    return org_with_policy


pytestmark = pytest.mark.django_db


def hr(org):
    return Actor(user=org.users["hr"])


def _data(**kw) -> CourseData:
    base = {"code": "phone-101", "name_zh": "电话沟通", "name_en": "Phone communication"}
    return CourseData(**{**base, **kw})


def test_hr_creates_a_course_with_every_field(org):
    pre = Course.objects.get(code="basics")  # from the policy
    course = svc.course_create(
        actor=hr(org),
        data=_data(
            mode="online",
            hours="7.5",
            provider="Academy",
            validity_months="12",
            competencies={"communication": "3"},
            prerequisites=["basics"],
            self_enrol=True,
        ),
    )
    course.refresh_from_db()
    assert (course.mode, course.hours, course.provider, course.validity_months) == (
        "online",
        Decimal("7.5"),
        "Academy",
        12,
    )
    assert course.competencies == {"communication": 3}
    assert list(course.prerequisites.all()) == [pre]
    assert course.self_enrol and course.active and not course.from_policy
    event = AuditEvent.objects.get(action="learning.course_create")
    assert event.after["code"] == "phone-101" and event.after["prerequisites"] == ["basics"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"code": ""}, "code", svc.CODE_REQUIRED),
        ({"code": "bad code!"}, "code", svc.CODE_INVALID),
        ({"code": "BASICS"}, "code", svc.CODE_TAKEN),
        ({"name_en": " "}, "name_en", svc.NAME_REQUIRED),
        ({"name_zh": "x" * 201}, "name_zh", svc.NAME_TOO_LONG),
        ({"mode": "telepathy"}, "mode", svc.MODE_INVALID),
        ({"hours": "-1"}, "hours", svc.HOURS_INVALID),
        ({"hours": "2000.1"}, "hours", svc.HOURS_INVALID),
        ({"hours": "1.25"}, "hours", svc.HOURS_INVALID),
        ({"hours": "ten"}, "hours", svc.HOURS_INVALID),
        ({"hours": "NaN"}, "hours", svc.HOURS_INVALID),
        ({"validity_months": "0"}, "validity_months", svc.VALIDITY_INVALID),
        ({"validity_months": "241"}, "validity_months", svc.VALIDITY_INVALID),
        ({"validity_months": "1.5"}, "validity_months", svc.VALIDITY_INVALID),
        ({"competencies": {"juggling": "2"}}, "competencies", svc.COMPETENCY_UNKNOWN),
        ({"competencies": {"communication": "6"}}, "competencies", svc.PROFICIENCY_INVALID),
        ({"competencies": {"communication": "0"}}, "competencies", svc.PROFICIENCY_INVALID),
        ({"prerequisites": ["nope"]}, "prerequisites", svc.PREREQUISITE_UNKNOWN),
        ({"prerequisites": ["phone-101"]}, "prerequisites", svc.PREREQUISITE_SELF),
    ],
)
def test_a_bad_field_is_reported_and_nothing_is_written(org, fields, field, message):
    before = Course.objects.count()
    with pytest.raises(svc.CourseInvalid) as exc:
        svc.course_create(actor=hr(org), data=_data(**fields))
    assert field in exc.value.errors
    template = str(message).split("%(")[0]
    assert any(m.startswith(template) for m in exc.value.errors[field])
    assert Course.objects.count() == before
    assert not AuditEvent.objects.filter(action="learning.course_create").exists()


def test_every_problem_is_reported_at_once(org):
    with pytest.raises(svc.CourseInvalid) as exc:
        svc.course_create(actor=hr(org), data=_data(code="", name_zh="", hours="x", validity_months="0"))
    assert set(exc.value.errors) == {"code", "name_zh", "hours", "validity_months"}


def test_boundaries_are_accepted(org):
    course = svc.course_create(actor=hr(org), data=_data(hours="2000", validity_months="240"))
    assert (course.hours, course.validity_months) == (Decimal("2000"), 240)
    other = svc.course_create(actor=hr(org), data=_data(code="c0", hours="0", validity_months="1"))
    assert (other.hours, other.validity_months) == (Decimal("0"), 1)


def test_a_prerequisite_loop_is_refused(org):
    a = svc.course_create(actor=hr(org), data=_data(code="a"))
    svc.course_create(actor=hr(org), data=_data(code="b", prerequisites=["a"]))
    svc.course_create(actor=hr(org), data=_data(code="c", prerequisites=["b"]))
    data = svc.CourseData(**{**_data(code="a").__dict__, "prerequisites": ["c"]})
    with pytest.raises(svc.CourseInvalid) as exc:
        svc.course_update(actor=hr(org), course=a, data=data)
    assert "prerequisites" in exc.value.errors
    assert not a.prerequisites.exists()


def test_update_records_before_and_after_and_keeps_the_code(org):
    course = svc.course_create(actor=hr(org), data=_data())
    data = svc.CourseData(**{**_data().__dict__, "code": "renamed", "mode": "mentor", "active": False})
    svc.course_update(actor=hr(org), course=course, data=data)
    course.refresh_from_db()
    assert (course.code, course.mode, course.active) == ("phone-101", "mentor", False)
    event = AuditEvent.objects.get(action="learning.course_update")
    assert (event.before["mode"], event.after["mode"]) == ("classroom", "mentor")


def test_saving_without_a_change_writes_no_audit_row(org):
    course = svc.course_create(actor=hr(org), data=_data(hours="6", competencies={"communication": "2"}))
    course = Course.objects.get(pk=course.pk)  # hours come back from the database as 6.0
    svc.course_update(
        actor=hr(org), course=course, data=_data(hours="6", competencies={"communication": "2"})
    )
    assert not AuditEvent.objects.filter(action="learning.course_update").exists()


def test_the_policy_keeps_its_names(org):
    course = Course.objects.get(code="basics")
    data = svc.CourseData(code="basics", name_zh=course.name_zh, name_en="Renamed", mode="online")
    with pytest.raises(svc.CourseInvalid) as exc:
        svc.course_update(actor=hr(org), course=course, data=data)
    assert list(exc.value.errors) == ["name_en"]
    # the same names (or none posted, as a read-only field may) save the rest
    svc.course_update(actor=hr(org), course=course, data=svc.CourseData(code="basics", mode="online"))
    course.refresh_from_db()
    assert (course.name_en, course.mode) == ("Basics", "online")


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_keeps_the_catalogue(org, role):
    with pytest.raises(PermissionDeniedError):
        svc.course_create(actor=Actor(user=org.users[role]), data=_data())
    assert not Course.objects.filter(code="phone-101").exists()
    course = Course.objects.get(code="basics")
    with pytest.raises(PermissionDeniedError):
        svc.trainer_grant(actor=Actor(user=org.users[role]), course=course, user=org.users["agent"])
    assert not CourseTrainer.objects.exists()


def test_trainer_grant_and_revoke_are_audited(org):
    course = Course.objects.get(code="basics")
    lead = org.users["team_lead"]
    svc.trainer_grant(actor=hr(org), course=course, user=lead)
    assert CourseTrainer.objects.filter(course=course, user=lead, granted_by=org.users["hr"]).exists()
    with pytest.raises(svc.TrainerGrantError):
        svc.trainer_grant(actor=hr(org), course=course, user=lead)
    assert CourseTrainer.objects.count() == 1
    svc.trainer_revoke(actor=hr(org), course=course, user=lead)
    assert not CourseTrainer.objects.exists()
    with pytest.raises(svc.TrainerGrantError):
        svc.trainer_revoke(actor=hr(org), course=course, user=lead)
    actions = list(
        AuditEvent.objects.filter(action__startswith="learning.trainer")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["learning.trainer_grant", "learning.trainer_revoke"]


def test_a_user_without_a_role_cannot_be_a_trainer(org):
    course = Course.objects.get(code="basics")
    with pytest.raises(svc.TrainerGrantError):
        svc.trainer_grant(actor=hr(org), course=course, user=org.users["none"])
    assert not CourseTrainer.objects.exists()


def test_a_grant_makes_the_user_a_trainer_in_scoping(org):
    from serviceladder.accounts.scoping import is_trainer_of

    course = Course.objects.get(code="basics")
    svc.trainer_grant(actor=hr(org), course=course, user=org.users["agent"])
    fresh = type(org.users["agent"]).objects.get(pk=org.users["agent"].pk)
    assert is_trainer_of(fresh, course)


# --- self-enrolment ---------------------------------------------------------------------------------------


def _open_course(org, **kw) -> Course:
    return svc.course_create(actor=hr(org), data=_data(self_enrol=True, **kw))


def test_an_agent_enrols_themselves_in_an_open_course(org):
    course = _open_course(org)
    agent = org.users["agent"]
    enrolment = svc.course_self_enrol(actor=Actor(user=agent), course=course)
    assert (enrolment.employee, enrolment.source, enrolment.state) == (
        org.employees["E2003"],
        "self",
        "assigned",
    )
    assert AuditEvent.objects.filter(action="learning.enrol", employee=org.employees["E2003"]).count() == 1
    with pytest.raises(svc.SelfEnrolRefused):
        svc.course_self_enrol(actor=Actor(user=agent), course=course)
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize("change", [{"self_enrol": False}, {"active": False}])
def test_self_enrolment_is_refused_where_the_course_does_not_allow_it(org, change):
    course = _open_course(org)
    Course.objects.filter(pk=course.pk).update(**change)
    course.refresh_from_db()
    with pytest.raises(svc.SelfEnrolRefused):
        svc.course_self_enrol(actor=Actor(user=org.users["agent"]), course=course)
    assert not Enrolment.objects.exists()


def test_a_user_without_an_employee_record_cannot_self_enrol(org):
    course = _open_course(org)
    with pytest.raises(svc.SelfEnrolRefused):
        svc.course_self_enrol(actor=Actor(user=org.users["admin"]), course=course)
    assert not Enrolment.objects.exists()


def test_missing_prerequisites_refuse_until_a_valid_completion(org):
    course = _open_course(org, prerequisites=["basics"])
    agent, person = org.users["agent"], org.employees["E2003"]
    basics = Course.objects.get(code="basics")
    with pytest.raises(svc.SelfEnrolRefused) as exc:
        svc.course_self_enrol(actor=Actor(user=agent), course=course)
    assert "Basics" in str(exc.value)
    today = dt.date.today()
    # an expired completion does not count; it expires on its expiry day
    Completion.objects.create(
        employee=person,
        course=basics,
        name="Basics",
        completed_on=today - dt.timedelta(days=400),
        expires_on=today,
    )
    with pytest.raises(svc.SelfEnrolRefused):
        svc.course_self_enrol(actor=Actor(user=agent), course=course)
    assert not Enrolment.objects.exists()
    Completion.objects.create(employee=person, course=basics, name="Basics", completed_on=today)
    assert svc.course_self_enrol(actor=Actor(user=agent), course=course).source == "self"
