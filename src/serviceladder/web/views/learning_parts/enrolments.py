"""The Learning area's section on a person's enrolments, completions and learning history, and the landing's
"my learning" and "to mark" blocks."""

from __future__ import annotations

from django.utils import timezone

from serviceladder.accounts.scoping import (
    can_enrol_others,
    can_manage_catalogue,
    can_see_learning,
    trainer_course_ids,
    user_employee,
)
from serviceladder.learning.engine import states
from serviceladder.learning.selectors import enrolments as selectors
from serviceladder.web.views.learning_parts import Part


def part(request, employee) -> Part | None:
    """This topic's section on a person's learning page, or None for a reader it offers nothing."""
    if not can_see_learning(request.user, employee):
        return None
    today = timezone.localdate()
    rows = selectors.person_enrolments(employee)
    context = {
        "e": employee,
        "open": [r for r in rows if r.state in states.OPEN],
        "closed": [r for r in rows if r.state not in states.OPEN],
        "completions": selectors.person_completions(employee),
        "overdue": {r.pk for r in selectors.overdue(rows, today)},
        "can_enrol": can_enrol_others(request.user, employee),
        "today": today,
    }
    return Part("web/learning/part_enrolments.html", context)


def landing(request) -> Part | None:
    """This topic's block on the Learning landing, or None for a reader it offers nothing."""
    user = request.user
    me = user_employee(user)
    mine = selectors.my_open_enrolments(user) if me is not None else []
    trains = bool(trainer_course_ids(user)) or can_manage_catalogue(user)
    to_mark = selectors.sessions_to_mark(user) if trains else []
    upcoming = selectors.upcoming_sessions(user) if trains else []
    if not mine and not trains:
        return None
    today = timezone.localdate()
    context = {
        "mine": mine,
        "overdue": {r.pk for r in selectors.overdue(mine, today)},
        "to_mark": to_mark,
        "upcoming": upcoming[:10],
        "trains": trains,
    }
    return Part("web/learning/landing_enrolments.html", context)
