"""Question banks and exam assembly (issue 17 item 5): HR writes questions of four kinds per course or level
and assembles exams from them (a fixed set or a random draw, pass mark, time limit, attempts, review,
publish). Every save is validated in full and audited; a refused save writes nothing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from serviceladder.accounts.scoping import can_manage_catalogue, can_see_questions
from serviceladder.audit.services import Actor, audit_record
from serviceladder.ladder.models import Level
from serviceladder.learning.errors_exams import (
    ATTEMPTS,
    CANNOT_WRITE,
    CHOICE_TEXT,
    CHOICES_COUNT,
    CODE_INVALID,
    CODE_TAKEN,
    CORRECT_MULTIPLE,
    CORRECT_SINGLE,
    CORRECT_TRUE_FALSE,
    DRAW_COUNT,
    NAME_REQUIRED,
    PASS_PERCENT,
    POINTS,
    QUESTION_BANK,
    QUESTION_NOT_IN_BANK,
    QUESTIONS_REQUIRED,
    TEXT_REQUIRED,
    TIME_LIMIT,
    UNKNOWN_COURSE,
    UNKNOWN_KIND,
    UNKNOWN_LEVEL,
    ExamInvalid,
    ExamNotAllowed,
)
from serviceladder.learning.models import Course, Exam, Question

TEXT_LIMIT = 2000
CHOICE_LIMIT = 300
MAX_CHOICES = 6
KEYS = "abcdef"
NAME_LIMIT = 200
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _bank(course_code: str, level_code: str) -> tuple[Course | None, str]:
    course_code, level_code = (course_code or "").strip(), (level_code or "").strip()
    if bool(course_code) == bool(level_code):
        raise ExamInvalid(QUESTION_BANK)
    if course_code:
        course = Course.objects.filter(code=course_code).first()
        if course is None:
            raise ExamInvalid(UNKNOWN_COURSE, found=course_code[:40])
        return course, ""
    if not Level.objects.filter(code=level_code).exists():
        raise ExamInvalid(UNKNOWN_LEVEL, found=level_code[:40])
    return None, level_code


def _points(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ExamInvalid(POINTS, found=str(raw)[:20]) from None
    if (
        not value.is_finite()
        or value < Decimal("0.5")
        or value > 100
        or value != value.quantize(Decimal("0.1"))
    ):
        raise ExamInvalid(POINTS, found=str(raw)[:20])
    return value


def clean_question(
    *, kind: str, text_zh: str, text_en: str, choices: list[dict], correct: list[str], points
) -> dict:
    """The question's fields as stored, or ExamInvalid naming the first thing wrong."""
    if kind not in Question.Kind.values:
        raise ExamInvalid(UNKNOWN_KIND, found=str(kind)[:20], allowed=", ".join(Question.Kind.values))
    text_zh, text_en = (text_zh or "").strip(), (text_en or "").strip()
    if not text_zh or not text_en or len(text_zh) > TEXT_LIMIT or len(text_en) > TEXT_LIMIT:
        raise ExamInvalid(TEXT_REQUIRED, limit=TEXT_LIMIT)
    stored_choices: list[dict] = []
    correct = [c for c in (correct or []) if c]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        given = [c for c in choices if (c.get("zh") or "").strip() or (c.get("en") or "").strip()]
        if len(given) < 2 or len(given) > MAX_CHOICES:
            raise ExamInvalid(CHOICES_COUNT, limit=MAX_CHOICES, found=len(given))
        for c in given:
            zh, en = (c.get("zh") or "").strip(), (c.get("en") or "").strip()
            if len(zh) > CHOICE_LIMIT or len(en) > CHOICE_LIMIT:
                raise ExamInvalid(CHOICE_TEXT, key=c.get("key", "?"), limit=CHOICE_LIMIT)
            stored_choices.append({"key": c["key"], "zh": zh or en, "en": en or zh})
        keys = [c["key"] for c in stored_choices]
        correct = [k for k in keys if k in set(correct)]
        if kind == Question.Kind.SINGLE and len(correct) != 1:
            raise ExamInvalid(CORRECT_SINGLE, found=len(correct))
        if kind == Question.Kind.MULTIPLE and not correct:
            raise ExamInvalid(CORRECT_MULTIPLE)
    elif kind == Question.Kind.TRUE_FALSE:
        if correct not in (["true"], ["false"]):
            raise ExamInvalid(CORRECT_TRUE_FALSE)
    else:
        correct = []
    return {
        "kind": kind,
        "text_zh": text_zh,
        "text_en": text_en,
        "choices": stored_choices,
        "correct": correct,
        "points": _points(points),
    }


def question_save(
    *,
    actor: Actor,
    question: Question | None = None,
    course_code: str = "",
    level_code: str = "",
    kind: str,
    text_zh: str,
    text_en: str,
    choices: list[dict] | None = None,
    correct: list[str] | None = None,
    marking_guide: str = "",
    points="1",
    active: bool = True,
) -> Question:
    """Create or change a question of a course's or a level's bank: HR any bank, a course's trainers that
    course's bank."""
    if question is not None and not can_see_questions(actor.user, question.course):
        raise ExamNotAllowed(CANNOT_WRITE)
    course, level = _bank(course_code, level_code)
    if not can_see_questions(actor.user, course):
        raise ExamNotAllowed(CANNOT_WRITE)
    fields = clean_question(
        kind=kind,
        text_zh=text_zh,
        text_en=text_en,
        choices=choices or [],
        correct=correct or [],
        points=points,
    )
    fields.update(course=course, level_code=level, marking_guide=(marking_guide or "").strip()[:TEXT_LIMIT])
    fields["active"] = bool(active)
    with transaction.atomic():
        if question is None:
            question = Question.objects.create(created_by=actor.user, **fields)
        else:
            for name, value in fields.items():
                setattr(question, name, value)
            question.save(update_fields=list(fields))
        audit_record(
            actor=actor,
            action="learning.question_save",
            obj=question,
            after={
                "question": question.pk,
                "kind": question.kind,
                "course": course.code if course else "",
                "level": level,
            },
        )
    return question


def _whole(raw, message, low: int, high: int) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ExamInvalid(message, found=text[:20])
    return int(text)


def exam_save(
    *,
    actor: Actor,
    exam: Exam | None = None,
    code: str,
    name_zh: str,
    name_en: str,
    course_code: str = "",
    level_code: str = "",
    draw: str = Exam.Draw.FIXED,
    question_ids: list[int],
    draw_count=None,
    pass_percent=None,
    time_limit_minutes=None,
    attempts_allowed=None,
    allow_review: bool = False,
    counts: str = Exam.Counts.BEST,
    published: bool = False,
) -> Exam:
    """Create or change an exam (HR): its questions come from its course's or level's bank."""
    if not can_manage_catalogue(actor.user):
        raise ExamNotAllowed()
    if exam is not None and exam.from_policy:
        # A policy's exam: its `exams:` entry owns the code the conditions name and which attempt counts
        # (the eligibility engine reads the policy), so the form cannot change them.
        code, counts = exam.code, exam.counts
    code = (code or "").strip()
    if not CODE.match(code):
        raise ExamInvalid(CODE_INVALID, found=code[:40] or "—")
    if Exam.objects.filter(code=code).exclude(pk=exam.pk if exam else None).exists():
        raise ExamInvalid(CODE_TAKEN, found=code)
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    if not (name_zh or name_en) or len(name_zh) > NAME_LIMIT or len(name_en) > NAME_LIMIT:
        raise ExamInvalid(NAME_REQUIRED, limit=NAME_LIMIT)
    course, level = _bank(course_code, level_code)
    ids = sorted({int(i) for i in question_ids or [] if str(i).isdigit()})
    if not ids:
        raise ExamInvalid(QUESTIONS_REQUIRED)
    bank = Question.objects.filter(course=course) if course else Question.objects.filter(level_code=level)
    found = set(bank.filter(pk__in=ids).values_list("pk", flat=True))
    stray = [i for i in ids if i not in found]
    if stray:
        raise ExamInvalid(QUESTION_NOT_IN_BANK, found=stray[0])
    if draw not in Exam.Draw.values:
        draw = Exam.Draw.FIXED
    count = None
    if draw == Exam.Draw.RANDOM:
        count = _whole(draw_count, DRAW_COUNT, 1, len(ids))
        if count is None:
            raise ExamInvalid(DRAW_COUNT, pool=len(ids), found="—")
    try:
        percent = Decimal(60) if pass_percent is None else Decimal(str(pass_percent).strip())
    except (InvalidOperation, ValueError):
        raise ExamInvalid(PASS_PERCENT, found=str(pass_percent)[:20]) from None
    if not percent.is_finite() or percent < 0 or percent > 100:
        raise ExamInvalid(PASS_PERCENT, found=str(pass_percent)[:20])
    fields = {
        "code": code,
        "name_zh": name_zh or name_en,
        "name_en": name_en or name_zh,
        "course": course,
        "level_code": level,
        "draw": draw,
        "draw_count": count,
        "pass_percent": percent,
        "time_limit_minutes": _whole(time_limit_minutes, TIME_LIMIT, 1, 600),
        "attempts_allowed": _whole(attempts_allowed, ATTEMPTS, 1, 50),
        "allow_review": bool(allow_review),
        "counts": counts if counts in Exam.Counts.values else Exam.Counts.BEST,
        "published": bool(published),
    }
    with transaction.atomic():
        if exam is None:
            exam = Exam.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(exam, name, value)
            exam.save(update_fields=list(fields))
        exam.questions.set(ids)
        audit_record(
            actor=actor,
            action="learning.exam_save",
            obj=exam,
            after={"exam": exam.code, "questions": len(ids), "draw": draw, "published": exam.published},
        )
    return exam
