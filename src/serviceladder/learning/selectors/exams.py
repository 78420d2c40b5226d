"""Reads of exams, question banks and attempts, already scoped through accounts.scoping."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from serviceladder.accounts.scoping import (
    can_manage_catalogue,
    can_see_learning,
    trainer_course_ids,
    user_employee,
)
from serviceladder.learning.errors_exams import ExamNotFound
from serviceladder.learning.models import Attempt, Exam, Question


def exams_open_to(user) -> QuerySet[Exam]:
    """Published exams the user may take."""
    if user_employee(user) is None:
        return Exam.objects.none()
    return Exam.objects.filter(published=True).select_related("course").order_by("code")


def exams_managed_by(user) -> QuerySet[Exam]:
    """Exams HR assembles (all of them), with counts of their questions and attempts awaiting marking."""
    if not can_manage_catalogue(user):
        return Exam.objects.none()
    return (
        Exam.objects.select_related("course")
        .annotate(
            question_count=Count("questions", distinct=True),
            waiting=Count(
                "attempts", filter=Q(attempts__state=Attempt.State.AWAITING_MARKING), distinct=True
            ),
        )
        .order_by("code")
    )


def exam_get(user, pk: int) -> Exam:
    """An exam HR manages, or one published to take; anything else looks absent."""
    exam = Exam.objects.select_related("course").filter(pk=pk).first()
    if exam is None or not (exam.published or can_manage_catalogue(user)):
        raise ExamNotFound()
    return exam


def questions_managed_by(user) -> QuerySet[Question]:
    """Question banks the user writes: HR every bank, a trainer their courses' banks."""
    qs = Question.objects.select_related("course").order_by("course__code", "level_code", "pk")
    if can_manage_catalogue(user):
        return qs
    courses = trainer_course_ids(user)
    return qs.filter(course_id__in=courses) if courses else Question.objects.none()


def can_write_questions(user) -> bool:
    """The question-bank pages: HR, and trainers (for their courses' banks)."""
    return can_manage_catalogue(user) or bool(trainer_course_ids(user))


def attempts_of(user, employee) -> QuerySet[Attempt]:
    """A person's attempts, for a reader who sees their learning record."""
    if not can_see_learning(user, employee):
        return Attempt.objects.none()
    return Attempt.objects.filter(employee=employee).select_related("exam", "result").order_by("-started_at")


def attempts_to_mark(user) -> QuerySet[Attempt]:
    """Attempts awaiting marking that this user may mark: all for HR, their courses' for a trainer."""
    qs = Attempt.objects.filter(state=Attempt.State.AWAITING_MARKING).select_related("exam", "employee")
    if can_manage_catalogue(user):
        return qs.order_by("submitted_at")
    courses = trainer_course_ids(user)
    if not courses:
        return Attempt.objects.none()
    return qs.filter(exam__course_id__in=courses).order_by("submitted_at")


def used_by_exam(employee, exams) -> dict[int, int]:
    """How many attempts the person has made at each exam."""
    if employee is None:
        return {}
    rows = (
        Attempt.objects.filter(employee=employee, exam__in=list(exams))
        .values("exam_id")
        .annotate(n=Count("pk"))
    )
    return {row["exam_id"]: row["n"] for row in rows}
