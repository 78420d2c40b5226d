"""The coaching section of a person's recognition page, and the coaching block of the landing (issue 15
item 4). Each asks accounts.scoping through the coaching selectors."""

from __future__ import annotations

from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.selectors import coaching as selectors
from serviceladder.web.views.recognition_parts import Part

LANDING_ROWS = 5  # the newest; "All coaching tasks" lists the rest


def part(request, employee) -> Part | None:
    """The person's coaching tasks with their evidence, for whoever reads their development record."""
    from serviceladder.web.views.recognition_coaching import task_row

    tasks = list(selectors.tasks_of(request.user, employee).order_by("-month", "-pk")[:50])
    if not tasks:
        return None
    return Part("web/recognition/_coaching_part.html", {"rows": [task_row(t) for t in tasks]})


def landing(request) -> Part | None:
    """For a coach: the open tasks and the sessions awaiting acknowledgment; for anybody: their own tasks
    still waiting (a session to acknowledge)."""
    from serviceladder.web.views.recognition_coaching import task_row

    user = request.user
    coach = selectors.coached_scope(user) is not None
    context: dict = {"coach": coach}
    if coach:
        tasks = selectors.tasks_to_coach(user)
        open_tasks = tasks.filter(state=CoachingTask.State.OPEN).order_by("-month", "employee__name")
        context["open_count"] = open_tasks.count()
        context["awaiting"] = tasks.filter(state=CoachingTask.State.RECORDED).count()
        context["open_rows"] = [task_row(t) for t in open_tasks[:LANDING_ROWS]]
    mine = selectors.own_tasks(user).exclude(state=CoachingTask.State.DISMISSED).order_by("-month", "-pk")[:5]
    context["mine"] = [task_row(t) for t in mine]
    if not coach and not context["mine"]:
        return None
    return Part("web/recognition/_coaching_landing.html", context)
