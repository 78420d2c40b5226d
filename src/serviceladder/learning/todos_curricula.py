"""Curriculum work for the to-do registry (registered in apps.py): a lead (a head for a team without a lead,
and for the leads themselves) sees each overdue curriculum item of their people; it goes away once the item
is completed, cancelled, or its person has left."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import curriculum_followers_scope
from serviceladder.core.translatable import Message, names_of
from serviceladder.todos.registry import TodoItem

OVERDUE = "learning.curriculum_overdue"
KINDS = {OVERDUE: _("Overdue curriculum course")}
TITLE = _("{name}: {course} is overdue")


def curriculum_todos(user) -> list[TodoItem]:
    scope = curriculum_followers_scope(user)
    if scope is None:
        return []
    from serviceladder.learning.selectors.curricula import overdue_items
    from serviceladder.org.models import Employee

    return [
        TodoItem(
            kind=OVERDUE,
            title=Message(TITLE, name=e.employee.name, course=names_of(e.course)),
            url=reverse("person_learning", kwargs={"number": e.employee.number}) + "#curricula",
            due=e.due_on,
            key=f"enrolment:{e.pk}",
        )
        for e in overdue_items(Employee.objects.filter(scope), timezone.localdate())
    ]
