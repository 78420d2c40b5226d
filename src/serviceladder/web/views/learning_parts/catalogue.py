"""The Learning area's section on the course catalogue and its sessions."""

from __future__ import annotations

from serviceladder.web.views.learning_parts import Part


def part(request, employee) -> Part | None:
    """This topic's section on a person's learning page, or None for a reader it offers nothing."""
    return None


def landing(request) -> Part | None:
    """This topic's block on the Learning landing, or None for a reader it offers nothing."""
    return None
