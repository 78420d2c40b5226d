"""HR's exam pages (issue 17 item 5): the question banks (per course or level, four kinds) and exam assembly
(a fixed set or a random draw, pass mark, time limit, attempts, review, publish). Thin: access through
accounts.scoping, writes through learning.services.exams."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import can_manage_catalogue, trainer_course_ids
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.ladder.models import Level
from serviceladder.learning.models import Course, Exam, Question
from serviceladder.learning.selectors import exams as selectors
from serviceladder.learning.services import exams as services
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

QUESTION_SAVED = gettext_lazy("The question is saved.")
EXAM_SAVED = gettext_lazy("The exam is saved.")


def _banks(user) -> dict:
    """The banks the user may choose: HR every active course and level, a trainer their courses."""
    courses = Course.objects.filter(active=True).order_by("code")
    if can_manage_catalogue(user):
        return {
            "courses": courses,
            "levels": Level.objects.select_related("track").order_by("track__order", "rank"),
        }
    return {"courses": courses.filter(pk__in=trainer_course_ids(user)), "levels": Level.objects.none()}


@read_only
def questions(request: HttpRequest) -> HttpResponse:
    require(selectors.can_write_questions(request.user))
    rows = list(selectors.questions_managed_by(request.user))
    context = {"rows": rows, "manage": can_manage_catalogue(request.user)}
    return render(request, "web/learning/questions.html", context)


def _question_post(post) -> dict:
    bank = post.get("bank", "")
    kind, _sep, code = bank.partition(":")
    choices = [
        {
            "key": key,
            "zh": post.get(f"choice_{key}_zh", "")[:400],
            "en": post.get(f"choice_{key}_en", "")[:400],
        }
        for key in services.KEYS
    ]
    correct = post.getlist("correct") if post.get("kind") != "true_false" else [post.get("truth", "")]
    return {
        "course_code": code if kind == "course" else "",
        "level_code": code if kind == "level" else "",
        "kind": post.get("kind", ""),
        "text_zh": post.get("text_zh", "")[:4000],
        "text_en": post.get("text_en", "")[:4000],
        "choices": choices,
        "correct": correct,
        "marking_guide": post.get("marking_guide", "")[:4000],
        "points": post.get("points", "")[:20],
        "active": post.get("active") == "on",
    }


def _question_form(request, *, question=None, values=None, error="", status=200) -> HttpResponse:
    if values is None:
        q = question
        values = {
            "bank": (f"course:{q.course.code}" if q.course else f"level:{q.level_code}") if q else "",
            "kind": q.kind if q else "single",
            "text_zh": q.text_zh if q else "",
            "text_en": q.text_en if q else "",
            "correct": list(q.correct) if q else [],
            "marking_guide": q.marking_guide if q else "",
            "points": q.points if q else "1",
            "active": q.active if q else True,
        }
        by_key = {c["key"]: c for c in (q.choices if q else [])}
    else:
        by_key = {c["key"]: c for c in values.pop("choices")}
        values["bank"] = request.POST.get("bank", "")
    rows = [
        {"key": k, "zh": by_key.get(k, {}).get("zh", ""), "en": by_key.get(k, {}).get("en", "")}
        for k in services.KEYS
    ]
    context = {
        "question": question,
        "v": values,
        "choices": rows,
        "kinds": Question.Kind.choices,
        "error": error,
        **_banks(request.user),
    }
    return render(request, "web/learning/question_form.html", context, status=status)


def _save_question(request, question=None) -> HttpResponse:
    values = _question_post(request.POST)
    try:
        services.question_save(actor=Actor(user=request.user), question=question, **values)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _question_form(request, question=question, values=values, error=str(exc), status=400)
    messages.success(request, QUESTION_SAVED)
    return redirect("learning_questions")


@form_page
def question_new(request: HttpRequest) -> HttpResponse:
    require(selectors.can_write_questions(request.user))
    if request.method == "POST":
        return _save_question(request)
    return _question_form(request)


@form_page
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(selectors.questions_managed_by(request.user), pk=pk)
    if request.method == "POST":
        return _save_question(request, question)
    return _question_form(request, question=question)


@read_only
def exams(request: HttpRequest) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    return render(
        request, "web/learning/exams.html", {"rows": list(selectors.exams_managed_by(request.user))}
    )


def _exam_post(post) -> dict:
    bank = post.get("bank", "")
    kind, _sep, code = bank.partition(":")
    return {
        "code": post.get("code", "")[:80],
        "name_zh": post.get("name_zh", "")[:400],
        "name_en": post.get("name_en", "")[:400],
        "course_code": code if kind == "course" else "",
        "level_code": code if kind == "level" else "",
        "draw": post.get("draw", ""),
        "question_ids": post.getlist("questions"),
        "draw_count": post.get("draw_count", "")[:20],
        "pass_percent": post.get("pass_percent", "")[:20],
        "time_limit_minutes": post.get("time_limit_minutes", "")[:20],
        "attempts_allowed": post.get("attempts_allowed", "")[:20],
        "allow_review": post.get("allow_review") == "on",
        "counts": post.get("counts", ""),
        "published": post.get("published") == "on",
    }


def _exam_form(request, *, exam=None, values=None, error="", status=200) -> HttpResponse:
    if values is None:
        e = exam
        values = {
            "bank": (f"course:{e.course.code}" if e.course else f"level:{e.level_code}") if e else "",
            "code": e.code if e else "",
            "name_zh": e.name_zh if e else "",
            "name_en": e.name_en if e else "",
            "draw": e.draw if e else "fixed",
            "question_ids": [str(i) for i in e.questions.values_list("pk", flat=True)] if e else [],
            "draw_count": e.draw_count or "" if e else "",
            "pass_percent": e.pass_percent if e else "60",
            "time_limit_minutes": e.time_limit_minutes or "" if e else "30",
            "attempts_allowed": e.attempts_allowed or "" if e else "2",
            "allow_review": e.allow_review if e else False,
            "counts": e.counts if e else "best",
            "published": e.published if e else False,
        }
    else:
        values["bank"] = request.POST.get("bank", "")
    pool = (
        Question.objects.filter(active=True)
        .select_related("course")
        .order_by("course__code", "level_code", "pk")
    )
    context = {
        "exam": exam,
        "v": values,
        "pool": pool,
        "draws": Exam.Draw.choices,
        "counts": Exam.Counts.choices,
        "error": error,
        **_banks(request.user),
    }
    return render(request, "web/learning/exam_form.html", context, status=status)


def _save_exam(request, exam=None) -> HttpResponse:
    values = _exam_post(request.POST)
    try:
        services.exam_save(actor=Actor(user=request.user), exam=exam, **values)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _exam_form(request, exam=exam, values=values, error=str(exc), status=400)
    messages.success(request, EXAM_SAVED)
    return redirect("learning_exams")


@form_page
def exam_new(request: HttpRequest) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    if request.method == "POST":
        return _save_exam(request)
    return _exam_form(request)


@form_page
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_catalogue(request.user))
    exam = get_object_or_404(Exam.objects.select_related("course"), pk=pk)
    if request.method == "POST":
        return _save_exam(request, exam)
    return _exam_form(request, exam=exam)
