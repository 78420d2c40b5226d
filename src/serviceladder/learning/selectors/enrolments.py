"""Reads of sessions and enrolments (issue 17 item 2), already scoped through accounts.scoping and with the
related rows loaded, so no template queries per row."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from serviceladder.accounts.scoping import (
    can_manage_catalogue,
    enrolments_visible_to,
    trainer_course_ids,
    user_employee,
)
from serviceladder.learning.engine import states
from serviceladder.learning.errors_enrolments import EnrolmentNotFound, SessionNotFound
from serviceladder.learning.models import Completion, Course, Enrolment, EnrolmentEvent, Session
from serviceladder.org.models import Employee

# The states as a learner reads them ("scheduled" alone reads as "due to take effect" elsewhere in the UI).
STATE_LABELS = {
    states.ASSIGNED: pgettext_lazy("enrolment state", "to book"),
    states.WAITLISTED: pgettext_lazy("enrolment state", "on the waiting list"),
    states.SCHEDULED: pgettext_lazy("enrolment state", "seat booked"),
    states.IN_PROGRESS: pgettext_lazy("enrolment state", "in progress"),
    states.ATTENDED: pgettext_lazy("enrolment state", "attended"),
    states.COMPLETED: pgettext_lazy("enrolment state", "completed"),
    states.FAILED: pgettext_lazy("enrolment state", "failed"),
    states.EXPIRED: pgettext_lazy("enrolment state", "expired"),
    states.CANCELLED: pgettext_lazy("enrolment state", "cancelled"),
}


# The notes the product itself writes into an enrolment's history (learning.services.sessions), stored as
# fixed keys and read in the reader's language; a person's own note is shown as written.
SYSTEM_NOTES = {
    "waiting list": pgettext_lazy("enrolment history", "a seat from the waiting list"),
    "left the company": pgettext_lazy("enrolment history", "left the company"),
}


def labelled(rows):
    """Each enrolment (or history event) with `state_label`, its state as the learning pages name it (and a
    history event with `note_label`)."""
    for row in rows:
        row.state_label = STATE_LABELS.get(row.state, row.state)
        if isinstance(row, EnrolmentEvent):
            row.note_label = SYSTEM_NOTES.get(row.note, row.note)
    return rows


BOOKED = (states.SCHEDULED, states.ATTENDED, states.COMPLETED, states.FAILED)


def _with_counts(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("course", "trainer").annotate(
        booked=Count("enrolments", filter=Q(enrolments__state__in=BOOKED), distinct=True),
        waiting=Count("enrolments", filter=Q(enrolments__state=states.WAITLISTED), distinct=True),
    )


def sessions_visible_to(user) -> QuerySet[Session]:
    """HR: every session; a trainer: their courses' sessions; anyone: the sessions of the courses the people
    whose learning they read are enrolled in (so a person sees the sessions they may book)."""
    if can_manage_catalogue(user):
        return _with_counts(Session.objects.all())
    courses = set(trainer_course_ids(user))
    courses |= set(
        enrolments_visible_to(user).filter(state__in=states.OPEN).values_list("course_id", flat=True)
    )
    courses |= set(
        Enrolment.objects.filter(session__isnull=False)
        .filter(pk__in=enrolments_visible_to(user))
        .values_list("course_id", flat=True)
    )
    return _with_counts(Session.objects.filter(course_id__in=courses))


def session_get(user, pk: int) -> Session:
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise SessionNotFound()
    return session


def upcoming_sessions(user, *, now: dt.datetime | None = None) -> list[Session]:
    now = now or timezone.now()
    return list(sessions_visible_to(user).filter(status=Session.Status.SCHEDULED, starts_at__gt=now))


def sessions_to_mark(user, *, now: dt.datetime | None = None) -> list[Session]:
    """Sessions that have started and still have people booked or attended whom this user may mark: a
    trainer's courses (HR: every course)."""
    now = now or timezone.now()
    qs = Session.objects.filter(starts_at__lte=now).exclude(status=Session.Status.CANCELLED)
    if not can_manage_catalogue(user):
        qs = qs.filter(course_id__in=trainer_course_ids(user))
    qs = qs.filter(enrolments__state__in=(states.SCHEDULED, states.ATTENDED)).distinct()
    return list(_with_counts(qs).order_by("starts_at", "pk"))


def open_sessions(course: Course, *, now: dt.datetime | None = None) -> list[Session]:
    """The course's sessions a seat can still be booked in (full ones included: their waiting list)."""
    now = now or timezone.now()
    return list(
        _with_counts(
            Session.objects.filter(course=course, status=Session.Status.SCHEDULED, starts_at__gt=now)
        )
    )


def session_roster(user, session: Session) -> list[Enrolment]:
    """The session's people this user reads (a lead: their team's; HR and the course's trainers: all)."""
    return labelled(
        list(
            enrolments_visible_to(user)
            .filter(session=session)
            .exclude(state=states.CANCELLED)
            .select_related("employee__team", "course", "completion")
            .order_by("state", "waitlisted_at", "employee__number")
        )
    )


def enrolment_get(user, pk: int) -> Enrolment:
    enrolment = (
        enrolments_visible_to(user)
        .select_related("course", "session", "employee__team__department", "enrolled_by")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise EnrolmentNotFound()
    return labelled([enrolment])[0]


def person_enrolments(employee: Employee) -> list[Enrolment]:
    """A person's enrolments, open ones first by due date, then the closed ones newest first."""
    rows = list(Enrolment.objects.filter(employee=employee).select_related("course", "session", "completion"))
    open_rows = sorted(
        (e for e in rows if e.state in states.OPEN), key=lambda e: (e.due_on or dt.date.max, e.pk)
    )
    closed = sorted((e for e in rows if e.state not in states.OPEN), key=lambda e: e.updated_at, reverse=True)
    return labelled(open_rows + closed)


def person_completions(employee: Employee) -> list[Completion]:
    return list(Completion.objects.filter(employee=employee).select_related("course"))


def my_open_enrolments(user) -> list[Enrolment]:
    me = user_employee(user)
    if me is None:
        return []
    return [e for e in person_enrolments(me) if e.state in states.OPEN]


def overdue(enrolments, day: dt.date) -> list[Enrolment]:
    return [e for e in enrolments if e.state in states.OPEN and e.due_on is not None and e.due_on < day]


RECENT_SESSIONS = 10
COURSE_PEOPLE_SHOWN = 50


def course_sessions(user, course: Course, *, now: dt.datetime | None = None) -> dict:
    """A course's sessions this user sees: every upcoming one, and the latest past ones."""
    now = now or timezone.now()
    qs = sessions_visible_to(user).filter(course=course)
    return {
        "upcoming": list(qs.filter(starts_at__gt=now).order_by("starts_at", "pk")),
        "past": list(qs.filter(starts_at__lte=now).order_by("-starts_at", "-pk")[:RECENT_SESSIONS]),
    }


def course_people(user, course: Course) -> dict:
    """Who is on a course among the people this user reads, other than themselves: the count in each state
    and the open enrolments, the soonest due first (at most COURSE_PEOPLE_SHOWN), each marked `overdue`."""
    qs = enrolments_visible_to(user).filter(course=course)
    me = user_employee(user)
    if me is not None:
        qs = qs.exclude(employee=me)
    counts = dict(qs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    open_rows = (
        qs.filter(state__in=states.OPEN)
        .select_related("employee__team", "session")
        .order_by(F("due_on").asc(nulls_last=True), "employee__number")
    )
    today = timezone.localdate()
    shown = labelled(list(open_rows[:COURSE_PEOPLE_SHOWN]))
    for row in shown:
        row.overdue = row.due_on is not None and row.due_on < today
    return {
        "counts": [(STATE_LABELS[s], counts[s]) for s in STATE_LABELS if counts.get(s)],
        "open": shown,
        "open_total": sum(counts.get(s, 0) for s in states.OPEN),
    }
