"""Mentoring sessions a mentor owes, for the to-do registry (registered in apps.py).

A running mentorship asks for a session every `every_weeks` weeks after the last one (after the start before
the first). The item appears a week before that day and stays, overdue, until the mentor logs a session."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import user_employee
from serviceladder.core.translatable import Message
from serviceladder.development.selectors.mentoring import mentees_of, session_waiting
from serviceladder.org.selectors import today

MENTORING_SESSION = "development.mentoring_session"
KINDS = {MENTORING_SESSION: _("Mentoring session")}
TITLE = _("Meet {name}, your mentee")
DETAIL = _("Every {weeks} weeks · focus: {focus}")


def mentoring_todos(user) -> list:
    from serviceladder.todos.registry import TodoItem

    if user_employee(user) is None:
        return []
    on = today()
    items = []
    for row in mentees_of(user):
        m = row.mentorship
        if row.next_due is None or not session_waiting(row.next_due, on):
            continue
        items.append(
            TodoItem(
                kind=MENTORING_SESSION,
                title=Message(TITLE, name=m.mentee.name),
                detail=Message(DETAIL, weeks=m.every_weeks, focus=m.focus),
                url=reverse("mentoring_session_new", args=[m.pk]),
                due=row.next_due,
                key=f"mentorship:{m.pk}",
            )
        )
    return items
