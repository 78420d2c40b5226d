"""Expiry (issue 17 item 3): a completed enrolment whose completion stopped counting turns `expired`. The
daily step runs it for each day; a completion expires on its `expires_on` (the eligibility engine's
`required_trainings` counts it up to the day before), so the enrolment turns expired on that same day.
Each enrolment expires once (audited as `learning.enrolment_expired`, with a line in its history): running the
step again, or for a past day, finds nothing more to do. The person is told once, with the course to take
again; the notice goes out when the transaction commits.

A renewed certification does not expire: an enrolment whose completion was followed by a later one of the
same course that expires later (or never) is left completed, without a "take it again" notice; the later
completion's enrolment expires on its own day (learning.services.renewals)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import SYSTEM, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.models import Completion, Enrolment, EnrolmentEvent
from serviceladder.learning.services.renewals import superseded

EXPIRED_TITLE = _("Expired: {course}")
EXPIRED_BODY = _("Your completion of {course} stopped counting on {day}. Take the course again to renew it.")


def enrolments_expire(day: dt.date) -> dict:
    """Turn the completed enrolments whose completion expires on or before `day` expired; {"expired": n}."""
    due = list(
        Completion.objects.filter(
            enrolment__state=Enrolment.State.COMPLETED,
            expires_on__isnull=False,
            expires_on__lte=day,
        )
        .exclude(superseded())
        .values_list("enrolment_id", flat=True)
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            enrolment = (
                Enrolment.objects.select_for_update()
                .select_related("course", "employee")  # not the completion: an outer join cannot be locked
                .filter(pk=pk, state=Enrolment.State.COMPLETED)
                .first()
            )
            if enrolment is None:  # moved on since the list was read
                continue
            expires_on = enrolment.completion.expires_on
            enrolment.state = Enrolment.State.EXPIRED
            enrolment.save(update_fields=["state", "updated_at"])
            EnrolmentEvent.objects.create(enrolment=enrolment, state=enrolment.state, by=None, note="")
            audit_record(
                actor=SYSTEM,
                action="learning.enrolment_expired",
                employee=enrolment.employee,
                obj=enrolment,
                before={"state": Enrolment.State.COMPLETED},
                after={
                    "state": Enrolment.State.EXPIRED,
                    "course": enrolment.course.code,
                    "expires_on": expires_on.isoformat(),
                },
            )
            if enrolment.employee.user_id is not None:
                from serviceladder.notifications.services import notify

                notify(
                    recipients=[enrolment.employee.user],
                    kind="learning.enrolment_expired",
                    title=Message(EXPIRED_TITLE, course=names_of(enrolment.course)),
                    body=Message(EXPIRED_BODY, course=names_of(enrolment.course), day=expires_on.isoformat()),
                    url=_where_to_renew(enrolment),
                )
            expired += 1
    return {"expired": expired}


def _where_to_renew(enrolment: Enrolment) -> str:
    """The person's open enrolment in the course (a renewal under way), else the course's page."""
    open_one = Enrolment.objects.filter(
        employee_id=enrolment.employee_id, course_id=enrolment.course_id, state__in=Enrolment.OPEN_STATES
    ).first()
    if open_one is not None:
        return reverse("learning_enrolment", args=[open_one.pk])
    return reverse("learning_course", args=[enrolment.course.code])
