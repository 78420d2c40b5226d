"""The catalogue course a policy's training code names, created from the policy's `trainings:` entry when the
catalogue has none yet (a promotion's finalisation and a development plan's training action enrol people in
it). Loading a policy normally creates these courses; this covers a catalogue that has not caught up."""

from __future__ import annotations

from serviceladder.learning.models import Course
from serviceladder.learning.services.catalogue import course_fields
from serviceladder.policy.schema import Policy


def course_for_training(code: str, policy: Policy | None) -> Course:
    """The course with `code`, created (marked as the policy's) from the policy's training of that code, or
    named by the code itself when the policy does not define it."""
    course = Course.objects.filter(code=code).first()
    if course is not None:
        return course
    training = next((t for t in policy.trainings if t.code == code), None) if policy is not None else None
    if training is None:
        defaults = {"name_zh": code, "name_en": code}
    else:
        defaults = {**course_fields(training), "from_policy": True}
    course, _ = Course.objects.get_or_create(code=code, defaults=defaults)
    return course
