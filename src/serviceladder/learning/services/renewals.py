"""Renewal of certifications (issue 17 item 3): a course's `renewal_days` before a completion expires, its
holder is enrolled in the course again (source "renewal", through the one `enrol` service), due the day the
completion stops counting, and told once. The daily step learning.renewals runs it for each day.

Nobody is enrolled twice for one completion: the enrolment records the completion it renews, so running the
step again, or for a past day, finds nothing more to do (and a renewal the lead cancelled is not made again).
A person already on the course keeps that enrolment: it takes the renewal's due date when that is sooner. Not
renewed: a person who has left, a completion already renewed (a later completion of the course that expires
later, or never), an inactive course, a course with `renewal_days` 0."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.audit.services import SYSTEM, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.engine.renewal import renewal_due
from serviceladder.learning.models import Completion, Enrolment
from serviceladder.learning.services.enrolments import enrol

# The longest renewal window a course may have (catalogue.RENEWAL_MAX): completions expiring later than this
# are not read at all.
WINDOW_MAX_DAYS = 365

RENEW_TITLE = _("Renew your certification: {course}")
RENEW_BODY = _(
    "Your completion of {course} stops counting on {day}. You are enrolled in the course again: "
    "complete it by then to keep it valid."
)


def superseded() -> Exists:
    """A later completion of the same course by the same person that expires later (or never): the completion
    in the outer query was renewed and neither needs renewing nor expires with a notice."""
    return Exists(
        Completion.objects.filter(employee_id=OuterRef("employee_id"), course_id=OuterRef("course_id"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    )


def renewals_enrol(day: dt.date) -> dict:
    """Enrol again the holders of completions in their renewal window on `day`; {"enrolled": n} (new
    enrolments and open ones that took the renewal over)."""
    candidates = (
        Completion.objects.filter(
            course__isnull=False,
            course__active=True,
            course__renewal_days__gt=0,
            completed_on__lte=day,
            expires_on__gt=day,
            expires_on__lte=day + dt.timedelta(days=WINDOW_MAX_DAYS),
        )
        .filter(Q(employee__leave_date__isnull=True) | Q(employee__leave_date__gt=day))
        .exclude(superseded())
        .exclude(Exists(Enrolment.objects.filter(renews=OuterRef("pk"))))
        .select_related("course", "employee__user")
        .order_by("expires_on", "pk")
    )
    enrolled = 0
    for completion in candidates:
        due = renewal_due(
            day,
            expires_on=completion.expires_on,
            renewal_days=completion.course.renewal_days,
            completed_on=completion.completed_on,
        )
        if not due:
            continue
        if _renew(completion, day):
            enrolled += 1
    return {"enrolled": enrolled}


def _renew(completion: Completion, day: dt.date) -> bool:
    employee, course = completion.employee, completion.course
    with transaction.atomic():
        # Locked, then checked again: a second worker or a rerun finds the renewal made.
        Completion.objects.select_for_update().filter(pk=completion.pk).first()
        if Enrolment.objects.filter(renews=completion).exists():
            return False
        enrolment, created = enrol(
            employee,
            course,
            source=Enrolment.Source.RENEWAL,
            actor=SYSTEM,
            due_on=completion.expires_on,
            assigned_on=day,
            renews=completion,
        )
        if not created:
            if enrolment.renews_id is not None:
                return False  # already renewing another completion of the course
            enrolment.renews = completion
            enrolment.save(update_fields=["renews", "updated_at"])
        audit_record(
            actor=SYSTEM,
            action="learning.renewal",
            employee=employee,
            obj=enrolment,
            after={
                "course": course.code,
                "completed_on": completion.completed_on.isoformat(),
                "expires_on": completion.expires_on.isoformat(),
                "due_on": enrolment.due_on.isoformat() if enrolment.due_on else None,
            },
        )
        if employee.user_id is not None:
            from serviceladder.notifications.services import notify

            notify(
                recipients=[employee.user],
                kind="learning.renewal",
                title=Message(RENEW_TITLE, course=names_of(course)),
                body=Message(RENEW_BODY, course=names_of(course), day=completion.expires_on.isoformat()),
                url=reverse("learning_enrolment", args=[enrolment.pk]),
                actor=SYSTEM,
            )
    return True
