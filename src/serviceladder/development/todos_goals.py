"""Goals measured by check-ins that passed their due date unjudged, for the to-do registry (registered in
apps.py): the person's lead judges them (achieved, missed, unknown). Owed by the team lead; by the department
head for a team with no lead (development.todos.owed_scope). Metric goals judge themselves."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import employees_with_development_visible_to, user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.models import Goal, GoalJudgement, PlanVersion
from serviceladder.development.todos import owed_scope
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem

GOAL_TO_JUDGE = "development.goal_to_judge"
KINDS = {GOAL_TO_JUDGE: _("Goal to judge")}
TITLE = _("Judge {name}'s goal: {goal}")
DETAIL = _("The goal was due on {date}; say whether it was achieved.")


def goal_todos(user) -> list[TodoItem]:
    """One item per manual goal of an agreed plan, due and unjudged, of a person `user` leads."""
    if not user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return []
    scope = owed_scope(user)
    if scope is None:
        return []
    people = employees_with_development_visible_to(user).filter(scope)
    goals = (
        Goal.objects.filter(
            measure=Goal.Measure.MANUAL,
            version__state=PlanVersion.State.AGREED,
            version__plan__employee__in=people,
            due_date__lte=today(),
        )
        .exclude(version__plan__status="closed")
        .exclude(lineage__in=GoalJudgement.objects.values("lineage"))
        .select_related("version__plan__employee")
        .order_by("due_date", "pk")
    )
    items = []
    for goal in goals:
        person = goal.version.plan.employee
        items.append(
            TodoItem(
                kind=GOAL_TO_JUDGE,
                title=Message(TITLE, name=person.name, goal=goal.statement[:80]),
                detail=Message(DETAIL, date=goal.due_date.isoformat()),
                url=reverse("goal_detail", args=[person.number, goal.lineage]) + "#judge",
                since=goal.due_date,
                key=f"goal:{goal.lineage}",
            )
        )
    return items
