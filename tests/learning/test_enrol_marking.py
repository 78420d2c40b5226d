"""Marking (learning.services.marking): who may mark attendance, completion and failure (every role), a
completion through record_completion with the course's validity, online courses at the person's own pace;
every refusal writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.learning import errors_enrolments as E
from serviceladder.learning.models import Completion, Enrolment, EnrolmentEvent
from serviceladder.learning.services import marking as M
from tests.learning.enrol_setup import (
    add_trainer,
    classroom,
    enrolled,
    online,
    past,
    seated,
    session_of,
    soon,
)

pytestmark = pytest.mark.django_db

ROLES = ["hr", "trainer", "team_lead", "department_head", "agent", "management", "admin", "none"]


def counts():
    return (
        Completion.objects.count(),
        EnrolmentEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="learning.").count(),
    )


@pytest.fixture
def course(org):
    course = classroom(validity_months=12)
    add_trainer(org, course)
    return course


# The agent 李娜 (E2003, team a1 led by 王芳 E2002) and the lead 王芳 herself (marked by her head).
MAY_MARK = {
    "E2003": {"hr", "trainer", "team_lead"},
    "E2002": {"hr", "trainer", "department_head"},
}


@pytest.mark.parametrize("number", sorted(MAY_MARK))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_mark_completion(org, course, role, number):
    enrolment = seated(enrolled(org, number, course), session_of(course, starts_at=past()))
    before = counts()
    if role in MAY_MARK[number]:
        completion = M.enrolment_complete(
            actor=Actor(user=org.users[role]), enrolment=enrolment, score="87.5", evidence="签到表"
        )
        enrolment.refresh_from_db()
        assert enrolment.state == Enrolment.State.COMPLETED
        assert completion.enrolment == enrolment and completion.course == course
        assert completion.score == Decimal("87.50") and completion.evidence == "签到表"
        assert completion.source == Completion.Source.MARKED
        assert AuditEvent.objects.filter(
            action="learning.enrolment_complete", object_id=str(enrolment.pk)
        ).exists()
    else:
        with pytest.raises(E.EnrolmentNotAllowed):
            M.enrolment_complete(actor=Actor(user=org.users[role]), enrolment=enrolment)
        assert counts() == before
        enrolment.refresh_from_db()
        assert enrolment.state == Enrolment.State.SCHEDULED


@pytest.mark.parametrize("role", ROLES)
def test_who_may_mark_attendance_and_failure(org, course, role):
    enrolment = seated(enrolled(org, "E2003", course), session_of(course, starts_at=past()))
    actor = Actor(user=org.users[role])
    if role in MAY_MARK["E2003"]:
        M.enrolment_attend(actor=actor, enrolment=enrolment)
        M.enrolment_fail(actor=actor, enrolment=enrolment, score="40", note="未通过实操")
        enrolment.refresh_from_db()
        assert enrolment.state == Enrolment.State.FAILED
        assert list(enrolment.events.values_list("state", flat=True)) == ["assigned", "attended", "failed"]
        assert not Completion.objects.exists()
    else:
        before = counts()
        with pytest.raises(E.EnrolmentNotAllowed):
            M.enrolment_attend(actor=actor, enrolment=enrolment)
        with pytest.raises(E.EnrolmentNotAllowed):
            M.enrolment_fail(actor=actor, enrolment=enrolment)
        assert counts() == before


def test_hr_never_marks_their_own_enrolment(org, course):
    enrolment = seated(enrolled(org, "E2008", course), session_of(course, starts_at=past()))
    with pytest.raises(E.EnrolmentNotAllowed):
        M.enrolment_complete(actor=Actor(user=org.users["hr"]), enrolment=enrolment)
    assert not Completion.objects.exists()


def test_a_trainer_marks_only_the_courses_they_train(org, course):
    other = classroom("phone", name_zh="电话沟通", name_en="Phone communication")
    enrolment = seated(enrolled(org, "E2003", other), session_of(other, starts_at=past()))
    with pytest.raises(E.EnrolmentNotAllowed):
        M.enrolment_attend(actor=Actor(user=org.users["trainer"]), enrolment=enrolment)


def test_attendance_waits_for_the_session_to_start(org, course):
    enrolment = seated(enrolled(org, "E2003", course), session_of(course, starts_at=soon()))
    before = counts()
    with pytest.raises(E.EnrolmentInvalid) as caught:
        M.enrolment_attend(actor=Actor(user=org.users["trainer"]), enrolment=enrolment)
    assert caught.value.message == E.NOT_STARTED
    assert counts() == before


def test_a_completion_takes_the_course_validity(org, course):
    enrolment = seated(enrolled(org, "E2003", course), session_of(course, starts_at=past()))
    completion = M.enrolment_complete(
        actor=Actor(user=org.users["team_lead"]),
        enrolment=enrolment,
        completed_on="2026-01-31",
        today=dt.date(2026, 2, 3),
    )
    assert completion.completed_on == dt.date(2026, 1, 31)
    assert completion.expires_on == dt.date(2027, 1, 31)
    assert AuditEvent.objects.filter(action="learning.completion").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", "101", E.SCORE),
        ("score", "abc", E.SCORE),
        ("score", "NaN", E.SCORE),
        ("completed_on", "2099-01-01", E.COMPLETED_ON),
        ("completed_on", "31/01/2026", E.COMPLETED_ON),
        ("evidence", "x" * 501, E.TEXT_TOO_LONG),
    ],
)
def test_bad_marks_are_refused_and_write_nothing(org, course, field, value, message):
    enrolment = seated(enrolled(org, "E2003", course), session_of(course, starts_at=past()))
    before = counts()
    with pytest.raises(E.EnrolmentInvalid) as caught:
        M.enrolment_complete(actor=Actor(user=org.users["hr"]), enrolment=enrolment, **{field: value})
    assert caught.value.message == message
    assert counts() == before
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.SCHEDULED


def test_a_place_on_a_waiting_list_cannot_be_marked(org, course):
    enrolment = enrolled(org, "E2003", course)
    enrolment.state = Enrolment.State.WAITLISTED
    enrolment.session = session_of(course, starts_at=past())
    enrolment.save()
    before = counts()
    with pytest.raises(E.EnrolmentInvalid) as caught:
        M.enrolment_complete(actor=Actor(user=org.users["hr"]), enrolment=enrolment)
    assert caught.value.message == E.TRANSITION
    assert counts() == before


def test_a_mentor_led_course_is_marked_without_a_session(org):
    course = classroom("mentor", mode="mentor")
    enrolment = enrolled(org, "E2003", course)
    M.enrolment_complete(actor=Actor(user=org.users["team_lead"]), enrolment=enrolment, evidence="导师确认")
    assert Completion.objects.get().evidence == "导师确认"


def test_the_person_takes_an_online_course_at_their_own_pace(org):
    course = online()
    enrolment = enrolled(org, "E2003", course)
    me = Actor(user=org.users["agent"])
    M.online_start(actor=me, enrolment=enrolment)
    M.online_progress(actor=me, enrolment=enrolment, progress="40")
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.progress) == (Enrolment.State.IN_PROGRESS, 40)
    assert enrolment.started_at is not None
    completion = M.online_progress(actor=me, enrolment=enrolment, progress=100, today=dt.date(2026, 3, 1))
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED and enrolment.progress == 100
    assert completion.source == Completion.Source.ONLINE and completion.completed_on == dt.date(2026, 3, 1)


@pytest.mark.parametrize("role", ["team_lead", "hr", "trainer"])
def test_only_the_person_starts_their_online_course(org, role):
    course = online()
    add_trainer(org, course)
    enrolment = enrolled(org, "E2003", course)
    before = counts()
    with pytest.raises(E.EnrolmentNotAllowed):
        M.online_start(actor=Actor(user=org.users[role]), enrolment=enrolment)
    assert counts() == before


def test_online_progress_needs_a_start_and_a_whole_percentage(org):
    course = online()
    enrolment = enrolled(org, "E2003", course)
    me = Actor(user=org.users["agent"])
    before = counts()
    with pytest.raises(E.EnrolmentInvalid):
        M.online_progress(actor=me, enrolment=enrolment, progress=100)
    M.online_start(actor=me, enrolment=enrolment)
    for bad in ("-1", "101", "half"):
        with pytest.raises(E.EnrolmentInvalid) as caught:
            M.online_progress(actor=me, enrolment=enrolment, progress=bad)
        assert caught.value.message == E.PROGRESS
    assert Completion.objects.count() == before[0]


def test_a_classroom_course_has_no_online_start(org, course):
    enrolment = enrolled(org, "E2003", course)
    with pytest.raises(E.EnrolmentInvalid):
        M.online_start(actor=Actor(user=org.users["agent"]), enrolment=enrolment)
    assert timezone.now()  # nothing else to check: no state changed
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.ASSIGNED
