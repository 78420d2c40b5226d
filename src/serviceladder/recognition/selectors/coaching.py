"""Reads of coaching tasks (issue 15 item 4), already scoped through accounts.scoping."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import F, Q, QuerySet

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_see_coaching,
    employees_with_development_visible_to,
    user_employee,
    user_roles,
)
from serviceladder.metrics.selectors import monthly_figures
from serviceladder.org.models import Employee
from serviceladder.recognition.errors_coaching import CoachingTaskNotFound
from serviceladder.recognition.models import CoachingTask
from serviceladder.rules.goals import check_from_explanation
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.periods import date_month_index, month_index, month_label

AFTER_MONTHS = 6  # months shown after the trigger, at most


def coach_of(employee: Employee) -> Employee | None:
    """Who coaches the person (owns their coaching tasks): their team lead; the department head for a
    team without a lead and for the lead themselves (accounts.scoping.can_coach)."""
    team = employee.team
    if team is None:
        return None
    if team.lead_id is not None and team.lead_id != employee.pk:
        return team.lead
    head = team.department.head
    return head if head is not None and head.pk != employee.pk else None


def coached_scope(user) -> Q | None:
    """The people whose coaching tasks `user` owns (a Q over Employee): HR everybody, a lead their team,
    a head the leadless teams and the team leads of their department. None for nobody."""
    roles = user_roles(user)
    if Role.HR in roles:
        me = user_employee(user)
        return ~Q(pk=me.pk) if me is not None else Q()
    me = user_employee(user)
    if me is None:
        return None
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(team__department__head=me) & (Q(team__lead__isnull=True) | Q(team__lead=F("pk")))
    return None if scope == Q(pk__in=[]) else scope & ~Q(pk=me.pk)


def tasks_to_coach(user) -> QuerySet[CoachingTask]:
    """The coaching tasks `user` owns as the people's coach, newest month first."""
    scope = coached_scope(user)
    if scope is None:
        return CoachingTask.objects.none()
    people = Employee.objects.filter(scope)
    return CoachingTask.objects.filter(employee__in=people).select_related("employee__team")


def own_tasks(user) -> QuerySet[CoachingTask]:
    """The reader's own coaching tasks (as the person coached)."""
    me = user_employee(user)
    if me is None:
        return CoachingTask.objects.none()
    return CoachingTask.objects.filter(employee=me).select_related("employee__team")


def tasks_of(user, employee: Employee) -> QuerySet[CoachingTask]:
    """A person's coaching tasks, for a reader who may see them (else none)."""
    if not can_see_coaching(user, employee):
        return CoachingTask.objects.none()
    return CoachingTask.objects.filter(employee=employee)


def task_get(user, task_id) -> CoachingTask:
    """One task the reader may see; "not found" otherwise (the same to the caller)."""
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise CoachingTaskNotFound() from None
    task = (
        CoachingTask.objects.select_related("employee__team__lead", "employee__team__department__head")
        .filter(pk=pk, employee__in=employees_with_development_visible_to(user))
        .first()
    )
    if task is None:
        raise CoachingTaskNotFound()
    return task


def evidence_check(task: CoachingTask):
    """The kernel's CheckResult the task was created from (render with rules.explain)."""
    return check_from_explanation(task.evidence)


class SeriesMonth(NamedTuple):
    month: str
    value: float | None
    phase: str  # before | trigger | after


def task_series(task: CoachingTask, today: dt.date) -> list[SeriesMonth]:
    """The metric before and after: the months the rule looked at (the trigger month last) and the
    complete months since, at most AFTER_MONTHS, from the monthly figures."""
    before = list(task.evidence.get("months") or [task.month])
    last_complete = date_month_index(today) - 1
    trigger = month_index(task.month)
    after = [month_label(i) for i in range(trigger + 1, min(trigger + AFTER_MONTHS, last_complete) + 1)]
    months = before + after
    field = METRICS[task.metric].data_field
    rows = monthly_figures([task.employee_id], months=months, metrics=[task.metric]).get(task.employee_id, {})
    out = []
    for m in months:
        phase = "trigger" if m == task.month else ("before" if m in before else "after")
        out.append(SeriesMonth(m, (rows.get(m) or {}).get(field), phase))
    return out
