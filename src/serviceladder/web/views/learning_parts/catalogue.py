"""The Learning area's section on the course catalogue: everyone sees the courses open for self-enrolment
(with an Enrol button where they may) and a link to the whole catalogue; HR gets its management links."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_manage_catalogue, can_self_enrol, user_roles
from serviceladder.learning.selectors import catalogue as selectors
from serviceladder.web.views.learning_parts import Part

LANDING_ROWS = 8


def part(request, employee) -> Part | None:
    """A person's learning page shows their enrolments (the enrolments section); nothing from here."""
    return None


def landing(request) -> Part | None:
    """The catalogue block on the Learning landing: open courses to enrol in, the catalogue, HR's links."""
    user = request.user
    if not user_roles(user):
        return None
    mine = selectors.my_open_enrolments(user)
    open_courses = selectors.catalogue_courses(user, selectors.CatalogueFilters(self_enrol=True))
    rows = [
        {"c": c, "enrolment": mine.get(c.pk), "can_enrol": can_self_enrol(user, c) and c.pk not in mine}
        for c in open_courses[:LANDING_ROWS]
    ]
    context = {
        "rows": rows,
        "more": max(0, len(open_courses) - LANDING_ROWS),
        "total": len(selectors.catalogue_courses(user)),
        "hr": can_manage_catalogue(user),
    }
    return Part("web/learning/_catalogue_landing.html", context)
