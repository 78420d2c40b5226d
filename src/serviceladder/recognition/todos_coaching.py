"""Coaching work for the to-do registry (registered in apps.py): the coach's open tasks and follow-ups due
(the person's team lead; the department head for a leadless team and for the lead; HR is not owed them),
and the person's recorded sessions to acknowledge. Each item goes away when the work is done: a session
recorded or the task dismissed, the session acknowledged, the follow-up recorded."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.todos import owed_scope
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.recognition.models import CoachingTask
from serviceladder.todos.registry import TodoItem

OPEN_TASK = "recognition.coaching_open"
TO_ACKNOWLEDGE = "recognition.coaching_to_acknowledge"
FOLLOW_UP_DUE = "recognition.coaching_follow_up_due"
KINDS = {
    OPEN_TASK: _("Coaching task"),
    TO_ACKNOWLEDGE: _("Coaching session to acknowledge"),
    FOLLOW_UP_DUE: _("Coaching follow-up due"),
}
OPEN_TITLE = _("Coach {name}: {metric} ({month})")
TO_ACKNOWLEDGE_TITLE = _("Acknowledge the coaching session of {date}")
FOLLOW_UP_TITLE = _("Follow up the coaching of {name}")
FOLLOW_UP_DETAIL = _("Agreed on {date}: {agreed}")


def _url(task: CoachingTask) -> str:
    return reverse("coaching_task", args=[task.pk])


def coaching_todos(user) -> list[TodoItem]:
    from serviceladder.web.labels import metric_label

    items: list[TodoItem] = []
    me = user_employee(user)
    if me is not None:
        for task in CoachingTask.objects.filter(employee=me, state=CoachingTask.State.RECORDED).order_by(
            "pk"
        ):
            items.append(
                TodoItem(
                    kind=TO_ACKNOWLEDGE,
                    title=Message(TO_ACKNOWLEDGE_TITLE, date=task.session_on.isoformat()),
                    url=_url(task) + "#acknowledge",
                    since=task.session_on,
                    key=f"coaching:{task.pk}",
                )
            )
    if not user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return items
    scope = owed_scope(user)
    if scope is None:
        return items
    people = Employee.objects.filter(scope)
    tasks = CoachingTask.objects.filter(employee__in=people).select_related("employee")
    for task in tasks.filter(state=CoachingTask.State.OPEN).order_by("created_at", "pk"):
        items.append(
            TodoItem(
                kind=OPEN_TASK,
                title=Message(
                    OPEN_TITLE, name=task.employee.name, metric=metric_label(task.metric), month=task.month
                ),
                url=_url(task),
                since=task.created_at.date(),
                key=f"coaching:{task.pk}",
            )
        )
    due = tasks.filter(
        state__in=[CoachingTask.State.RECORDED, CoachingTask.State.ACKNOWLEDGED],
        followed_up_on__isnull=True,
        follow_up_on__lte=today(),
    ).order_by("follow_up_on", "pk")
    for task in due:
        items.append(
            TodoItem(
                kind=FOLLOW_UP_DUE,
                title=Message(FOLLOW_UP_TITLE, name=task.employee.name),
                detail=Message(FOLLOW_UP_DETAIL, date=task.session_on.isoformat(), agreed=task.agreed[:120]),
                url=_url(task) + "#follow-up",
                due=task.follow_up_on,
                key=f"coaching-follow-up:{task.pk}",
            )
        )
    return items
