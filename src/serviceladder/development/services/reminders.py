"""The daily reminder step (issue 14, item 5): one notification per overdue conversation, direction review
or missing plan, to the person's lead (the department head for a team without a lead), once.

A Reminder row per (kind, person, due date, recipient) makes "once" hold: the step may run again for the
same day or catch up several days and sends nothing twice; a new due date (the conversation was held and
the next one is late again) is a new reminder. Nothing is sent while development planning is off.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import SYSTEM
from serviceladder.core.translatable import Message
from serviceladder.development.cadence import CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN, Due
from serviceladder.development.models import Reminder
from serviceladder.development.selectors.conversations import overdue_for_people
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee

REMINDER_TITLES = {
    CONVERSATION: _("The career conversation with {name} is overdue (due {date})"),
    DIRECTION_REVIEW: _("The direction review with {name} is overdue (due {date})"),
    FIRST_PLAN: _("{name} has no development plan yet (due {date})"),
}
REMINDER_BODY = _("Record it on their development page; this reminder is sent once.")
NOTIFICATION_KIND = "development.reminder"


def reminder_recipients(person: Employee) -> list:
    """Who is reminded about `person`: their team lead; the department head when the team has no lead.
    Never the person themselves."""
    team = person.team
    if team is None:
        return []
    if team.lead_id is not None:
        lead = team.lead
        return [lead.user] if lead.pk != person.pk and lead.user_id else []
    head = team.department.head if team.department_id else None
    return [head.user] if head is not None and head.pk != person.pk and head.user_id else []


def reminder_key(person: Employee) -> str:
    return f"employee:{person.pk}"


def item_url(person: Employee, due: Due) -> str:
    if due.kind == FIRST_PLAN:
        return reverse("person_development", args=[person.number]) + "#plan"  # where a plan is started
    url = reverse("conversation_record", args=[person.number])
    return f"{url}?kind=direction_review" if due.kind == DIRECTION_REVIEW else url


def reminders_send(day: dt.date) -> dict:
    """The daily step: remind about everything overdue on `day` that was not reminded about yet."""
    people = Employee.objects.filter(team__isnull=False).select_related(
        "team__lead__user", "team__department__head__user"
    )
    pairs = overdue_for_people(people, day)
    wanted = [(person, due, user) for person, due in pairs for user in reminder_recipients(person)]
    if not wanted:
        return {"overdue": len(pairs), "sent": 0}
    sent_before = set(
        Reminder.objects.filter(key__in={reminder_key(p) for p, _d, _u in wanted}).values_list(
            "kind", "key", "due", "recipient_id"
        )
    )
    sent = 0
    for person, due, user in wanted:
        if (due.kind, reminder_key(person), due.due, user.pk) in sent_before:
            continue
        _reminder, created = Reminder.objects.get_or_create(
            kind=due.kind, key=reminder_key(person), due=due.due, recipient=user
        )
        if not created:  # another runner got there first
            continue
        notify(
            recipients=[user],
            kind=NOTIFICATION_KIND,
            title=Message(REMINDER_TITLES[due.kind], name=person.name, date=due.due.isoformat()),
            body=REMINDER_BODY,
            url=item_url(person, due),
            actor=SYSTEM,
        )
        sent += 1
    return {"overdue": len(pairs), "sent": sent}
