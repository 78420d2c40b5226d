"""The wellbeing cases section of the Wellbeing area."""

from __future__ import annotations

from serviceladder.web.views.wellbeing_parts import Part


def part(request, employee) -> Part | None:
    """This topic's section on a person's wellbeing page, or None for a reader it offers nothing."""
    return None


def landing(request) -> Part | None:
    """This topic's block on the Wellbeing landing, or None for a reader it offers nothing."""
    return None
