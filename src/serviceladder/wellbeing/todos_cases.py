"""Wellbeing-case work for the to-do registry (registered in apps.py):

- a case to open: a person the reader owes (their lead; the head for a leadless team and for the lead) whose
  latest assessment says "act", with no open case and no case answering that assessment;
- the reader's actions not done yet, due within a week or overdue (the home page marks the overdue ones);
- a follow-up due: a case the reader opened whose actions are all done, with no follow-up since the last one
  was done.
Each item goes away when the work is done: the case opened, the action marked done, the follow-up recorded
(or the case closed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.todos import owed_scope
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem

CASE_NEEDED = "wellbeing.case_needed"
ACTION_DUE = "wellbeing.case_action_due"
FOLLOW_UP_DUE = "wellbeing.case_follow_up_due"
KINDS = {
    CASE_NEEDED: _("Wellbeing warning without a case"),
    ACTION_DUE: _("Wellbeing case action"),
    FOLLOW_UP_DUE: _("Wellbeing case follow-up"),
}
CASE_NEEDED_TITLE = _("{name} needs attention: open a wellbeing case")
CASE_NEEDED_DETAIL = _("Signals that fired in {month}: {signals}")
ACTION_TITLE = _("{action} for {name}")
FOLLOW_UP_TITLE = _("Follow up the wellbeing case of {name}")
FOLLOW_UP_DETAIL = _("Every action is done; record how the person is doing, then close the case.")
SOON_DAYS = 7
CASE_ROLES = {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR}


def case_todos(user) -> list[TodoItem]:
    from serviceladder.wellbeing.models import Case, CaseAction
    from serviceladder.wellbeing.models.cases import ActionKind
    from serviceladder.wellbeing.selectors.cases import people_needing_a_case

    if not user_roles(user) & CASE_ROLES:
        return []
    items: list[TodoItem] = []
    day = today()
    scope = owed_scope(user)
    if scope is not None:
        for assessment in people_needing_a_case(Employee.objects.filter(scope)):
            person = assessment.employee
            items.append(
                TodoItem(
                    kind=CASE_NEEDED,
                    title=Message(CASE_NEEDED_TITLE, name=person.name),
                    detail=Message(
                        CASE_NEEDED_DETAIL, month=assessment.month, signals=", ".join(assessment.fired) or "—"
                    ),
                    url=reverse("wellbeing_case_open", args=[person.number]),
                    since=assessment.computed_at.date(),
                    key=f"wellbeing-assessment:{assessment.pk}",
                )
            )
    actions = (
        CaseAction.objects.filter(
            owner=user,
            case__state=Case.State.OPEN,
            done_on__isnull=True,
            due_on__lte=day + dt.timedelta(days=SOON_DAYS),
        )
        .select_related("case__employee")
        .order_by("due_on", "pk")
    )
    for action in actions:
        items.append(
            TodoItem(
                kind=ACTION_DUE,
                title=Message(
                    ACTION_TITLE, action=ActionKind(action.kind).label, name=action.case.employee.name
                ),
                url=reverse("wellbeing_case", args=[action.case_id]) + f"#action-{action.pk}",
                due=action.due_on,
                key=f"wellbeing-action:{action.pk}",
            )
        )
    cases = (
        Case.objects.filter(opened_by=user, state=Case.State.OPEN, actions__isnull=False)
        .exclude(actions__done_on__isnull=True)
        .annotate(last_done=Max("actions__done_on"), last_follow_up=Max("follow_ups__held_on"))
        .filter(Q(last_follow_up__isnull=True) | Q(last_follow_up__lt=F("last_done")))
        .select_related("employee")
        .order_by("pk")
    )
    for case in cases:
        items.append(
            TodoItem(
                kind=FOLLOW_UP_DUE,
                title=Message(FOLLOW_UP_TITLE, name=case.employee.name),
                detail=FOLLOW_UP_DETAIL,
                url=reverse("wellbeing_case", args=[case.pk]) + "#follow-up",
                due=case.last_done,
                key=f"wellbeing-case:{case.pk}",
            )
        )
    return items
