"""Demo: promotion trainings completed and open (issue 17). Everyone promoted in the last year to a level
whose policy names promotion trainings is enrolled in them (source "promotion", due the policy's
`process.promotion_training_due_months` after the new level took effect, as a finalisation does): a training
they already completed since (the demo's records name it) is a completed enrolment with that completion,
linked to the catalogue course; the rest are open, some of them overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from serviceladder.audit.services import SYSTEM
from serviceladder.learning.models import Completion, Enrolment, EnrolmentEvent
from serviceladder.learning.services.completions import expiry_for
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.policy_courses import course_for_training
from serviceladder.org.models import LevelAssignment
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules.periods import add_months


@transaction.atomic
def demo_promotion_trainings_load(today: dt.date) -> dict:
    """Enrol the last year's promoted people in their promotion trainings; {"completed": n, "open": m}."""
    policy = policy_in_force(today)
    levels = policy.levels()
    counts = {"completed": 0, "open": 0}
    promoted = (
        LevelAssignment.objects.filter(effective_from__gt=add_months(today, -12), effective_from__lte=today)
        .exclude(employee__level_assignments__effective_from__gt=today)
        .select_related("employee", "level")
        .order_by("effective_from", "pk")
    )
    for change in promoted:
        if not change.employee.level_assignments.filter(effective_from__lt=change.effective_from).exists():
            continue  # a first level (hire), not a promotion
        codes = levels[change.level.code][1].promotion_training if change.level.code in levels else []
        for code in codes:
            course = course_for_training(code, policy)
            enrolment, created = enrol(
                change.employee,
                course,
                source=Enrolment.Source.PROMOTION,
                actor=SYSTEM,
                assigned_on=change.effective_from,
                due_on=add_months(change.effective_from, policy.process.promotion_training_due_months),
            )
            if not created:
                continue
            names = {course.code, course.name_zh, course.name_en}
            done = (
                Completion.objects.filter(
                    employee=change.employee,
                    name__in=names,
                    completed_on__gte=change.effective_from,
                    enrolment__isnull=True,
                )
                .order_by("completed_on")
                .first()
            )
            if done is None:
                counts["open"] += 1
                continue
            done.course, done.enrolment = course, enrolment
            done.expires_on = done.expires_on or expiry_for(course, done.completed_on)
            done.save(update_fields=["course", "enrolment", "expires_on"])
            enrolment.state = Enrolment.State.COMPLETED
            enrolment.save(update_fields=["state", "updated_at"])
            EnrolmentEvent.objects.create(enrolment=enrolment, state=enrolment.state, by=None)
            counts["completed"] += 1
    return counts
