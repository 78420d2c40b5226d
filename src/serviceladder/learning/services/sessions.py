"""Sessions and seats (issue 17 item 2): HR or a course's trainer schedules, changes and cancels sessions
(dates, trainer, seats, place or link); a person's enrolment takes a seat in a session, or a place on its
waiting list when it is full, and the first on the waiting list gets a seat that frees up. A lead or HR
enrols a person (prerequisites first); the lead or HR cancels an enrolment. Every change is audited in its
transaction; the people concerned are told once it commits."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_enrol_others,
    can_manage_catalogue,
    can_schedule_sessions,
    can_self_enrol,
    is_trainer_of,
    user_employee,
)
from serviceladder.audit.services import SYSTEM, Actor, audit_record
from serviceladder.core.form_values import aware_datetime, bounded_text, places
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.engine import states
from serviceladder.learning.errors_enrolments import (
    CANNOT_BOOK,
    CANNOT_ENROL,
    CANNOT_SCHEDULE,
    CAPACITY,
    CAPACITY_BELOW_BOOKED,
    COURSE_INACTIVE,
    DUE_ON,
    ENDS_AT,
    LINK,
    NOT_A_TRAINER,
    ONLINE_HAS_NO_SESSIONS,
    PREREQUISITES,
    SESSION_CLOSED,
    SESSION_OTHER_COURSE,
    STARTS_AT,
    TEXT_TOO_LONG,
    EnrolmentInvalid,
    EnrolmentNotAllowed,
)
from serviceladder.learning.models import Completion, Course, Enrolment, Session
from serviceladder.learning.services import _moves
from serviceladder.learning.services.enrolments import enrol
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee

CAPACITY_LIMIT = 1000
PLACE_LIMIT = 200
NOTE_LIMIT = 500
FIELDS = ("starts_at", "ends_at", "trainer", "capacity", "place", "link")

SEAT_TITLE = _("A seat in {course}")
SEAT_BODY = _("You have a seat in the session of {when}.")
SESSION_CANCELLED_TITLE = _("Session cancelled: {course}")
SESSION_CANCELLED_BODY = _("The session of {when} is cancelled; your enrolment waits for another session.")
ENROLLED_TITLE = _("New course: {course}")
ENROLLED_BODY = _("You are enrolled in {course}; due {due}.")
ENROLLED_BODY_NO_DUE = _("You are enrolled in {course}.")


def _when(raw, message, *, required: bool) -> dt.datetime | None:
    return aware_datetime(raw, error=EnrolmentInvalid, message=message, required=required)


def _capacity(raw) -> int | None:
    return places(raw, error=EnrolmentInvalid, message=CAPACITY, limit=CAPACITY_LIMIT)


def _text(raw, limit: int) -> str:
    return bounded_text(raw, limit, error=EnrolmentInvalid, message=TEXT_TOO_LONG)


def _link(raw) -> str:
    link = _text(raw, 200)
    if link and not link.lower().startswith(("http://", "https://")):
        raise EnrolmentInvalid(LINK, found=link[:60])
    return link


def _values(course: Course, *, starts_at, ends_at, trainer, capacity, place, link) -> dict:
    starts = _when(starts_at, STARTS_AT, required=True)
    ends = _when(ends_at, ENDS_AT, required=False)
    if ends is not None and ends <= starts:
        raise EnrolmentInvalid(ENDS_AT, found=str(ends_at)[:40])
    if trainer is not None and not is_trainer_of(trainer, course):
        raise EnrolmentInvalid(NOT_A_TRAINER, found=trainer.get_username())
    return {
        "starts_at": starts,
        "ends_at": ends,
        "trainer": trainer,
        "capacity": _capacity(capacity),
        "place": _text(place, PLACE_LIMIT),
        "link": _link(link),
    }


def _require_schedule(actor: Actor, course: Course) -> None:
    if actor.user is None or not can_schedule_sessions(actor.user, course):
        raise EnrolmentNotAllowed(CANNOT_SCHEDULE)


def _locked_session(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


def _when_text(session: Session) -> str:
    return timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")


def _users(enrolments) -> list:
    return [e.employee.user for e in enrolments if e.employee.user_id is not None]


def booked_count(session: Session) -> int:
    return session.enrolments.filter(state__in=(states.SCHEDULED, states.ATTENDED)).count()


@transaction.atomic
def session_schedule(
    *,
    actor: Actor,
    course: Course,
    starts_at,
    ends_at=None,
    trainer=None,
    capacity=None,
    place: str = "",
    link: str = "",
    now: dt.datetime | None = None,
) -> Session:
    """A new session of a course (not an online one) starting in the future, by HR or the course's trainer;
    the trainer named must hold a grant for the course."""
    _require_schedule(actor, course)
    if course.mode == states.ONLINE:
        raise EnrolmentInvalid(ONLINE_HAS_NO_SESSIONS)
    if not course.active:
        raise EnrolmentInvalid(COURSE_INACTIVE, course=course.code)
    values = _values(
        course,
        starts_at=starts_at,
        ends_at=ends_at,
        trainer=trainer,
        capacity=capacity,
        place=place,
        link=link,
    )
    if values["starts_at"] <= (now or timezone.now()):
        raise EnrolmentInvalid(STARTS_AT, found=str(starts_at)[:40])
    session = Session.objects.create(course=course, created_by=actor.user, **values)
    audit_record(
        actor=actor,
        action="learning.session_schedule",
        obj=session,
        after={
            "course": course.code,
            "session": session.pk,
            "starts_at": session.starts_at.isoformat(),
            "capacity": session.capacity,
        },
    )
    return session


@transaction.atomic
def session_edit(
    *,
    actor: Actor,
    session: Session,
    starts_at,
    ends_at=None,
    trainer=None,
    capacity=None,
    place: str = "",
    link: str = "",
    now: dt.datetime | None = None,
) -> Session:
    """Change a scheduled session that has not started; the seats never fall below those booked, and seats
    added go to the waiting list first."""
    now = now or timezone.now()
    session = _locked_session(session)
    _require_schedule(actor, session.course)
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        raise EnrolmentInvalid(SESSION_CLOSED)
    values = _values(
        session.course,
        starts_at=starts_at,
        ends_at=ends_at,
        trainer=trainer,
        capacity=capacity,
        place=place,
        link=link,
    )
    if values["starts_at"] <= now:
        raise EnrolmentInvalid(STARTS_AT, found=str(starts_at)[:40])
    booked = booked_count(session)
    if values["capacity"] is not None and values["capacity"] < booked:
        raise EnrolmentInvalid(CAPACITY_BELOW_BOOKED, count=booked)
    changed = [f for f in FIELDS if getattr(session, f) != values[f]]
    if not changed:
        return session
    for name in changed:
        setattr(session, name, values[name])
    if "starts_at" in changed:
        session.reminded_on = None  # a new day: the reminder goes out again for it
        changed.append("reminded_on")
    session.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="learning.session_edit",
        obj=session,
        after={"course": session.course.code, "session": session.pk, "fields": changed},
    )
    _fill_from_waiting_list(session, actor=actor)
    return session


@transaction.atomic
def session_cancel(*, actor: Actor, session: Session, now: dt.datetime | None = None) -> Session:
    """Cancel a session that has not started: the people booked or waiting go back to assigned (their
    enrolment waits for another session) and are told."""
    session = _locked_session(session)
    _require_schedule(actor, session.course)
    if session.status != Session.Status.SCHEDULED or session.starts_at <= (now or timezone.now()):
        raise EnrolmentInvalid(SESSION_CLOSED)
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="learning.session_cancel",
        obj=session,
        before={"status": Session.Status.SCHEDULED},
        after={"course": session.course.code, "session": session.pk, "status": session.status},
    )
    affected = list(
        session.enrolments.select_for_update(of=("self",))
        .filter(state__in=(states.SCHEDULED, states.WAITLISTED))
        .select_related("course", "employee__user")
    )
    for enrolment in affected:
        _moves.move(
            enrolment,
            states.LEAVE,
            actor=actor,
            fields={"session": None, "waitlisted_at": None},
            audit_extra={"session": session.pk},
        )
    users = _users(affected)
    if users:
        notify(
            recipients=users,
            kind="learning.session_cancelled",
            title=Message(SESSION_CANCELLED_TITLE, course=names_of(session.course)),
            body=Message(SESSION_CANCELLED_BODY, when=_when_text(session)),
            url=reverse("my_learning"),
            actor=actor,
        )
    return session


def _fill_from_waiting_list(session: Session, *, actor: Actor) -> list[Enrolment]:
    """Give freed seats to the waiting list, first come first served (the session row is locked)."""
    if session.status != Session.Status.SCHEDULED:
        return []
    waiting = (
        session.enrolments.select_for_update(of=("self",))
        .filter(state=states.WAITLISTED)
        .select_related("course", "employee__user")
        .order_by("waitlisted_at", "pk")
    )
    free = None if session.capacity is None else session.capacity - booked_count(session)
    promoted = []
    for enrolment in waiting:
        if free is not None and free <= 0:
            break
        _moves.move(
            enrolment,
            states.BOOK,
            actor=actor,
            note=WAITING_LIST_NOTE,
            fields={"waitlisted_at": None},
            audit_extra={"session": session.pk, "from_waiting_list": True},
        )
        promoted.append(enrolment)
        if free is not None:
            free -= 1
    users = _users(promoted)
    if users:
        notify(
            recipients=users,
            kind="learning.seat",
            title=Message(SEAT_TITLE, course=names_of(session.course)),
            body=Message(SEAT_BODY, when=_when_text(session)),
            url=reverse("my_learning"),
            actor=actor,
        )
    return promoted


def _may_book(user, enrolment: Enrolment) -> bool:
    me = user_employee(user)
    return (
        (me is not None and me.pk == enrolment.employee_id)
        or can_enrol_others(user, enrolment.employee)
        or can_schedule_sessions(user, enrolment.course)
    )


def prerequisites_missing(employee: Employee, course: Course, day: dt.date) -> list[Course]:
    """The prerequisite courses of `course` the person has no completion of that is valid on `day`."""
    required = list(course.prerequisites.all())
    if not required:
        return []
    done = set(
        Completion.objects.filter(employee=employee, course__in=required, completed_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        .values_list("course_id", flat=True)
    )
    return [c for c in required if c.pk not in done]


def _require_prerequisites(employee: Employee, course: Course, day: dt.date) -> None:
    missing = prerequisites_missing(employee, course, day)
    if missing:
        raise EnrolmentInvalid(
            PREREQUISITES,
            person=employee.name,
            course=course.code,
            missing=", ".join(c.code for c in missing),
        )


@transaction.atomic
def enrolment_book(
    *, actor: Actor, enrolment: Enrolment, session: Session, now: dt.datetime | None = None
) -> Enrolment:
    """A seat in `session` for the enrolment (the person themselves, their lead, HR or the course's
    trainer), or a place on its waiting list when it is full. Moving to another session frees the seat held
    in the first one, which goes to its waiting list."""
    now = now or timezone.now()
    session = _locked_session(session)
    enrolment = _moves.locked(enrolment)
    if actor.user is None or not _may_book(actor.user, enrolment):
        raise EnrolmentNotAllowed(CANNOT_BOOK)
    if session.course_id != enrolment.course_id:
        raise EnrolmentInvalid(SESSION_OTHER_COURSE)
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        raise EnrolmentInvalid(SESSION_CLOSED)
    if enrolment.session_id == session.pk and enrolment.state in (states.SCHEDULED, states.WAITLISTED):
        return enrolment
    _require_prerequisites(enrolment.employee, enrolment.course, timezone.localdate(now))
    previous = enrolment.session if enrolment.state == states.SCHEDULED else None
    full = session.capacity is not None and booked_count(session) >= session.capacity
    if full:
        _moves.move(
            enrolment,
            states.WAITLIST,
            actor=actor,
            fields={"session": session, "waitlisted_at": now},
            audit_extra={"session": session.pk},
        )
    else:
        _moves.move(
            enrolment,
            states.BOOK,
            actor=actor,
            fields={"session": session, "waitlisted_at": None},
            audit_extra={"session": session.pk},
        )
    if previous is not None and previous.pk != session.pk:
        _fill_from_waiting_list(_locked_session(previous), actor=actor)
    return enrolment


@transaction.atomic
def enrolment_leave(*, actor: Actor, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    """Give up a seat (or a place on a waiting list) before the session starts; the seat goes to the first
    on its waiting list."""
    enrolment = _moves.locked(enrolment)
    if actor.user is None or not _may_book(actor.user, enrolment):
        raise EnrolmentNotAllowed(CANNOT_BOOK)
    session = enrolment.session
    if session is not None and session.starts_at <= (now or timezone.now()):
        raise EnrolmentInvalid(SESSION_CLOSED)
    held_seat = enrolment.state == states.SCHEDULED
    _moves.move(
        enrolment,
        states.LEAVE,
        actor=actor,
        fields={"session": None, "waitlisted_at": None},
        audit_extra={"session": session.pk if session else None},
    )
    if held_seat and session is not None:
        _fill_from_waiting_list(_locked_session(session), actor=actor)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment, note: str = "") -> Enrolment:
    """Cancel an open enrolment (HR or the person's lead); a seat it held goes to the waiting list."""
    enrolment = _moves.locked(enrolment)
    if actor.user is None or not can_enrol_others(actor.user, enrolment.employee):
        raise EnrolmentNotAllowed(CANNOT_ENROL)
    return _cancel(enrolment, actor=actor, note=_text(note, NOTE_LIMIT))


def _cancel(enrolment: Enrolment, *, actor: Actor, note: str, audit_extra: dict | None = None) -> Enrolment:
    """Cancel a locked open enrolment; a seat it held goes to the waiting list."""
    session = enrolment.session
    held_seat = enrolment.state == states.SCHEDULED
    _moves.move(
        enrolment,
        states.CANCEL,
        actor=actor,
        note=note,
        fields={"waitlisted_at": None},
        audit_extra=audit_extra,
    )
    if held_seat and session is not None:
        _fill_from_waiting_list(_locked_session(session), actor=actor)
    return enrolment


# history notes the product writes (keys of learning.selectors.enrolments.SYSTEM_NOTES, in both languages)
WAITING_LIST_NOTE = "waiting list"
LEAVER_NOTE = "left the company"


def leavers_enrolments_cancel(day: dt.date) -> dict:
    """Cancel the open enrolments of people whose leave date has come (the daily step): they no longer show as
    due or overdue to anyone, stop their reminders, and a seat one held goes to the waiting list. Audited as
    a system cancellation with the leave date; running it again finds nothing more; {"cancelled": n}."""
    due = list(
        Enrolment.objects.filter(
            state__in=states.OPEN, employee__leave_date__isnull=False, employee__leave_date__lte=day
        ).values_list("pk", flat=True)
    )
    cancelled = 0
    for pk in due:
        with transaction.atomic():
            enrolment = _moves.locked(Enrolment(pk=pk))
            if enrolment.state not in states.OPEN:  # moved on since the list was read
                continue
            left_on = enrolment.employee.leave_date.isoformat()
            _cancel(enrolment, actor=SYSTEM, note=LEAVER_NOTE, audit_extra={"left_on": left_on})
            cancelled += 1
    return {"cancelled": cancelled}


def _due(raw, today: dt.date) -> dt.date | None:
    if raw in (None, ""):
        return None
    value = raw
    if isinstance(raw, str):
        try:
            value = dt.date.fromisoformat(raw.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or value < today:
        raise EnrolmentInvalid(DUE_ON, found=str(raw)[:40])
    return value


def enrol_person(
    *,
    actor: Actor,
    employee: Employee,
    course: Course,
    due_on=None,
    note: str = "",
    today: dt.date | None = None,
) -> tuple[Enrolment, bool]:
    """A lead or HR enrols a person in an active course whose prerequisites they have (the person enrols
    themselves where the course allows it); the person is told. Returns enrol()'s (enrolment, created)."""
    today = today or timezone.localdate()
    user = actor.user
    me = user_employee(user) if user is not None else None
    own = me is not None and me.pk == employee.pk
    if user is None:
        raise EnrolmentNotAllowed(CANNOT_ENROL)
    if own and not can_self_enrol(user, course) and not can_manage_catalogue(user):
        raise EnrolmentNotAllowed(CANNOT_ENROL)
    if not own and not can_enrol_others(user, employee):
        raise EnrolmentNotAllowed(CANNOT_ENROL)
    if not course.active:
        raise EnrolmentInvalid(COURSE_INACTIVE, course=course.code)
    due = _due(due_on, today)
    _require_prerequisites(employee, course, today)
    if own:
        source = Enrolment.Source.SELF
    elif can_manage_catalogue(user):
        source = Enrolment.Source.HR
    else:
        source = Enrolment.Source.LEAD
    with transaction.atomic():
        enrolment, created = enrol(
            employee, course, source=source, actor=actor, due_on=due, note=_text(note, NOTE_LIMIT)
        )
        if created and not own and employee.user_id is not None:
            body = (
                Message(ENROLLED_BODY, course=names_of(course), due=due.isoformat())
                if due
                else Message(ENROLLED_BODY_NO_DUE, course=names_of(course))
            )
            notify(
                recipients=[employee.user],
                kind="learning.enrolled",
                title=Message(ENROLLED_TITLE, course=names_of(course)),
                body=body,
                url=reverse("my_learning"),
                actor=actor,
            )
    return enrolment, created
