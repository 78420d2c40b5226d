"""The Learning area's section on curricula by stage (new hires, entering a level): on a person's page, their
progress through each curriculum they were enrolled in (done / due / overdue per course); on the landing,
HR's curricula and a lead's (or head's) new hires' progress."""

from __future__ import annotations

from django.utils import timezone

from serviceladder.accounts.scoping import can_manage_catalogue, can_see_learning, curriculum_followers_scope
from serviceladder.learning.selectors import curricula as selectors
from serviceladder.org.models import Employee
from serviceladder.web.views.learning_parts import Part

NEW_HIRES_SHOWN = 30


def part(request, employee) -> Part | None:
    """This topic's section on a person's learning page, or None for a reader it offers nothing."""
    if not can_see_learning(request.user, employee):
        return None
    progress = selectors.person_progress(employee, timezone.localdate())
    if not progress:
        return None
    return Part("web/learning/_curricula_part.html", {"progress": progress, "e": employee})


def landing(request) -> Part | None:
    """This topic's block on the Learning landing, or None for a reader it offers nothing."""
    manage = can_manage_catalogue(request.user)
    scope = curriculum_followers_scope(request.user)
    if not manage and scope is None:
        return None
    context = {"manage": manage, "new_hires": [], "more": 0}
    if manage:
        context["curricula"] = list(selectors.curricula_list().filter(active=True))
    if scope is not None:
        rows = selectors.new_hires_progress(Employee.objects.filter(scope), timezone.localdate())
        context["new_hires"] = rows[:NEW_HIRES_SHOWN]
        context["more"] = max(0, len(rows) - NEW_HIRES_SHOWN)
    if not manage and not context["new_hires"]:
        return None
    return Part("web/learning/_curricula_landing.html", context)
