"""The voice channel in the to-do registry (registered in apps.py): items to answer for their owner (without
an owner, the head of the department they are addressed to, or HR), overdue ones flagged; escalated items for
the one they were escalated to (HR as a whole when escalated to HR). Each disappears once the item is answered
or withdrawn. Cheap for everyone else: the roles and ownership are checked first (selectors.voice)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.core.translatable import Message
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem
from serviceladder.wellbeing.selectors.voice import escalated_to_me, to_answer

ANSWER = "voice.answer"
ESCALATED = "voice.escalated"
KINDS = {
    ANSWER: _("Voice item to answer"),
    ESCALATED: _("Overdue voice item escalated to you"),
}
TITLES = {
    ANSWER: _("Answer voice item no. {number}: {kind}"),
    ESCALATED: _("See that overdue voice item no. {number} is answered: {kind}"),
}
OVERDUE = _("Overdue: the answer was due on {due}.")


def _item(kind, item, day) -> TodoItem:
    from django.urls import reverse

    overdue = item.due_on < day
    return TodoItem(
        kind=kind,
        title=Message(TITLES[kind], number=item.pk, kind=item.get_kind_display()),
        url=reverse("voice_item", args=[item.pk]),
        due=item.due_on,
        since=timezone.localdate(item.submitted_at),
        detail=Message(OVERDUE, due=item.due_on.isoformat()) if overdue else "",
        key=f"voice:{item.pk}",
    )


def voice_todos(user) -> list[TodoItem]:
    day = today()
    escalated = escalated_to_me(user)
    seen = {i.pk for i in escalated}
    items = [_item(ESCALATED, i, day) for i in escalated]
    items += [_item(ANSWER, i, day) for i in to_answer(user) if i.pk not in seen]
    return items
