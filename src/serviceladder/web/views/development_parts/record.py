"""The record section of a person's development page."""

from __future__ import annotations

from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    """None until this section is built (issue 14)."""
    return None
