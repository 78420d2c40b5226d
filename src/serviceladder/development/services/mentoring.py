"""Mentoring (issue 14, item 6): HR or the mentee's lead pairs a mentor with a mentee, ends the pairing; the
mentor logs the sessions. Every change is audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.scoping import can_lead_development, user_employee, user_roles
from serviceladder.audit.services import Actor, audit_record, text_fingerprint
from serviceladder.development.errors import (
    CADENCE_OUT_OF_RANGE,
    CANNOT_END_MENTORSHIP,
    CANNOT_LOG_SESSION,
    FOCUS_REQUIRED,
    MENTEE_NOT_EMPLOYED,
    MENTOR_IS_MENTEE,
    MENTOR_NOT_EMPLOYED,
    MENTORSHIP_ALREADY_ENDED,
    MENTORSHIP_ENDS_BEFORE_START,
    MENTORSHIP_EXISTS,
    SESSION_EMPTY,
    SESSION_IN_FUTURE,
    SESSION_OUTSIDE_MENTORSHIP,
    MentoringInvalid,
    MentoringNotAllowed,
)
from serviceladder.development.models import MentoringSession, Mentorship
from serviceladder.org.models import Employee

MAX_EVERY_WEEKS = 26


def employed_on(employee: Employee, day: dt.date) -> bool:
    """Hired by `day` and not left before it."""
    return employee.hire_date <= day and (employee.leave_date is None or employee.leave_date >= day)


def current_mentorships():
    """Mentorships running today: not ended by hand and not past their end date."""
    from django.db.models import Q

    return Mentorship.objects.filter(ended_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
    )


@transaction.atomic
def mentorship_start(
    *,
    actor: Actor,
    mentor: Employee,
    mentee: Employee,
    focus: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    every_weeks: int = 4,
) -> Mentorship:
    """Pair `mentor` with `mentee`. Allowed for whoever leads the mentee's development (their team lead, the
    head for a team without a lead, HR; never the mentee). The mentor is someone else, employed on the start
    day; the end, when given, is on or after the start; one running mentorship per pair."""
    if not can_lead_development(actor.user, mentee):
        raise MentoringNotAllowed()
    focus = (focus or "").strip()
    if mentor.pk == mentee.pk:
        raise MentoringInvalid(MENTOR_IS_MENTEE)
    if not focus:
        raise MentoringInvalid(FOCUS_REQUIRED)
    if (
        isinstance(every_weeks, bool)
        or not isinstance(every_weeks, int)
        or not 1 <= every_weeks <= MAX_EVERY_WEEKS
    ):
        raise MentoringInvalid(CADENCE_OUT_OF_RANGE, value=every_weeks)
    if ends_on is not None and ends_on < starts_on:
        raise MentoringInvalid(
            MENTORSHIP_ENDS_BEFORE_START, ends=ends_on.isoformat(), starts=starts_on.isoformat()
        )
    if not employed_on(mentor, starts_on):
        raise MentoringInvalid(MENTOR_NOT_EMPLOYED, name=mentor.name, date=starts_on.isoformat())
    if not employed_on(mentee, starts_on):
        raise MentoringInvalid(MENTEE_NOT_EMPLOYED, name=mentee.name, date=starts_on.isoformat())
    # Lock the mentee's row so two pairings of the same pair at once cannot both pass the check below.
    Employee.objects.select_for_update().filter(pk=mentee.pk).first()
    if current_mentorships().filter(mentor=mentor, mentee=mentee).exists():
        raise MentoringInvalid(MENTORSHIP_EXISTS, mentor=mentor.name, mentee=mentee.name)
    mentorship = Mentorship.objects.create(
        mentor=mentor,
        mentee=mentee,
        focus=focus[:300],
        starts_on=starts_on,
        ends_on=ends_on,
        every_weeks=every_weeks,
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="development.mentorship_start",
        employee=mentee,
        obj=mentorship,
        after={
            "mentor": mentor.number,
            "mentor_name": mentor.name,
            "focus": mentorship.focus,
            "starts_on": starts_on.isoformat(),
            "mentorship_ends_on": ends_on.isoformat() if ends_on else "",
            "every_weeks": every_weeks,
        },
    )
    return mentorship


@transaction.atomic
def mentorship_end(*, actor: Actor, mentorship: Mentorship, reason: str = "") -> Mentorship:
    """End a running mentorship today (HR or whoever leads the mentee's development). The mentor loses
    sight of the mentee's plan at once."""
    if not can_lead_development(actor.user, mentorship.mentee):
        raise MentoringNotAllowed(CANNOT_END_MENTORSHIP)
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.ended_at is not None:
        raise MentoringInvalid(MENTORSHIP_ALREADY_ENDED)
    today = timezone.localdate()
    before = {"mentorship_ends_on": locked.ends_on.isoformat() if locked.ends_on else ""}
    locked.ended_at = timezone.now()
    if locked.ends_on is None or locked.ends_on > today:
        locked.ends_on = max(today, locked.starts_on)
    locked.save(update_fields=["ended_at", "ends_on"])
    audit_record(
        actor=actor,
        action="development.mentorship_end",
        employee=locked.mentee,
        obj=locked,
        before=before,
        after={
            "mentor": locked.mentor.number,
            "mentor_name": locked.mentor.name,
            "mentorship_ends_on": locked.ends_on.isoformat(),
        },
        reason=(reason or "").strip()[:2000],
    )
    return locked


def is_mentor_of(user, mentorship: Mentorship) -> bool:
    me = user_employee(user)
    return me is not None and bool(user_roles(user)) and me.pk == mentorship.mentor_id


@transaction.atomic
def mentoring_session_log(
    *, actor: Actor, mentorship: Mentorship, held_on: dt.date, notes: str = "", next_steps: str = ""
) -> MentoringSession:
    """The mentor records a session held while the mentorship runs (not in the future)."""
    if not is_mentor_of(actor.user, mentorship):
        raise MentoringNotAllowed(CANNOT_LOG_SESSION)
    if mentorship.ended_at is not None:
        raise MentoringInvalid(MENTORSHIP_ALREADY_ENDED)
    notes, next_steps = (notes or "").strip(), (next_steps or "").strip()
    today = timezone.localdate()
    if held_on > today:
        raise MentoringInvalid(SESSION_IN_FUTURE, date=held_on.isoformat())
    last_day = mentorship.ends_on or today
    if held_on < mentorship.starts_on or held_on > last_day:
        raise MentoringInvalid(
            SESSION_OUTSIDE_MENTORSHIP, starts=mentorship.starts_on.isoformat(), ends=last_day.isoformat()
        )
    if not notes and not next_steps:
        raise MentoringInvalid(SESSION_EMPTY)
    session = MentoringSession.objects.create(
        mentorship=mentorship, held_on=held_on, notes=notes, next_steps=next_steps, logged_by=actor.user
    )
    audit_record(
        actor=actor,
        action="development.mentoring_session",
        employee=mentorship.mentee,
        obj=session,
        # The notes are between mentor and mentee: the log keeps their fingerprint, not the words.
        after={
            "held_on": held_on.isoformat(),
            "mentor_name": mentorship.mentor.name,
            "notes": text_fingerprint(notes),
            "next_steps": text_fingerprint(next_steps),
        },
    )
    return session
