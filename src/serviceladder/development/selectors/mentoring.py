"""Reads of mentoring (issue 14, item 6), scoped through accounts.scoping.

Who sees what:
- a mentorship (mentor, focus, dates, cadence, how many sessions and when the last was): the mentor while it
  runs, and whoever reads the mentee's development record (the mentee, their lead and head, HR);
- the sessions' notes and next steps: the mentor while it runs, the mentee and HR — not the lead or head,
  who see that sessions happen, not what was said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_lead_development,
    can_see_development,
    has_role,
    user_roles,
)
from serviceladder.accounts.scoping import user_employee as _employee_of
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.models import MentoringSession, Mentorship
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as org_today

DUE_SOON_DAYS = 7


def user_employee(user):
    """The user's employee record, for a user with a role (a user without one mentors nobody)."""
    return (
        _employee_of(user) if user_roles(user) else None
    )  # a session shows on the mentor's to-do list this many days before it is due


def next_session_due(starts_on: dt.date, every_weeks: int, last_held: dt.date | None) -> dt.date:
    """When the next session is due by the cadence: `every_weeks` after the last one, or after the start
    when none has been held yet."""
    return (last_held or starts_on) + dt.timedelta(weeks=every_weeks)


def session_waiting(due: dt.date, today: dt.date) -> bool:
    """Whether a session due on `due` belongs on the mentor's to-do list on `today`."""
    return due - dt.timedelta(days=DUE_SOON_DAYS) <= today


def is_running(mentorship: Mentorship, today: dt.date) -> bool:
    return mentorship.ended_at is None and (mentorship.ends_on is None or mentorship.ends_on >= today)


def running(today: dt.date) -> Q:
    return Q(ended_at__isnull=True) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


@dataclass(frozen=True)
class MentorshipRow:
    mentorship: Mentorship
    sessions: int
    last_held: dt.date | None
    next_due: dt.date | None  # None once it has ended
    running: bool
    sees_notes: bool
    is_mentor: bool

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due < org_today()


def _annotated(qs):
    return qs.select_related("mentor__team", "mentee__team", "created_by").annotate(
        session_count=Count("sessions"), last_held=Max("sessions__held_on")
    )


def _row(m: Mentorship, user, today: dt.date) -> MentorshipRow:
    me = user_employee(user)
    is_mentor = me is not None and me.pk == m.mentor_id
    live = is_running(m, today)
    return MentorshipRow(
        mentorship=m,
        sessions=m.session_count,
        last_held=m.last_held,
        next_due=next_session_due(m.starts_on, m.every_weeks, m.last_held) if live else None,
        running=live,
        sees_notes=may_read_sessions(user, m, today),
        is_mentor=is_mentor,
    )


def may_read_sessions(user, mentorship: Mentorship, today: dt.date | None = None) -> bool:
    """The sessions' notes: the mentor while the mentorship runs, the mentee, HR."""
    me = user_employee(user)
    if has_role(user, Role.HR):
        return True
    if me is None:
        return False
    if me.pk == mentorship.mentee_id:
        return True
    return me.pk == mentorship.mentor_id and is_running(mentorship, today or org_today())


def mentorships_of(user, employee: Employee) -> list[MentorshipRow] | None:
    """The person's mentorships as a mentee, newest first, as `user` may see them; None when none is
    visible to them at all (the section is left out)."""
    today = org_today()
    qs = Mentorship.objects.filter(mentee=employee)
    if not can_see_development(user, employee):
        me = user_employee(user)
        if me is None:
            return None
        qs = qs.filter(running(today), mentor=me)
        if not qs.exists():
            return None
    return [_row(m, user, today) for m in _annotated(qs)]


def mentees_of(user) -> list[MentorshipRow]:
    """The mentorships the user gives that run today, the next session due first."""
    me = user_employee(user)
    if me is None:
        return []
    today = org_today()
    rows = [_row(m, user, today) for m in _annotated(Mentorship.objects.filter(running(today), mentor=me))]
    return sorted(rows, key=lambda r: (r.next_due or dt.date.max, r.mentorship.mentee.name))


def access_mentorship(user, pk) -> Mentorship:
    """A mentorship whose page the user may open: its mentor while it runs, whoever reads the mentee's
    development record. NotFoundOrForbidden otherwise (missing and not yours look alike)."""
    try:
        m = Mentorship.objects.select_related("mentor__team", "mentee__team__department").get(pk=int(pk))
    except (Mentorship.DoesNotExist, TypeError, ValueError):
        raise NotFoundOrForbidden() from None
    me = user_employee(user)
    if me is not None and me.pk == m.mentor_id and is_running(m, org_today()):
        return m
    if can_see_development(user, m.mentee):
        return m
    raise NotFoundOrForbidden()


def sessions_of(user, mentorship: Mentorship) -> list[MentoringSession] | None:
    """The sessions with their notes, newest first; None for a reader who sees only that they happen."""
    if not may_read_sessions(user, mentorship):
        return None
    return list(mentorship.sessions.select_related("logged_by"))


def may_pair(user, employee: Employee) -> bool:
    """Who pairs a mentor with this person (and ends the pairing)."""
    return can_lead_development(user, employee)


def mentorships_for_api(user) -> list[Mentorship]:
    """Every mentorship the user may see through the API: HR all of them, anyone else those they mentor
    (running) and those of the people whose development record they read."""
    from serviceladder.accounts.scoping import employees_with_development_visible_to

    qs = _annotated(Mentorship.objects.all())
    if has_role(user, Role.HR):
        return list(qs.order_by("-starts_on", "-pk"))
    me = user_employee(user)
    scope = Q(mentee__in=employees_with_development_visible_to(user))
    if me is not None:
        scope |= Q(mentor=me) & running(org_today())
    return list(qs.filter(scope).order_by("-starts_on", "-pk"))


def mentor_choices(user, mentee: Employee) -> list[Employee]:
    """Who can be chosen as a mentor: the people the user may see in the directory (a lead: their team; a
    head: their department; HR: everyone) who are employed today, except the mentee."""
    from serviceladder.accounts.scoping import employees_visible_to

    today = org_today()
    return list(
        employees_visible_to(user)
        .filter(hire_date__lte=today)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
        .exclude(pk=mentee.pk)
        .select_related("team")
        .order_by("team__code", "name")
    )
