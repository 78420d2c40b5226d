"""The voice channel in the to-do registry (registered in apps.py): items to answer for their owner (without
an owner, the head of the department they are addressed to, or HR), overdue ones flagged; escalated items for
the one they were escalated to (HR as a whole when escalated to HR). Each disappears once the item is answered
or withdrawn. For HR, while an open item's deadline is provisional: import that year's official holiday
calendar (it goes once the year is official and the deadlines are recounted). Cheap for everyone else: the
roles and ownership are checked first (selectors.voice)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_voice
from serviceladder.core.translatable import Message
from serviceladder.org.selectors import today
from serviceladder.todos.registry import TodoItem
from serviceladder.wellbeing.selectors.voice import (
    escalated_to_me,
    item_due_text,
    provisional_due_years,
    to_answer,
)

ANSWER = "voice.answer"
ESCALATED = "voice.escalated"
CALENDAR = "voice.calendar"
KINDS = {
    ANSWER: _("Voice item to answer"),
    ESCALATED: _("Overdue voice item escalated to you"),
    CALENDAR: _("Holiday calendar to import"),
}
CALENDAR_TITLE = _("Import the official {years} holiday calendar")
CALENDAR_DETAIL = _(
    "Open voice items have a provisional answer deadline counted on weekends only for {years}. Import the "
    "official schedule (serviceladder calendar import FILE) and the deadlines are recounted."
)
TITLES = {
    ANSWER: _("Answer voice item no. {number}: {kind}"),
    ESCALATED: _("See that overdue voice item no. {number} is answered: {kind}"),
}
OVERDUE = _("Overdue: the answer was due on {due}.")


def _detail(item, overdue: bool):
    if overdue:
        return Message(OVERDUE, due=item.due_on.isoformat())
    return item_due_text(item) if item.due_provisional_years else ""


def _item(kind, item, day) -> TodoItem:
    from django.urls import reverse

    overdue = item.due_on < day
    return TodoItem(
        kind=kind,
        title=Message(TITLES[kind], number=item.pk, kind=item.get_kind_display()),
        url=reverse("voice_item", args=[item.pk]),
        due=item.due_on,
        since=timezone.localdate(item.submitted_at),
        detail=_detail(item, overdue),
        key=f"voice:{item.pk}",
    )


def voice_todos(user) -> list[TodoItem]:
    day = today()
    escalated = escalated_to_me(user)
    seen = {i.pk for i in escalated}
    items = [_item(ESCALATED, i, day) for i in escalated]
    items += [_item(ANSWER, i, day) for i in to_answer(user) if i.pk not in seen]
    if can_manage_voice(user):
        items += _calendar_items()
    return items


def _calendar_items() -> list[TodoItem]:
    from django.urls import reverse

    years = provisional_due_years()
    if not years:
        return []
    label = ", ".join(str(y) for y in years)
    return [
        TodoItem(
            kind=CALENDAR,
            title=Message(CALENDAR_TITLE, years=label),
            url=reverse("voice_inbox") + "?state=open",
            due=min(date(y, 1, 1) for y in years),
            detail=Message(CALENDAR_DETAIL, years=label),
            key=f"voice-calendar:{label}",
        )
    ]
