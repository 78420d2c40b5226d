"""Mentoring pages (issue 14, item 6): pairing a mentor (from the person's development page, for their lead
or HR), a mentorship's page with its sessions and the end form, the mentor's session log form, and the
mentor's list of mentees. Thin: scoping and rules live in development.selectors/services.mentoring."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import access_employee, employees_visible_to, user_employee, user_roles
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.development.errors import DATE_REQUIRED, MENTOR_UNKNOWN, MentoringInvalid
from serviceladder.development.selectors import mentoring as selectors
from serviceladder.development.selectors.record import plan_for
from serviceladder.development.services import mentoring as services
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

PAIRED = _("%(mentor)s now mentors %(mentee)s.")
ENDED = _("The mentorship has ended.")
LOGGED = _("Session of %(date)s logged.")


def parse_date(raw: str, field, *, required: bool = True) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw and not required:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise MentoringInvalid(DATE_REQUIRED, field=field) from None


def _weeks(raw: str) -> int | str:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else raw


@form_page
def mentorship_new(request: HttpRequest, number: str) -> HttpResponse:
    """Pair a mentor with this person (their lead, the head for a team without a lead, HR)."""
    mentee = access_employee(request.user, number)
    require(selectors.may_pair(request.user, mentee))
    post = request.POST if request.method == "POST" else None
    error = ""
    if post is not None:
        try:
            # Chosen among the people the user sees (HR: everyone); any other number is unknown to them.
            mentor = employees_visible_to(request.user).filter(number=post.get("mentor", "").strip()).first()
            if mentor is None:
                raise MentoringInvalid(MENTOR_UNKNOWN, number=post.get("mentor", "")[:40])
            m = services.mentorship_start(
                actor=Actor(user=request.user, channel="web"),
                mentor=mentor,
                mentee=mentee,
                focus=post.get("focus", "")[:300],
                starts_on=parse_date(post.get("starts_on", ""), _("Starts on")),
                ends_on=parse_date(post.get("ends_on", ""), _("Ends on"), required=False),
                every_weeks=_weeks(post.get("every_weeks", "")),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, PAIRED % {"mentor": m.mentor.name, "mentee": mentee.name})
            return redirect("mentorship", pk=m.pk)
    context = {
        "e": mentee,
        "choices": selectors.mentor_choices(request.user, mentee),
        "error": error,
        "values": post or {"starts_on": today().isoformat(), "every_weeks": "4"},
    }
    return render(request, "web/development/mentorship_new.html", context, status=400 if error else 200)


@form_page
def mentorship(request: HttpRequest, pk: int) -> HttpResponse:
    """A mentorship: who, what for, since when, the cadence and the sessions (for those who may read them);
    its end (for whoever paired it)."""
    m = selectors.access_mentorship(request.user, pk)
    error = ""
    if request.method == "POST":
        require(selectors.may_pair(request.user, m.mentee))
        try:
            services.mentorship_end(
                actor=Actor(user=request.user, channel="web"),
                mentorship=m,
                reason=request.POST.get("reason", "")[:2000],
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, ENDED)
            return redirect("person_development", number=m.mentee.number)
    on = today()
    running = selectors.is_running(m, on)
    sessions = selectors.sessions_of(request.user, m)
    me = user_employee(request.user)
    is_mentor = me is not None and me.pk == m.mentor_id
    last = m.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    context = {
        "m": m,
        "running": running,
        "sessions": sessions,
        "session_count": m.sessions.count(),
        "next_due": selectors.next_session_due(m.starts_on, m.every_weeks, last) if running else None,
        "today": on,
        "is_mentor": is_mentor,
        "can_log": is_mentor and m.ended_at is None and running,
        "can_end": m.ended_at is None and selectors.may_pair(request.user, m.mentee),
        "plan": plan_for(request.user, m.mentee) if is_mentor else None,
        "error": error,
    }
    return render(request, "web/development/mentorship.html", context, status=400 if error else 200)


@form_page
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor logs a session: the date it was held, what was talked about, the next steps."""
    m = selectors.access_mentorship(request.user, pk)
    me = user_employee(request.user)
    require(me is not None and me.pk == m.mentor_id)
    post = request.POST if request.method == "POST" else None
    error = ""
    if post is not None:
        try:
            session = services.mentoring_session_log(
                actor=Actor(user=request.user, channel="web"),
                mentorship=m,
                held_on=parse_date(post.get("held_on", ""), _("Held on")),
                notes=post.get("notes", "")[:4000],
                next_steps=post.get("next_steps", "")[:4000],
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, LOGGED % {"date": session.held_on.isoformat()})
            return redirect("mentorship", pk=m.pk)
    context = {
        "m": m,
        "error": error,
        "values": post or {"held_on": today().isoformat()},
        "last": m.sessions.select_related("logged_by").first(),
    }
    return render(request, "web/development/session_new.html", context, status=400 if error else 200)


@read_only
def my_mentees(request: HttpRequest) -> HttpResponse:
    """The people the user mentors now, the next session due first."""
    require(bool(user_roles(request.user)) and user_employee(request.user) is not None)
    return render(
        request,
        "web/development/mentees.html",
        {"rows": selectors.mentees_of(request.user), "today": today()},
    )
