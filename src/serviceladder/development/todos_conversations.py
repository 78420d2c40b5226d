"""Overdue career conversations, direction reviews and missing plans, for the to-do registry (registered
in apps.py): on the lead's home page for their team, on the head's for their department (teams without a
lead included). Cheap for everyone else: the roles are checked first; for a lead or head it costs the
policy query and one annotated query of their people. An item disappears when the conversation is
recorded or a plan is started."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.cadence import CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN
from serviceladder.development.selectors.conversations import overdue_for_people
from serviceladder.development.services.reminders import item_url
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem

CONVERSATION_OVERDUE = "development.conversation_overdue"
DIRECTION_REVIEW_OVERDUE = "development.direction_review_overdue"
PLAN_OVERDUE = "development.plan_overdue"
KINDS = {
    CONVERSATION_OVERDUE: _("Overdue career conversation"),
    DIRECTION_REVIEW_OVERDUE: _("Overdue direction review"),
    PLAN_OVERDUE: _("Development plan missing"),
}
KIND_OF = {
    CONVERSATION: CONVERSATION_OVERDUE,
    DIRECTION_REVIEW: DIRECTION_REVIEW_OVERDUE,
    FIRST_PLAN: PLAN_OVERDUE,
}
TITLES = {
    CONVERSATION: _("Hold a career conversation with {name}"),
    DIRECTION_REVIEW: _("Hold the direction review with {name}"),
    FIRST_PLAN: _("Start a development plan with {name}"),
}
DETAIL = _("Overdue since {date}.")


def conversation_todos(user) -> list[TodoItem]:
    roles = user_roles(user)
    if not roles & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return []
    me = user_employee(user)
    if me is None:
        return []
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me)
    people = Employee.objects.filter(scope).exclude(pk=me.pk)
    return [
        TodoItem(
            kind=KIND_OF[due.kind],
            title=Message(TITLES[due.kind], name=person.name),
            detail=Message(DETAIL, date=due.due.isoformat()),
            url=item_url(person, due),
            due=due.due,
            key=f"employee:{person.number}",
        )
        for person, due in overdue_for_people(people, today())
    ]
