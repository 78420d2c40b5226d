"""Exams for the exam tests: a course, a question of each kind, a published exam."""

from __future__ import annotations

from decimal import Decimal

from serviceladder.learning.models import Course, Exam, Question

ABC = [
    {"key": "a", "zh": "甲", "en": "A"},
    {"key": "b", "zh": "乙", "en": "B"},
    {"key": "c", "zh": "丙", "en": "C"},
]


def course(code="phone-comm"):
    return Course.objects.get_or_create(code=code, defaults={"name_zh": "电话沟通", "name_en": "Phone"})[0]


def questions(c=None, *, short=True):
    c = c or course()
    made = [
        Question.objects.create(
            course=c, kind="single", text_zh="单选", text_en="Single", choices=ABC, correct=["b"], points=2
        ),
        Question.objects.create(
            course=c,
            kind="multiple",
            text_zh="多选",
            text_en="Multiple",
            choices=ABC,
            correct=["a", "c"],
            points=3,
        ),
        Question.objects.create(
            course=c, kind="true_false", text_zh="判断", text_en="True or false", correct=["true"], points=1
        ),
    ]
    if short:
        made.append(
            Question.objects.create(
                course=c, kind="short", text_zh="简答", text_en="Short", marking_guide="empathy", points=4
            )
        )
    return made


def exam(*, code="knowledge-exam", short=True, time_limit=30, attempts=2, published=True, **kw):
    c = course()
    e = Exam.objects.create(
        code=code,
        name_zh="业务知识考试",
        name_en="Knowledge exam",
        course=c,
        pass_percent=Decimal(60),
        time_limit_minutes=time_limit,
        attempts_allowed=attempts,
        published=published,
        **kw,
    )
    e.questions.set(questions(c, short=short))
    return e


def right_answers(e) -> dict:
    """Every choice question answered right (short answers left to the caller)."""
    out = {}
    for q in e.questions.all():
        if q.kind != "short":
            out[str(q.pk)] = list(q.correct)
    return out
