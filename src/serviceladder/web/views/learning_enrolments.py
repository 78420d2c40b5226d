"""Sessions and enrolments pages (issue 17 items 2 and 3): the sessions list, scheduling and changing a
session, a session with its roster (trainers, HR and leads mark attendance, completion and failure), an
enrolment with its history and actions, and a lead's or HR's form to enrol a person. Thin: access through
accounts.scoping and the enrolment selectors, writes through the session and marking services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import (
    access_employee,
    can_enrol_others,
    can_manage_catalogue,
    can_mark_enrolment,
    can_schedule_sessions,
    can_self_enrol,
    trainer_course_ids,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.learning.engine import states
from serviceladder.learning.models import Course, CourseTrainer, Enrolment
from serviceladder.learning.selectors import enrolments as selectors
from serviceladder.learning.services import marking, sessions
from serviceladder.web.access import can_open_learning, require
from serviceladder.web.methods import form_page, read_only

SCHEDULED = gettext_lazy("The session is scheduled.")
SAVED = gettext_lazy("The session is changed.")
SESSION_CANCELLED = gettext_lazy("The session is cancelled; the people booked are told.")
BOOKED = gettext_lazy("A seat is booked.")
WAITLISTED = gettext_lazy("The session is full: on the waiting list.")
LEFT = gettext_lazy("The seat is given up.")
ATTENDED = gettext_lazy("Attendance is marked.")
COMPLETED = gettext_lazy("Marked completed; the completion is recorded.")
FAILED = gettext_lazy("Marked failed.")
STARTED = gettext_lazy("The online course is started.")
PROGRESSED = gettext_lazy("Your progress is saved.")
ENROLMENT_CANCELLED = gettext_lazy("The enrolment is cancelled.")
ENROLLED = gettext_lazy("%(person)s is enrolled in %(course)s.")
ALREADY = gettext_lazy("%(person)s already has an open enrolment in %(course)s.")
UNKNOWN_ACTION = gettext_lazy("Unknown action.")
UNKNOWN_COURSE = gettext_lazy("Choose a course from the list.")


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _local(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _schedulable_courses(user) -> list[Course]:
    qs = Course.objects.filter(active=True).exclude(mode=Course.Mode.ONLINE)
    if not can_manage_catalogue(user):
        qs = qs.filter(pk__in=trainer_course_ids(user))
    return list(qs.order_by("code"))


@read_only
def session_list(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions the reader sees, the sessions waiting for marks, and scheduling for HR and
    trainers."""
    require(can_open_learning(request.user))
    context = {
        "upcoming": selectors.upcoming_sessions(request.user),
        "to_mark": selectors.sessions_to_mark(request.user),
        "can_schedule": bool(_schedulable_courses(request.user)),
    }
    return render(request, "web/learning/sessions.html", context)


def _trainer(course: Course, raw: str):
    if not raw:
        return None
    if not raw.isdigit():
        raise PermissionDeniedError()
    grant = CourseTrainer.objects.filter(course=course, user_id=int(raw)).select_related("user").first()
    return grant.user if grant else get_user_model().objects.filter(pk=int(raw)).first()


def _fields(post) -> dict:
    return {
        "starts_at": post.get("starts_at", "")[:40],
        "ends_at": post.get("ends_at", "")[:40],
        "capacity": post.get("capacity", "")[:20],
        "place": post.get("place", "")[:400],
        "link": post.get("link", "")[:400],
    }


def _form(request, *, courses, session=None, posted=None, error="", status=200) -> HttpResponse:
    if posted is None:
        posted = {"course": request.GET.get("course", "")}
        if session is not None:
            posted = {
                "course": session.course.code,
                "starts_at": _local(session.starts_at, "%Y-%m-%dT%H:%M"),
                "ends_at": _local(session.ends_at, "%Y-%m-%dT%H:%M"),
                "capacity": session.capacity or "",
                "place": session.place,
                "link": session.link,
                "trainer": session.trainer_id or "",
            }
    trainers = CourseTrainer.objects.filter(course__in=courses).select_related("user", "course")
    context = {
        "session": session,
        "courses": courses,
        "trainers": trainers,
        "posted": posted,
        "error": error,
        "min": _local(timezone.now(), "%Y-%m-%dT%H:%M"),
    }
    return render(request, "web/learning/session_form.html", context, status=status)


@form_page
def session_new(request: HttpRequest) -> HttpResponse:
    courses = _schedulable_courses(request.user)
    require(bool(courses))
    if request.method != "POST":
        return _form(request, courses=courses)
    post = request.POST
    course = next((c for c in courses if c.code == post.get("course", "")), None)
    if course is None:
        return _form(request, courses=courses, posted=post, error=str(UNKNOWN_COURSE), status=400)
    try:
        session = sessions.session_schedule(
            actor=_actor(request),
            course=course,
            trainer=_trainer(course, post.get("trainer", "")),
            **_fields(post),
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, courses=courses, posted=post, error=str(exc), status=400)
    messages.success(request, SCHEDULED)
    return redirect("learning_session", pk=session.pk)


@form_page
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    require(can_schedule_sessions(request.user, session.course))
    courses = [session.course]
    if request.method != "POST":
        return _form(request, courses=courses, session=session)
    post = request.POST
    try:
        sessions.session_edit(
            actor=_actor(request),
            session=session,
            trainer=_trainer(session.course, post.get("trainer", "")),
            **_fields(post),
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, courses=courses, session=session, posted=post, error=str(exc), status=400)
    messages.success(request, SAVED)
    return redirect("learning_session", pk=session.pk)


def _row(user, enrolment: Enrolment) -> dict:
    allowed = states.allowed_actions(enrolment.state, enrolment.course.mode)
    me = user_employee(user)
    may_mark = (me is None or me.pk != enrolment.employee_id) and can_mark_enrolment(user, enrolment)
    return {
        "e": enrolment,
        "attend": may_mark and states.ATTEND in allowed,
        "complete": may_mark and states.COMPLETE in allowed,
        "fail": may_mark and states.FAIL in allowed,
    }


def _session_page(request, session, *, error="", status=200) -> HttpResponse:
    user = request.user
    now = timezone.now()
    roster = selectors.session_roster(user, session)
    me = user_employee(user)
    mine = None
    if me is not None:
        mine = Enrolment.objects.filter(employee=me, course=session.course, state__in=states.OPEN).first()
    before_start = session.status == session.Status.SCHEDULED and session.starts_at > now
    context = {
        "s": session,
        "starts": _local(session.starts_at),
        "ends": _local(session.ends_at),
        "rows": [_row(user, e) for e in roster],
        "started": session.starts_at <= now,
        "mine": mine,
        "can_book": mine is not None
        and before_start
        and mine.session_id != session.pk
        and states.BOOK in states.allowed_actions(mine.state, session.course.mode),
        "can_leave": mine is not None and before_start and mine.session_id == session.pk,
        "can_manage": before_start and can_schedule_sessions(user, session.course),
        "error": error,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "web/learning/session.html", context, status=status)


def _enrolment_in(request, session) -> Enrolment:
    raw = request.POST.get("enrolment", "")
    if not raw.isdigit():
        raise NotFoundOrForbidden()
    enrolment = selectors.enrolment_get(request.user, int(raw))
    if enrolment.session_id != session.pk:
        raise NotFoundOrForbidden()
    return enrolment


def _mark(request, enrolment: Enrolment, action: str) -> None:
    actor = _actor(request)
    post = request.POST
    if action == "attend":
        marking.enrolment_attend(actor=actor, enrolment=enrolment)
        messages.success(request, ATTENDED)
    elif action == "complete":
        marking.enrolment_complete(
            actor=actor,
            enrolment=enrolment,
            completed_on=post.get("completed_on", "")[:20],
            score=post.get("score", "")[:20],
            evidence=post.get("evidence", "")[:1000],
        )
        messages.success(request, COMPLETED)
    elif action == "fail":
        marking.enrolment_fail(
            actor=actor,
            enrolment=enrolment,
            score=post.get("score", "")[:20],
            note=post.get("note", "")[:1000],
        )
        messages.success(request, FAILED)
    else:
        raise ValueError(action)


@form_page
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    if request.method != "POST":
        return _session_page(request, session)
    action = request.POST.get("action", "")
    actor = _actor(request)
    try:
        if action == "cancel":
            sessions.session_cancel(actor=actor, session=session)
            messages.success(request, SESSION_CANCELLED)
        elif action in ("book", "leave"):
            me = user_employee(request.user)
            mine = Enrolment.objects.filter(employee=me, course=session.course, state__in=states.OPEN).first()
            if mine is None:
                raise PermissionDeniedError()
            if action == "book":
                mine = sessions.enrolment_book(actor=actor, enrolment=mine, session=session)
                messages.success(request, WAITLISTED if mine.state == states.WAITLISTED else BOOKED)
            else:
                sessions.enrolment_leave(actor=actor, enrolment=mine)
                messages.success(request, LEFT)
        elif action in ("attend", "complete", "fail"):
            _mark(request, _enrolment_in(request, session), action)
        else:
            return _session_page(request, session, error=str(UNKNOWN_ACTION), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _session_page(request, selectors.session_get(request.user, pk), error=str(exc), status=400)
    return redirect("learning_session", pk=session.pk)


def _enrolment_page(request, enrolment: Enrolment, *, error="", status=200) -> HttpResponse:
    user = request.user
    me = user_employee(user)
    own = me is not None and me.pk == enrolment.employee_id
    allowed = states.allowed_actions(enrolment.state, enrolment.course.mode)
    row = _row(user, enrolment)
    may_book = (
        own or can_enrol_others(user, enrolment.employee) or can_schedule_sessions(user, enrolment.course)
    )
    context = {
        "e": enrolment,
        "events": selectors.labelled(list(enrolment.events.select_related("by"))),
        "completion": getattr(enrolment, "completion", None),
        "row": row,
        "sessions": selectors.open_sessions(enrolment.course) if may_book and states.BOOK in allowed else [],
        "can_leave": may_book and states.LEAVE in allowed,
        "can_start": own and states.START in allowed,
        "can_progress": own and states.PROGRESS in allowed,
        "can_cancel": states.CANCEL in allowed and can_enrol_others(user, enrolment.employee),
        "error": error,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "web/learning/enrolment.html", context, status=status)


@form_page
def enrolment_page(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(request.user, pk)
    if request.method != "POST":
        return _enrolment_page(request, enrolment)
    action = request.POST.get("action", "")
    actor = _actor(request)
    post = request.POST
    try:
        if action == "book":
            raw = post.get("session", "")
            if not raw.isdigit():
                raise NotFoundOrForbidden()
            session = selectors.session_get(request.user, int(raw))
            enrolment = sessions.enrolment_book(actor=actor, enrolment=enrolment, session=session)
            messages.success(request, WAITLISTED if enrolment.state == states.WAITLISTED else BOOKED)
        elif action == "leave":
            sessions.enrolment_leave(actor=actor, enrolment=enrolment)
            messages.success(request, LEFT)
        elif action == "start":
            marking.online_start(actor=actor, enrolment=enrolment)
            messages.success(request, STARTED)
        elif action == "progress":
            result = marking.online_progress(
                actor=actor, enrolment=enrolment, progress=post.get("progress", "")[:10]
            )
            messages.success(request, PROGRESSED if isinstance(result, Enrolment) else COMPLETED)
        elif action == "cancel":
            sessions.enrolment_cancel(actor=actor, enrolment=enrolment, note=post.get("note", "")[:1000])
            messages.success(request, ENROLMENT_CANCELLED)
        elif action in ("attend", "complete", "fail"):
            _mark(request, enrolment, action)
        else:
            return _enrolment_page(request, enrolment, error=str(UNKNOWN_ACTION), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _enrolment_page(request, selectors.enrolment_get(request.user, pk), error=str(exc), status=400)
    return redirect("learning_enrolment", pk=enrolment.pk)


def _enrollable(user, employee) -> list[Course]:
    courses = list(Course.objects.filter(active=True).order_by("code"))
    if can_enrol_others(user, employee):
        return courses
    return [c for c in courses if can_self_enrol(user, c)]


def _enrol_form(request, employee, courses, *, posted=None, error="", status=200) -> HttpResponse:
    context = {
        "e": employee,
        "courses": courses,
        "posted": posted or {"course": request.GET.get("course", "")},
        "error": error,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "web/learning/enrol_form.html", context, status=status)


@form_page
def enrol_person(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    me = user_employee(request.user)
    own = me is not None and me.pk == employee.pk
    courses = _enrollable(request.user, employee)
    require(can_enrol_others(request.user, employee) or (own and bool(courses)))
    if request.method != "POST":
        return _enrol_form(request, employee, courses)
    post = request.POST
    course = next((c for c in courses if c.code == post.get("course", "")), None)
    if course is None:
        return _enrol_form(request, employee, courses, posted=post, error=str(UNKNOWN_COURSE), status=400)
    try:
        enrolment, created = sessions.enrol_person(
            actor=_actor(request),
            employee=employee,
            course=course,
            due_on=post.get("due_on", "")[:20],
            note=post.get("note", "")[:1000],
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _enrol_form(request, employee, courses, posted=post, error=str(exc), status=400)
    text = ENROLLED if created else ALREADY
    messages.success(request, text % {"person": employee.name, "course": course.name})
    return redirect("learning_enrolment", pk=enrolment.pk)
