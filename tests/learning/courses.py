"""Test courses. Loading a policy fills the catalogue from its `trainings:`, so a test that names a course the
policy also defines takes that course over with its own fields instead of creating a second one."""

from __future__ import annotations

from serviceladder.learning.models import Course


def put_course(*, code: str, **fields) -> Course:
    course, _created = Course.objects.update_or_create(code=code, defaults=fields)
    return course
