"""Overdue career conversations, direction reviews and missing plans, for the to-do registry (registered
in apps.py). The lead sees one item per person and overdue thing in their team. The head sees their
department: one item per person where they are the one to act (a team without a lead, and the team leads
themselves), and one item per team with a lead, counting its overdue items (the lead acts on those; a
department of hundreds would otherwise bury the head's home page). Cheap for everyone else: the roles are
checked first; for a lead or head it costs the policy query and one annotated query of their people. An
item disappears when the conversation is recorded or a plan is started."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message, names_of
from serviceladder.development.cadence import CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN
from serviceladder.development.selectors.conversations import overdue_for_people
from serviceladder.development.services.reminders import item_url
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem

CONVERSATION_OVERDUE = "development.conversation_overdue"
DIRECTION_REVIEW_OVERDUE = "development.direction_review_overdue"
PLAN_OVERDUE = "development.plan_overdue"
TEAM_OVERDUE = "development.team_overdue"
KINDS = {
    CONVERSATION_OVERDUE: _("Overdue career conversation"),
    DIRECTION_REVIEW_OVERDUE: _("Overdue direction review"),
    PLAN_OVERDUE: _("Development plan missing"),
    TEAM_OVERDUE: _("Overdue in a team"),
}
TEAM_TITLE = _("{team}: {count} overdue (conversations, reviews, plans)")
TEAM_DETAIL = _("Team lead: {lead}. Oldest overdue since {date}.")
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
    people = Employee.objects.filter(scope).exclude(pk=me.pk).select_related("team__lead")
    items: list[TodoItem] = []
    teams: dict[int, list] = {}
    for person, due in overdue_for_people(people, today()):
        team = person.team
        led_by_other = team.lead_id is not None and team.lead_id != person.pk and team.lead_id != me.pk
        if led_by_other and Role.DEPARTMENT_HEAD in roles:
            teams.setdefault(team.pk, [team, []])[1].append(due)
            continue
        items.append(
            TodoItem(
                kind=KIND_OF[due.kind],
                title=Message(TITLES[due.kind], name=person.name),
                url=item_url(person, due),
                due=due.due,
                key=f"employee:{person.number}",
            )
        )
    for team, dues in teams.values():
        oldest = min(d.due for d in dues)
        items.append(
            TodoItem(
                kind=TEAM_OVERDUE,
                title=Message(TEAM_TITLE, team=names_of(team), count=len(dues)),
                detail=Message(TEAM_DETAIL, lead=team.lead.name, date=oldest.isoformat()),
                url=f"{reverse('people')}?{urlencode({'team': team.code})}",
                due=oldest,
                key=f"team:{team.code}",
            )
        )
    return items
