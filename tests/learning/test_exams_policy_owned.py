"""A policy's exam (`exams:`) keeps the code the conditions name and the attempt that counts, whatever HR's
exam form sends: the eligibility engine reads them from the policy, so the form must not drift from it."""

from __future__ import annotations

import pytest

from serviceladder.audit.services import Actor
from serviceladder.learning.models import Exam
from serviceladder.learning.services.exams import exam_save
from tests.learning.exams_setup import exam


@pytest.mark.django_db
@pytest.mark.parametrize(
    "from_policy, expect_code, expect_counts",
    [(True, "knowledge-exam", "latest"), (False, "renamed", "best")],
)
def test_the_policy_owns_the_code_and_what_counts(org, from_policy, expect_code, expect_counts):
    e = exam()
    Exam.objects.filter(pk=e.pk).update(from_policy=from_policy, counts="latest")
    e.refresh_from_db()
    saved = exam_save(
        actor=Actor(org.users["hr"]),
        exam=e,
        code="renamed",
        name_zh=e.name_zh,
        name_en=e.name_en,
        course_code=e.course.code,
        question_ids=list(e.questions.values_list("pk", flat=True)),
        counts="best",
        published=True,
    )
    saved.refresh_from_db()
    assert (saved.code, saved.counts) == (expect_code, expect_counts)
