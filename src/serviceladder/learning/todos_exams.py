"""Exam work for the to-do registry (registered in apps.py): HR and the trainers of an exam's course mark the
short answers of attempts awaiting marking; the item goes away once the attempt is marked."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_catalogue, trainer_course_ids
from serviceladder.core.translatable import Message
from serviceladder.todos.registry import TodoItem

MARK_ATTEMPT = "learning.exam_mark"
KINDS = {MARK_ATTEMPT: _("Mark an exam")}
TITLE = _("Mark the short answers of {person}: {exam}")


def exam_todos(user) -> list[TodoItem]:
    if not can_manage_catalogue(user) and not trainer_course_ids(user):
        return []
    from serviceladder.learning.selectors.exams import attempts_to_mark

    return [
        TodoItem(
            kind=MARK_ATTEMPT,
            title=Message(TITLE, person=attempt.employee.name, exam=attempt.exam.name),
            url=reverse("learning_attempt_mark", args=[attempt.pk]),
            since=timezone.localtime(attempt.submitted_at).date(),
            key=f"attempt:{attempt.pk}",
        )
        for attempt in attempts_to_mark(user)
    ]
