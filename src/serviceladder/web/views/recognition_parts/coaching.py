"""The coaching section of a person's recognition page."""

from __future__ import annotations

from serviceladder.web.views.recognition_parts import Part


def part(request, employee) -> Part | None:
    return None


def landing(request) -> Part | None:
    """This topic's block on the Recognition landing, or None for a reader it offers nothing."""
    return None
