"""Team-activity work for the to-do registry (registered in apps.py): the organiser records the attendance
of an activity that has started; the item goes away once every sign-up's attendance is recorded."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_organise_activities
from serviceladder.core.translatable import Message
from serviceladder.todos.registry import TodoItem

RECORD_ATTENDANCE = "wellbeing.activity_attendance"
KINDS = {RECORD_ATTENDANCE: _("Record attendance")}
TITLE = _("Record who attended: {title}")


def activity_todos(user) -> list[TodoItem]:
    if not can_organise_activities(user):
        return []
    from serviceladder.wellbeing.selectors.activities import attendance_owed

    return [
        TodoItem(
            kind=RECORD_ATTENDANCE,
            title=Message(TITLE, title=activity.title[:120]),
            url=reverse("wellbeing_activity", args=[activity.pk]) + "#attendance",
            since=timezone.localtime(activity.starts_at).date(),
            key=f"activity:{activity.pk}",
        )
        for activity in attendance_owed(user)
    ]
