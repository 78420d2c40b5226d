"""The improvement section of a person's recognition page, and the improvement block of the landing: the
proposals and plans the reader must act on (the same items as their to-do list)."""

from __future__ import annotations

from serviceladder.recognition.selectors.improvement import plans_of
from serviceladder.web.views.recognition_parts import Part


def part(request, employee) -> Part | None:
    plans = plans_of(request.user, employee)
    if not plans:
        return None
    return Part("web/recognition/_improvement.html", {"e": employee, "plans": plans})


def landing(request) -> Part | None:
    """This topic's block on the Recognition landing, or None for a reader it offers nothing."""
    from serviceladder.recognition.todos_improvement import improvement_todos

    items = [{"title": str(i.title), "url": i.url, "due": i.due} for i in improvement_todos(request.user)]
    if not items:
        return None
    return Part("web/recognition/_improvement_landing.html", {"items": items})
