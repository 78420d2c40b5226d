"""The goals section of a person's development page: each goal of the plan with its progress today
(development_goals.goals_context), right after the plan."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_see_plan
from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    if not can_see_plan(request.user, employee):
        return None
    from serviceladder.web.views.development_goals import goals_context

    return Part("web/development/_goals.html", goals_context(request, employee))
