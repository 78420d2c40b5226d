"""Exams in the browser (issue 17 item 5): an exam's page with its start button, the taking page (one column,
autosaved with htmx, the server's deadline counted down by web/exam.js), the result page (the questions only
when the exam allows review), and the markers' page for short answers. Thin: access through accounts.scoping
and the exam selectors, writes through learning.services.attempts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import can_mark_attempts, can_take_exam, user_employee
from serviceladder.core.errors import DomainError
from serviceladder.core.i18n import pick
from serviceladder.learning.errors_exams import ATTEMPT_CLOSED, TIME_UP, AttemptNotFound, AttemptTimeUp
from serviceladder.learning.models import Attempt, Question
from serviceladder.learning.selectors import exams as selectors
from serviceladder.learning.services import attempts as services
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

SUBMITTED = gettext_lazy("Your answers are submitted.")
MARKED = gettext_lazy("The attempt is marked; the person is told.")
TRUE_FALSE = (("true", gettext_lazy("True")), ("false", gettext_lazy("False")))


def _answers_from(post, attempt: Attempt) -> dict:
    """The form's answers by question id: a list of keys for a choice question, the text of a short one."""
    kinds = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("pk", "kind"))
    out: dict = {}
    for qid in attempt.question_ids:
        values = post.getlist(f"q{qid}")
        if not values:
            continue
        out[str(qid)] = values[0] if kinds.get(qid) == Question.Kind.SHORT else values
    return out


def _options(question: Question) -> list[tuple[str, str]]:
    if question.kind == Question.Kind.TRUE_FALSE:
        return [(key, str(label)) for key, label in TRUE_FALSE]
    return [(c["key"], pick(c.get("zh", ""), c.get("en", ""))) for c in question.choices]


def _items(attempt: Attempt, *, review: bool) -> list[dict]:
    answers = attempt.answers or {}
    marks = attempt.marks or {}
    items = []
    for number, q in enumerate(services.attempt_questions(attempt), start=1):
        given = answers.get(str(q.pk))
        items.append(
            {
                "q": q,
                "number": number,
                "options": _options(q),
                "given": given if isinstance(given, list) else [],
                "text": given if isinstance(given, str) else "",
                "right": list(q.correct or []) if review else [],
                "mark": marks.get(str(q.pk)),
                "input": "checkbox" if q.kind == Question.Kind.MULTIPLE else "radio",
            }
        )
    return items


@form_page
def exam_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An exam open to take: what it asks, the attempts used; POST starts an attempt (or continues the one in
    progress)."""
    exam = selectors.exam_get(request.user, pk)
    me = user_employee(request.user)
    require(can_take_exam(request.user, exam))
    current = services.in_progress(request.user, exam)
    if request.method == "POST":
        if current is not None:
            return redirect("learning_attempt", pk=current.pk)
        try:
            attempt = services.attempt_start(user=request.user, exam=exam)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("learning_exam", pk=exam.pk)
        return redirect("learning_attempt", pk=attempt.pk)
    mine = list(selectors.attempts_of(request.user, me).filter(exam=exam))
    used = len(mine)
    context = {
        "exam": exam,
        "current": current,
        "attempts": mine,
        "used": used,
        "can_start": current is None and (exam.attempts_allowed is None or used < exam.attempts_allowed),
        "count": exam.draw_count
        if exam.draw == exam.Draw.RANDOM and exam.draw_count
        else exam.questions.count(),
    }
    return render(request, "web/learning/exam.html", context)


@read_only
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own attempt: the taking page while it is in progress (a reload restores the saved answers
    and the same deadline), its result afterwards."""
    attempt = services.attempt_get(request.user, pk)
    exam = attempt.exam
    if attempt.state == Attempt.State.IN_PROGRESS:
        context = {
            "attempt": attempt,
            "exam": exam,
            "items": _items(attempt, review=False),
            "deadline": attempt.deadline_at.isoformat() if attempt.deadline_at else "",
            "server_now": timezone.now().isoformat(),
            "remaining": _remaining(attempt),
        }
        return render(request, "web/learning/attempt_take.html", context)
    review = exam.allow_review and attempt.state == Attempt.State.MARKED
    context = {
        "attempt": attempt,
        "exam": exam,
        "review": review,
        "items": _items(attempt, review=True) if review else [],
    }
    return render(request, "web/learning/attempt_result.html", context)


def _remaining(attempt: Attempt) -> str:
    """The time left as M:SS, for the page without script (the script counts it down)."""
    if attempt.deadline_at is None:
        return ""
    seconds = max(0, int((attempt.deadline_at - timezone.now()).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _hx_redirect(request, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@form_page
def attempt_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (htmx, on every change): the saved time, or a redirect to the result once time is up."""
    attempt = services.attempt_get(request.user, pk)
    if request.method != "POST":
        return redirect("learning_attempt", pk=attempt.pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return _hx_redirect(request, attempt_url(attempt))
    try:
        attempt = services.attempt_save(
            user=request.user, attempt=attempt, answers=_answers_from(request.POST, attempt)
        )
    except AttemptTimeUp as exc:
        messages.error(request, str(exc))
        return _hx_redirect(request, attempt_url(attempt))
    except AttemptNotFound:
        raise
    except DomainError as exc:
        return render(request, "web/learning/_attempt_saved.html", {"error": str(exc)}, status=400)
    if not request.headers.get("HX-Request"):
        return redirect("learning_attempt", pk=attempt.pk)
    return render(request, "web/learning/_attempt_saved.html", {"attempt": attempt})


def attempt_url(attempt: Attempt) -> str:
    return reverse("learning_attempt", args=[attempt.pk])


@form_page
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the attempt in; after the deadline the autosaved answers were submitted instead (it says so)."""
    attempt = services.attempt_get(request.user, pk)
    if request.method != "POST":
        return redirect("learning_attempt", pk=attempt.pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        messages.error(request, str(TIME_UP if attempt.timed_out else ATTEMPT_CLOSED))
        return redirect("learning_attempt", pk=attempt.pk)
    try:
        services.attempt_submit(
            user=request.user, attempt=attempt, answers=_answers_from(request.POST, attempt)
        )
    except AttemptNotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("learning_attempt", pk=attempt.pk)
    messages.success(request, SUBMITTED)
    return redirect("learning_attempt", pk=attempt.pk)


@form_page
def attempt_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """A marker's page: the short answers of an attempt awaiting marking, with the marking guide."""
    attempt = Attempt.objects.select_related("exam", "employee").filter(pk=pk).first()
    require(attempt is not None and can_mark_attempts(request.user, attempt.exam))
    error = ""
    status = 200
    if request.method == "POST":
        marks = {k[1:]: v for k, v in request.POST.items() if k.startswith("m")}
        try:
            services.attempt_mark(user=request.user, attempt=attempt, marks=marks)
        except DomainError as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, MARKED)
            return redirect("learning")
    items = [i for i in _items(attempt, review=True) if i["q"].kind == Question.Kind.SHORT]
    context = {
        "attempt": attempt,
        "exam": attempt.exam,
        "items": items,
        "error": error,
        "posted": request.POST,
    }
    return render(request, "web/learning/attempt_mark.html", context, status=status)
