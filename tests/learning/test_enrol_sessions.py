"""Sessions and seats (learning.services.sessions): who schedules, changes and cancels sessions (every role),
seats within the capacity, the waiting list in order with a freed seat going to its first, enrolling by a
lead or HR with prerequisites; every refusal writes nothing."""

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.learning import errors_enrolments as E
from serviceladder.learning.models import Completion, Enrolment, EnrolmentEvent, Session
from serviceladder.learning.services import sessions as S
from serviceladder.notifications.models import Notification
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
SCHEDULERS = {"hr", "trainer"}


def counts():
    return (
        Session.objects.count(),
        Enrolment.objects.count(),
        EnrolmentEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="learning.").count(),
        Notification.objects.count(),
    )


def states_of(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).state for e in enrolments]


@pytest.fixture
def course(org):
    course = classroom()
    add_trainer(org, course)
    return course


@pytest.mark.parametrize("role", ROLES)
def test_who_schedules_changes_and_cancels(org, course, role):
    actor = Actor(user=org.users[role])
    if role in SCHEDULERS:
        session = S.session_schedule(
            actor=actor,
            course=course,
            starts_at=soon(),
            capacity="12",
            place="3楼培训室",
            trainer=org.users["trainer"],
        )
        assert (session.capacity, session.place, session.trainer) == (12, "3楼培训室", org.users["trainer"])
        S.session_edit(
            actor=actor, session=session, starts_at=soon(4), capacity="", link="https://meet.example/1"
        )
        session.refresh_from_db()
        assert (session.capacity, session.link, session.place) == (None, "https://meet.example/1", "")
        S.session_cancel(actor=actor, session=session)
        session.refresh_from_db()
        assert session.status == Session.Status.CANCELLED
        assert list(
            AuditEvent.objects.filter(action__startswith="learning.session")
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["learning.session_schedule", "learning.session_edit", "learning.session_cancel"]
    else:
        before = counts()
        with pytest.raises(E.EnrolmentNotAllowed):
            S.session_schedule(actor=actor, course=course, starts_at=soon())
        session = session_of(course)
        with pytest.raises(E.EnrolmentNotAllowed):
            S.session_edit(actor=actor, session=session, starts_at=soon(5))
        with pytest.raises(E.EnrolmentNotAllowed):
            S.session_cancel(actor=actor, session=session)
        session.refresh_from_db()
        assert session.status == Session.Status.SCHEDULED
        assert counts()[1:] == before[1:]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"starts_at": ""}, E.STARTS_AT),
        ({"starts_at": "tomorrow"}, E.STARTS_AT),
        ({"starts_at": past()}, E.STARTS_AT),
        ({"ends_at": past()}, E.ENDS_AT),
        ({"capacity": "0"}, E.CAPACITY),
        ({"capacity": "ten"}, E.CAPACITY),
        ({"link": "javascript:alert(1)"}, E.LINK),
        ({"place": "x" * 201}, E.TEXT_TOO_LONG),
    ],
)
def test_bad_sessions_are_refused_and_write_nothing(org, course, values, message):
    before = counts()
    with pytest.raises(E.EnrolmentInvalid) as caught:
        S.session_schedule(
            actor=Actor(user=org.users["hr"]), course=course, **{"starts_at": soon(), **values}
        )
    assert caught.value.message == message
    assert counts() == before


def test_the_trainer_named_must_hold_a_grant(org, course):
    with pytest.raises(E.EnrolmentInvalid) as caught:
        S.session_schedule(
            actor=Actor(user=org.users["hr"]), course=course, starts_at=soon(), trainer=org.users["team_lead"]
        )
    assert caught.value.message == E.NOT_A_TRAINER
    assert not Session.objects.exists()


def test_an_online_course_has_no_sessions(org):
    with pytest.raises(E.EnrolmentInvalid) as caught:
        S.session_schedule(actor=Actor(user=org.users["hr"]), course=online(), starts_at=soon())
    assert caught.value.message == E.ONLINE_HAS_NO_SESSIONS


def test_a_full_session_fills_its_waiting_list_in_order(org, course):
    session = session_of(course, capacity=1)
    first, second, third = (enrolled(org, n, course) for n in ("E2004", "E2003", "E2005"))
    hr = Actor(user=org.users["hr"])
    S.enrolment_book(actor=hr, enrolment=first, session=session)
    S.enrolment_book(actor=hr, enrolment=second, session=session)
    S.enrolment_book(actor=hr, enrolment=third, session=session)
    assert states_of(first, second, third) == ["scheduled", "waitlisted", "waitlisted"]
    # The first gives up the seat: the first on the waiting list gets it, and is told.
    S.enrolment_leave(actor=Actor(user=org.users["team_lead"]), enrolment=first)
    assert states_of(first, second, third) == ["assigned", "scheduled", "waitlisted"]
    seat = Notification.objects.get(kind="learning.seat")
    assert seat.recipient == org.users["agent"]
    # More seats: the rest of the waiting list moves up.
    S.session_edit(actor=hr, session=session, starts_at=session.starts_at, capacity=5)
    assert states_of(first, second, third) == ["assigned", "scheduled", "scheduled"]
    with pytest.raises(E.EnrolmentInvalid) as caught:
        S.session_edit(actor=hr, session=session, starts_at=session.starts_at, capacity=1)
    assert caught.value.message == E.CAPACITY_BELOW_BOOKED


def test_cancelling_a_session_sends_its_people_back_to_assigned(org, course):
    session = session_of(course, capacity=1)
    booked, waiting = enrolled(org, "E2003", course), enrolled(org, "E2004", course)
    hr = Actor(user=org.users["hr"])
    S.enrolment_book(actor=hr, enrolment=booked, session=session)
    S.enrolment_book(actor=hr, enrolment=waiting, session=session)
    S.session_cancel(actor=hr, session=session)
    assert states_of(booked, waiting) == ["assigned", "assigned"]
    assert Enrolment.objects.filter(session=session).count() == 0
    # Only 李娜 (E2003) has a login to be told.
    told = Notification.objects.filter(kind="learning.session_cancelled")
    assert [n.recipient for n in told] == [org.users["agent"]]


@pytest.mark.parametrize("role", ROLES)
def test_who_books_a_seat_for_the_agent(org, course, role):
    enrolment = enrolled(org, "E2003", course)
    session = session_of(course)
    may = {"hr", "trainer", "team_lead", "agent"}
    before = counts()
    if role in may:
        S.enrolment_book(actor=Actor(user=org.users[role]), enrolment=enrolment, session=session)
        assert states_of(enrolment) == ["scheduled"]
    else:
        with pytest.raises(E.EnrolmentNotAllowed):
            S.enrolment_book(actor=Actor(user=org.users[role]), enrolment=enrolment, session=session)
        assert counts() == before


def test_no_seat_in_a_past_or_cancelled_session_or_another_course(org, course):
    enrolment = enrolled(org, "E2003", course)
    hr = Actor(user=org.users["hr"])
    cancelled = session_of(course)
    cancelled.status = Session.Status.CANCELLED
    cancelled.save()
    other = session_of(classroom("phone"))
    before = counts()
    for session, message in (
        (session_of(course, starts_at=past()), E.SESSION_CLOSED),
        (cancelled, E.SESSION_CLOSED),
        (other, E.SESSION_OTHER_COURSE),
    ):
        with pytest.raises(E.EnrolmentInvalid) as caught:
            S.enrolment_book(actor=hr, enrolment=enrolment, session=session)
        assert caught.value.message == message
    assert counts()[1:] == before[1:]


def test_moving_to_another_session_frees_the_seat(org, course):
    one, two = session_of(course, capacity=1), session_of(course, starts_at=soon(6))
    mover, waiting = enrolled(org, "E2003", course), enrolled(org, "E2004", course)
    hr = Actor(user=org.users["hr"])
    S.enrolment_book(actor=hr, enrolment=mover, session=one)
    S.enrolment_book(actor=hr, enrolment=waiting, session=one)
    S.enrolment_book(actor=hr, enrolment=mover, session=two)
    mover.refresh_from_db()
    waiting.refresh_from_db()
    assert (mover.session, mover.state) == (two, "scheduled")
    assert (waiting.session, waiting.state) == (one, "scheduled")


@pytest.mark.parametrize("role", ROLES)
def test_who_enrols_the_agent(org, course, role):
    before = counts()
    actor = Actor(user=org.users[role])
    agent = org.employees["E2003"]
    if role in {"hr", "team_lead"}:
        enrolment, created = S.enrol_person(actor=actor, employee=agent, course=course, due_on="2099-01-31")
        assert created and enrolment.due_on == dt.date(2099, 1, 31)
        assert enrolment.source == ("hr" if role == "hr" else "lead")
        assert Notification.objects.filter(kind="learning.enrolled").count() == 1
    else:
        # The agent may not enrol in a course that does not allow it; the others may not enrol her.
        with pytest.raises(E.EnrolmentNotAllowed):
            S.enrol_person(actor=actor, employee=agent, course=course)
        assert counts() == before


def test_self_enrolment_where_the_course_allows_it(org):
    course = classroom("open", self_enrol=True)
    enrolment, created = S.enrol_person(
        actor=Actor(user=org.users["agent"]), employee=org.employees["E2003"], course=course
    )
    assert created and enrolment.source == "self"
    assert not Notification.objects.filter(kind="learning.enrolled").exists()


def test_prerequisites_come_first(org, course):
    basics = classroom("basics", validity_months=12)
    course.prerequisites.add(basics)
    agent = org.employees["E2003"]
    lead = Actor(user=org.users["team_lead"])
    before = counts()
    with pytest.raises(E.EnrolmentInvalid) as caught:
        S.enrol_person(actor=lead, employee=agent, course=course)
    assert caught.value.message == E.PREREQUISITES and "basics" in str(caught.value)
    assert counts() == before
    # An expired completion does not count; a valid one does.
    Completion.objects.create(
        employee=agent,
        course=basics,
        name="基础",
        completed_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2021, 1, 1),
    )
    with pytest.raises(E.EnrolmentInvalid):
        S.enrol_person(actor=lead, employee=agent, course=course)
    Completion.objects.create(employee=agent, course=basics, name="基础", completed_on=dt.date(2026, 1, 1))
    _, created = S.enrol_person(actor=lead, employee=agent, course=course, today=dt.date(2026, 6, 1))
    assert created


@pytest.mark.parametrize("role", ROLES)
def test_who_cancels_an_enrolment(org, course, role):
    session = session_of(course, capacity=1)
    enrolment = seated(enrolled(org, "E2003", course), session)
    waiting = enrolled(org, "E2004", course)
    S.enrolment_book(actor=Actor(user=org.users["hr"]), enrolment=waiting, session=session)
    before = counts()
    if role in {"hr", "team_lead"}:
        S.enrolment_cancel(actor=Actor(user=org.users[role]), enrolment=enrolment, note="调岗")
        assert states_of(enrolment, waiting) == ["cancelled", "scheduled"]
    else:
        with pytest.raises(E.EnrolmentNotAllowed):
            S.enrolment_cancel(actor=Actor(user=org.users[role]), enrolment=enrolment)
        assert counts() == before
