"""The plan section of a person's development page."""

from __future__ import annotations

from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    """None until this section is built (issue 14)."""
    from serviceladder.web.views.development_goals import goals_context  # goals: include _goals.html

    return Part("web/development/_goals.html", goals_context(request, employee))
