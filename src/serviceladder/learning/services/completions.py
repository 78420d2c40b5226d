"""Completions (issue 17 item 3): the one writer of `learning.Completion`, used by marking an enrolment
complete, an online course reaching its end, and `import trainings`. A completion of a catalogue course takes
the course's validity: it expires that many months after the day it was completed (the eligibility engine's
`required_trainings` counts it up to the day before)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.models import Completion, Course, Enrolment
from serviceladder.org.models import Employee
from serviceladder.rules.periods import add_months


def expiry_for(course: Course | None, completed_on: dt.date) -> dt.date | None:
    """The day a completion of `course` on `completed_on` stops counting (None: never)."""
    if course is None or not course.validity_months:
        return None
    return add_months(completed_on, course.validity_months)


def record_completion(
    employee: Employee,
    *,
    actor: Actor,
    completed_on: dt.date,
    course: Course | None = None,
    name: str = "",
    name_alt: str = "",
    kind: str = Completion.Kind.TRAINING,
    expires_on: dt.date | None = None,
    score: Decimal | None = None,
    evidence: str = "",
    enrolment: Enrolment | None = None,
    source: str = Completion.Source.MARKED,
    audit: bool = True,
) -> Completion:
    """Write one completion (audited as `learning.completion` unless the caller audits a batch itself, as an
    import does). Without an explicit `expires_on`, a course's validity sets it. The caller runs it inside its
    own transaction and checks access."""
    if course is None and not name:
        raise ValueError("a completion names its course or its training")
    if expires_on is None:
        expires_on = expiry_for(course, completed_on)
    completion = Completion.objects.create(
        employee=employee,
        course=course,
        name=name or course.name_zh,
        name_alt=name_alt or (course.name_en if course is not None and not name else ""),
        kind=kind,
        completed_on=completed_on,
        expires_on=expires_on,
        score=score,
        evidence=evidence,
        enrolment=enrolment,
        source=source,
        recorded_by=actor.user,
    )
    if audit:
        audit_record(
            actor=actor,
            action="learning.completion",
            employee=employee,
            obj=completion,
            after={
                "course": course.code if course is not None else "",
                "completed_on": completed_on.isoformat(),
                "expires_on": expires_on.isoformat() if expires_on else None,
                "source": source,
            },
        )
    return completion
