"""The mentoring section of a person's development page: their mentors (for the mentor: their own
mentorship only), the sessions' count and the next one due, and "pair a mentor" for their lead or HR."""

from __future__ import annotations

from serviceladder.accounts.scoping import user_employee
from serviceladder.development.selectors.mentoring import may_pair, mentees_of, mentorships_of
from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    rows = mentorships_of(request.user, employee)
    can_pair = may_pair(request.user, employee)
    if rows is None and not can_pair:
        return None
    me = user_employee(request.user)
    # On their own page, a mentor finds the people they mentor.
    mentees = mentees_of(request.user) if me is not None and me.pk == employee.pk else []
    return Part(
        "web/development/_mentoring.html",
        {"e": employee, "rows": rows or [], "can_pair": can_pair, "mentees": mentees},
    )
