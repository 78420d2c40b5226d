"""Reminders of sessions and enrolments (issue 17 item 5), as daily steps: the people booked in a session
(and its trainer) hear the day before it starts; a person whose enrolment is past its due date, and their
lead, hear once. Each goes out exactly once (the day it went out is stored on the row), and a step run again
for the same or a later day sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import SYSTEM
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.engine import states
from serviceladder.learning.models import Enrolment, Session
from serviceladder.notifications.services import notify

TOMORROW_TITLE = _("Tomorrow: {course}")
TOMORROW_BODY = _("Your session starts at {when}{place}.")
OVERDUE_TITLE = _("Course overdue: {course}")
OVERDUE_BODY = _("{person}'s course {course} was due on {due}.")


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def session_reminders_send(day: dt.date) -> dict:
    """Remind the people booked in each scheduled session starting the day after `day`, and its trainer."""
    start, end = _day_bounds(day + dt.timedelta(days=1))
    sent = 0
    with transaction.atomic():
        due = (
            Session.objects.select_for_update(of=("self",))
            .filter(
                status=Session.Status.SCHEDULED,
                starts_at__gte=start,
                starts_at__lt=end,
                reminded_on__isnull=True,
            )
            .select_related("course", "trainer")
        )
        for session in due:
            booked = session.enrolments.filter(state=states.SCHEDULED).select_related("employee__user")
            users = [e.employee.user for e in booked if e.employee.user_id is not None]
            if session.trainer is not None:
                users.append(session.trainer)
            if users:
                place = f" · {session.place or session.link}" if (session.place or session.link) else ""
                notify(
                    recipients=users,
                    kind="learning.session_tomorrow",
                    title=Message(TOMORROW_TITLE, course=names_of(session.course)),
                    body=Message(
                        TOMORROW_BODY,
                        when=timezone.localtime(session.starts_at).strftime("%H:%M"),
                        place=place,
                    ),
                    url=reverse("learning_session", args=[session.pk]),
                    actor=SYSTEM,
                )
                sent += 1
            session.reminded_on = day
            session.save(update_fields=["reminded_on"])
    return {"sessions": sent}


def overdue_reminders_send(day: dt.date) -> dict:
    """Tell each person whose open enrolment was due before `day`, and their lead, once."""
    sent = 0
    with transaction.atomic():
        due = (
            Enrolment.objects.select_for_update(of=("self",))
            .filter(state__in=states.OPEN, due_on__lt=day, overdue_reminded_on__isnull=True)
            .select_related("course", "employee__user", "employee__team__lead__user")
        )
        for enrolment in due:
            person = enrolment.employee
            users = [person.user] if person.user_id is not None else []
            lead = person.team.lead if person.team_id is not None else None
            if lead is not None and lead.pk != person.pk and lead.user_id is not None:
                users.append(lead.user)
            if users:
                notify(
                    recipients=users,
                    kind="learning.enrolment_overdue",
                    title=Message(OVERDUE_TITLE, course=names_of(enrolment.course)),
                    body=Message(
                        OVERDUE_BODY,
                        person=person.name,
                        course=names_of(enrolment.course),
                        due=enrolment.due_on.isoformat(),
                    ),
                    url=reverse("learning_enrolment", args=[enrolment.pk]),
                    actor=SYSTEM,
                )
                sent += 1
            enrolment.overdue_reminded_on = day
            enrolment.save(update_fields=["overdue_reminded_on"])
    return {"enrolments": sent}
