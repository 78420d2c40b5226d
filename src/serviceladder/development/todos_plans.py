"""Plan acceptances that wait for someone, for the to-do registry (registered in apps.py).

A draft the lead accepted waits for the person ("accept your plan"); a draft the person accepted waits for
their lead: the team lead, or the department head for a team with no lead (HR may accept too, but is not
owed it). Both disappear when the draft is agreed, changed (acceptances are withdrawn) or discarded.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.models import PlanVersion
from serviceladder.todos.registry import TodoItem

ACCEPT_OWN = "development.plan_accept_own"
ACCEPT_LEAD = "development.plan_accept_lead"
# The kind labels the list beside each title: not the title again.
KINDS = {ACCEPT_OWN: _("Development plan to accept"), ACCEPT_LEAD: _("Accept a development plan")}
OWN_TITLE = _("Accept your development plan")
OWN_DETAIL = _("Your lead accepted the draft; read it and accept it to put it in force.")
LEAD_TITLE = _("Accept {name}'s development plan")
LEAD_DETAIL = _("{name} accepted the draft; it is in force once you accept it too.")


def _url(number: str) -> str:
    return reverse("person_development", args=[number]) + "#plan"


def _since(moment):
    return timezone.localtime(moment).date() if moment else None


def plan_todos(user) -> list[TodoItem]:
    roles = user_roles(user)
    me = user_employee(user)
    if me is None or not roles:
        return []
    drafts = PlanVersion.objects.filter(state=PlanVersion.State.DRAFT).exclude(plan__status="closed")
    items = []
    for v in drafts.filter(plan__employee=me, lead_accepted_at__isnull=False, agent_accepted_at__isnull=True):
        items.append(
            TodoItem(
                kind=ACCEPT_OWN,
                title=OWN_TITLE,
                detail=OWN_DETAIL,
                url=_url(me.number),
                since=_since(v.lead_accepted_at),
                key=f"plan:{v.plan_id}:{v.number}",
            )
        )
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(plan__employee__team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(plan__employee__team__department__head=me, plan__employee__team__lead__isnull=True)
    if scope == Q(pk__in=[]):
        return items
    waiting = (
        drafts.filter(scope, agent_accepted_at__isnull=False, lead_accepted_at__isnull=True)
        .exclude(plan__employee=me)
        .select_related("plan__employee")
    )
    for v in waiting:
        person = v.plan.employee
        items.append(
            TodoItem(
                kind=ACCEPT_LEAD,
                title=Message(LEAD_TITLE, name=person.name),
                detail=Message(LEAD_DETAIL, name=person.name),
                url=_url(person.number),
                since=_since(v.agent_accepted_at),
                key=f"plan:{v.plan_id}:{v.number}",
            )
        )
    return items
