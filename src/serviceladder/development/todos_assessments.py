"""Peer rating invitations waiting for an answer, for the to-do registry (registered in apps.py): the
invited colleague sees "rate a colleague" until they answer or the round closes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import user_employee, user_roles
from serviceladder.core.translatable import Message
from serviceladder.development.selectors.assessments import invitations_open_for
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem

PEER_RATING = "development.peer_rating"
KINDS = {PEER_RATING: _("Rate a colleague")}
TITLE = _("Rate a colleague: {name}")
DETAIL = _("Your answer is anonymous; only the average of several colleagues is ever shown.")


def peer_rating_todos(user) -> list[TodoItem]:
    """One item per invitation the user has not answered in a round still open today."""
    if not user_roles(user):
        return []
    me = user_employee(user)
    if me is None:
        return []
    return [
        TodoItem(
            kind=PEER_RATING,
            title=Message(TITLE, name=inv.assessment.employee.name),
            detail=DETAIL,
            url=reverse("peer_rating", args=[inv.token]),
            due=inv.assessment.peer_closes_on,
            key=f"invitation:{inv.pk}",
        )
        for inv in invitations_open_for(me, today())
    ]
