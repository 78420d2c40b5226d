"""The Learning area's section on exams taken in the product: a person's exams open to take with the attempts
used and their results; for HR the exams and question banks, and for markers the attempts awaiting marking."""

from __future__ import annotations

from serviceladder.accounts.scoping import (
    can_manage_catalogue,
    can_see_learning,
    trainer_course_ids,
    user_employee,
)
from serviceladder.learning.selectors import exams as selectors
from serviceladder.learning.services.attempts import attempts_close_overdue
from serviceladder.web.views.learning_parts import Part


def _open_rows(user, me) -> list[dict]:
    exams = list(selectors.exams_open_to(user))
    used = selectors.used_by_exam(me, exams)
    return [
        {
            "exam": e,
            "used": used.get(e.pk, 0),
            "left": None if e.attempts_allowed is None else max(0, e.attempts_allowed - used.get(e.pk, 0)),
        }
        for e in exams
    ]


def part(request, employee) -> Part | None:
    """This topic's section on a person's learning page, or None for a reader it offers nothing."""
    user = request.user
    if not can_see_learning(user, employee):
        return None
    me = user_employee(user)
    own = me is not None and me.pk == employee.pk
    # An attempt left open past its deadline is submitted on the next request that shows it.
    attempts_close_overdue(employee=employee)
    attempts = list(selectors.attempts_of(user, employee)[:50])
    rows = _open_rows(user, employee) if own else []
    if not attempts and not rows:
        return None
    return Part("web/learning/_exams_part.html", {"attempts": attempts, "open": rows, "own": own})


def landing(request) -> Part | None:
    """This topic's block on the Learning landing, or None for a reader it offers nothing."""
    user = request.user
    me = user_employee(user)
    rows = _open_rows(user, me) if me is not None else []
    manage = can_manage_catalogue(user)
    to_mark = list(selectors.attempts_to_mark(user)[:50]) if manage or trainer_course_ids(user) else []
    if not rows and not manage and not to_mark and not trainer_course_ids(user):
        return None
    if me is not None:
        attempts_close_overdue(employee=me)
    mine = list(selectors.attempts_of(user, me)[:10]) if me is not None else []
    context = {
        "open": rows,
        "manage": manage,
        "write": selectors.can_write_questions(user),
        "to_mark": to_mark,
        "mine": mine,
    }
    return Part("web/learning/_exams_landing.html", context)
