"""Enrolments (issue 17 item 2): the one way a person is put on a course, whoever asks (a promotion's
finalisation, a development plan's training action, a curriculum, a lead, HR, the person themselves, an
import). A person has at most one open enrolment per course: asking again returns the open one (its due date
moves earlier when the new one is sooner), so a course assigned twice is taken once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.models import Course, Enrolment, EnrolmentEvent
from serviceladder.org.models import Employee


def enrol(
    employee: Employee,
    course: Course,
    *,
    source: str,
    actor: Actor,
    due_on: dt.date | None = None,
    assigned_on: dt.date | None = None,
    application=None,
    plan_action=None,
    curriculum_item=None,
    renews=None,
    note: str = "",
) -> tuple[Enrolment, bool]:
    """The person's open enrolment in the course, created when there is none (audited as
    `learning.enrol`). Returns (enrolment, created). Access is the caller's to check (accounts.scoping)."""
    with transaction.atomic():
        open_one = (
            Enrolment.objects.select_for_update()
            .filter(employee=employee, course=course, state__in=Enrolment.OPEN_STATES)
            .first()
        )
        if open_one is not None:
            if due_on is not None and (open_one.due_on is None or due_on < open_one.due_on):
                before = {"due_on": open_one.due_on.isoformat() if open_one.due_on else None}
                open_one.due_on = due_on
                open_one.save(update_fields=["due_on", "updated_at"])
                audit_record(
                    actor=actor,
                    action="learning.enrolment_due",
                    employee=employee,
                    obj=open_one,
                    before=before,
                    after={"course": course.code, "due_on": due_on.isoformat(), "source": source},
                )
            return open_one, False
        enrolment = Enrolment.objects.create(
            employee=employee,
            course=course,
            source=source,
            assigned_on=assigned_on or timezone.localdate(),
            due_on=due_on,
            application=application,
            plan_action=plan_action,
            curriculum_item=curriculum_item,
            renews=renews,
            enrolled_by=actor.user,
        )
        EnrolmentEvent.objects.create(enrolment=enrolment, state=enrolment.state, by=actor.user, note=note)
        audit_record(
            actor=actor,
            action="learning.enrol",
            employee=employee,
            obj=enrolment,
            after={
                "course": course.code,
                "source": source,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
    return enrolment, True
