"""Exam attempts (issue 17 item 5): start, autosave, submit, close at the deadline, mark short answers.

The server's clock is the only clock: an attempt's deadline is its start plus the exam's time limit, fixed
when it starts, so a reload or a second tab sees the same attempt and the same deadline. After the deadline
nothing the person sends is accepted; the answers autosaved before it are submitted as they stood (marked
`timed_out`), by whichever comes first: the person's next request, or the periodic step. One attempt in
progress per person and exam is a database constraint; the service also refuses a second start with a clear
error. Each marked attempt writes one `org.ExamResult` (the exam's code, the day it was submitted, the score
as a percent of the maximum, out of 100), which the eligibility engine's `exam_score` condition reads."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_mark_attempts, can_take_exam, user_employee
from serviceladder.audit.services import SYSTEM, Actor, audit_record
from serviceladder.core.translatable import Message, names_of
from serviceladder.learning.engine import marking
from serviceladder.learning.errors_exams import (
    ANSWER_TOO_LONG,
    CANNOT_MARK,
    MARK_MISSING,
    MARK_RANGE,
    NO_QUESTIONS,
    NOT_AWAITING,
    ONE_CHOICE,
    UNKNOWN_CHOICE,
    UNKNOWN_QUESTION,
    AnswerInvalid,
    AttemptClosed,
    AttemptInProgress,
    AttemptNotFound,
    AttemptsUsedUp,
    AttemptTimeUp,
    ExamNotAllowed,
    ExamNotOpen,
    MarkInvalid,
)
from serviceladder.learning.models import Attempt, Exam, Question
from serviceladder.notifications.services import notify
from serviceladder.org.models import ExamResult

SHORT_LIMIT = 4000
MARKED_TITLE = _("Your exam is marked: {exam}")
MARKED_BODY = _("You scored {score}% (pass mark {pass_mark}%).")


def question_keys(questions) -> list[marking.QuestionKey]:
    return [
        marking.QuestionKey(id=q.pk, kind=q.kind, correct=tuple(q.correct or ()), points=Decimal(q.points))
        for q in questions
    ]


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions in the order drawn (a question later retired still belongs to it)."""
    by_id = Question.objects.in_bulk(attempt.question_ids)
    return [by_id[i] for i in attempt.question_ids if i in by_id]


def remark(attempt: Attempt) -> marking.Marking:
    """Mark the attempt's stored answers again (with the person's stored marks of short answers)."""
    questions = attempt_questions(attempt)
    short = {str(q.pk) for q in questions if q.kind == Question.Kind.SHORT}
    person = {k: Decimal(str(v)) for k, v in (attempt.marks or {}).items() if k in short and v is not None}
    return marking.mark_attempt(question_keys(questions), attempt.answers or {}, person)


def _draw(exam: Exam) -> list[int]:
    pool = list(exam.questions.filter(active=True).order_by("pk").values_list("pk", flat=True))
    if exam.draw == Exam.Draw.RANDOM and exam.draw_count:
        pool = random.SystemRandom().sample(pool, min(exam.draw_count, len(pool)))
    return pool


def attempts_used(exam: Exam, employee) -> int:
    return Attempt.objects.filter(exam=exam, employee=employee).count()


def attempt_start(*, user, exam: Exam, now: dt.datetime | None = None) -> Attempt:
    """Open a new attempt for the user at a published exam: refused while one is in progress (a reload or a
    second tab continues that one instead), when the attempts allowed are used up, or when the exam is
    closed. Its deadline is fixed now."""
    now = now or timezone.now()
    if not exam.published:
        raise ExamNotOpen()
    if not can_take_exam(user, exam):
        raise ExamNotAllowed()
    employee = user_employee(user)
    with transaction.atomic():
        # Lock the person's attempts of this exam so two simultaneous starts count the same attempts.
        mine = list(Attempt.objects.select_for_update().filter(exam=exam, employee=employee))
        for attempt in mine:
            if attempt.state == Attempt.State.IN_PROGRESS and not _close_if_overdue(attempt, now):
                raise AttemptInProgress()
        if exam.attempts_allowed is not None and len(mine) >= exam.attempts_allowed:
            raise AttemptsUsedUp(allowed=exam.attempts_allowed)
        question_ids = _draw(exam)
        if not question_ids:
            raise ExamNotOpen(NO_QUESTIONS)
        number = (
            Attempt.objects.filter(exam=exam, employee=employee).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        deadline = now + dt.timedelta(minutes=exam.time_limit_minutes) if exam.time_limit_minutes else None
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    exam=exam,
                    employee=employee,
                    number=number,
                    started_at=now,
                    deadline_at=deadline,
                    question_ids=question_ids,
                )
        except IntegrityError as exc:
            # Another tab started one between our check and our write: the constraint decides.
            raise AttemptInProgress() from exc
        audit_record(
            actor=Actor(user=user, channel="web"),
            action="learning.attempt_start",
            employee=employee,
            obj=attempt,
            after={
                "exam": exam.code,
                "number": number,
                "deadline_at": deadline.isoformat() if deadline else None,
            },
        )
    return attempt


def attempt_get(user, pk: int, *, now: dt.datetime | None = None) -> Attempt:
    """The user's own attempt (anyone else's looks absent), closed first when its deadline has passed."""
    employee = user_employee(user)
    attempt = (
        Attempt.objects.select_related("exam", "employee").filter(pk=pk, employee=employee).first()
        if employee is not None
        else None
    )
    if attempt is None:
        raise AttemptNotFound()
    if attempt.state == Attempt.State.IN_PROGRESS:
        with transaction.atomic():
            locked = Attempt.objects.select_for_update().select_related("exam", "employee").get(pk=attempt.pk)
            _close_if_overdue(locked, now or timezone.now())
        attempt = locked
    return attempt


def in_progress(user, exam: Exam, *, now: dt.datetime | None = None) -> Attempt | None:
    """The user's attempt of `exam` in progress (closed first if it is overdue), or None."""
    employee = user_employee(user)
    if employee is None:
        return None
    found = Attempt.objects.filter(exam=exam, employee=employee, state=Attempt.State.IN_PROGRESS).first()
    if found is None:
        return None
    attempt = attempt_get(user, found.pk, now=now)
    return attempt if attempt.state == Attempt.State.IN_PROGRESS else None


def _clean_answers(attempt: Attempt, raw: dict) -> dict:
    """The answers as stored: {question id: [keys]} for choices, {question id: text} for a short answer.
    Unknown questions or choices are refused; empty answers are left out."""
    questions = {str(q.pk): q for q in attempt_questions(attempt)}
    out: dict = {}
    for key, value in raw.items():
        question = questions.get(str(key))
        if question is None:
            raise AnswerInvalid(UNKNOWN_QUESTION, question=str(key)[:20])
        if question.kind == Question.Kind.SHORT:
            text = value if isinstance(value, str) else ""
            text = text.strip()
            if len(text) > SHORT_LIMIT:
                raise AnswerInvalid(ANSWER_TOO_LONG, question=key, length=len(text), limit=SHORT_LIMIT)
            if text:
                out[str(key)] = text
            continue
        given = [value] if isinstance(value, str) else list(value or [])
        given = [g for g in given if g]
        if question.kind == Question.Kind.TRUE_FALSE:
            allowed = ["true", "false"]
        else:
            allowed = [c["key"] for c in question.choices]
        for g in given:
            if g not in allowed:
                raise AnswerInvalid(
                    UNKNOWN_CHOICE, question=key, found=str(g)[:20], allowed=", ".join(allowed)
                )
        if question.kind != Question.Kind.MULTIPLE and len(given) > 1:
            raise AnswerInvalid(ONE_CHOICE, question=key, count=len(given))
        if given:
            out[str(key)] = sorted(set(given), key=allowed.index)
    return out


def _lock_own(user, attempt: Attempt) -> Attempt:
    employee = user_employee(user)
    locked = (
        Attempt.objects.select_for_update()
        .select_related("exam", "employee")
        .filter(pk=attempt.pk, employee=employee)
        .first()
        if employee is not None
        else None
    )
    if locked is None:
        raise AttemptNotFound()
    return locked


def attempt_save(*, user, attempt: Attempt, answers: dict, now: dt.datetime | None = None) -> Attempt:
    """Autosave: replace the attempt's answers with `answers` (the whole form). Refused after the deadline
    (the answers saved before it are submitted then) and once the attempt is submitted."""
    now = now or timezone.now()
    closed = False
    with transaction.atomic():
        locked = _lock_own(user, attempt)
        if locked.state != Attempt.State.IN_PROGRESS:
            raise AttemptClosed()
        closed = _close_if_overdue(locked, now)
        if not closed:
            locked.answers = _clean_answers(locked, answers)
            locked.saved_at = now
            locked.save(update_fields=["answers", "saved_at"])
    if closed:
        raise AttemptTimeUp()
    return locked


def attempt_submit(
    *, user, attempt: Attempt, answers: dict | None = None, now: dt.datetime | None = None
) -> Attempt:
    """The person hands the attempt in (with the form's last answers). After the deadline the submission is
    refused: the answers autosaved before it are submitted instead, and AttemptTimeUp says so."""
    now = now or timezone.now()
    closed = False
    with transaction.atomic():
        locked = _lock_own(user, attempt)
        if locked.state != Attempt.State.IN_PROGRESS:
            raise AttemptClosed()
        closed = _close_if_overdue(locked, now)
        if not closed:
            if answers is not None:
                locked.answers = _clean_answers(locked, answers)
                locked.saved_at = now
            _finish(locked, now, timed_out=False, actor=Actor(user=user, channel="web"))
    if closed:
        raise AttemptTimeUp()
    return locked


def _close_if_overdue(attempt: Attempt, now: dt.datetime) -> bool:
    """Submit a locked attempt in progress with its autosaved answers once its deadline has passed."""
    if attempt.state != Attempt.State.IN_PROGRESS or not marking.deadline_passed(now, attempt.deadline_at):
        return False
    _finish(attempt, attempt.deadline_at, timed_out=True, actor=SYSTEM)
    return True


def _finish(attempt: Attempt, when: dt.datetime, *, timed_out: bool, actor: Actor) -> None:
    attempt.submitted_at = when
    attempt.timed_out = timed_out
    result = remark(attempt)
    attempt.marks = {k: (str(v) if v is not None else None) for k, v in result.marks.items()}
    attempt.max_score = result.maximum
    fields = ["answers", "saved_at", "submitted_at", "timed_out", "marks", "max_score", "state"]
    if result.complete:
        attempt.state = Attempt.State.MARKED
        fields += _mark_done(attempt, result, marked_by=None, when=when)
    else:
        attempt.state = Attempt.State.AWAITING_MARKING
    attempt.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="learning.attempt_submit",
        employee=attempt.employee,
        obj=attempt,
        after={
            "exam": attempt.exam.code,
            "number": attempt.number,
            "timed_out": timed_out,
            "state": attempt.state,
        },
    )


def _mark_done(attempt: Attempt, result: marking.Marking, *, marked_by, when: dt.datetime) -> list[str]:
    """A fully marked attempt: its score and pass, and the one exam result it writes."""
    exam = attempt.exam
    score = result.percent()
    attempt.score = result.total
    attempt.passed = marking.passed(score, exam.pass_percent)
    attempt.marked_by = marked_by
    attempt.marked_at = when
    attempt.result = ExamResult.objects.create(
        employee=attempt.employee,
        date=timezone.localtime(attempt.submitted_at).date(),
        name=exam.name_zh or exam.name_en,
        name_alt=exam.name_en if exam.name_zh else "",
        score=score,
        max_score=Decimal(100),
        exam_code=exam.code,
    )
    return ["score", "passed", "marked_by", "marked_at", "result"]


def _mark_value(raw, question: Question) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise MarkInvalid(
            MARK_RANGE, question=question.pk, points=question.points, found=str(raw)[:20]
        ) from None
    if not value.is_finite() or value < 0 or value > question.points:
        raise MarkInvalid(MARK_RANGE, question=question.pk, points=question.points, found=str(raw)[:20])
    return value


def attempt_mark(*, user, attempt: Attempt, marks: dict, now: dt.datetime | None = None) -> Attempt:
    """HR or a trainer of the exam's course marks every short answer of an attempt awaiting marking; the
    attempt is then marked, its exam result written, and the person told."""
    now = now or timezone.now()
    if not can_mark_attempts(user, attempt.exam):
        raise ExamNotAllowed(CANNOT_MARK)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("exam", "employee").get(pk=attempt.pk)
        if locked.state != Attempt.State.AWAITING_MARKING:
            raise MarkInvalid(NOT_AWAITING)
        person = {}
        for question in attempt_questions(locked):
            if question.kind != Question.Kind.SHORT:
                continue
            raw = marks.get(str(question.pk), "")
            if raw in (None, ""):
                raise MarkInvalid(MARK_MISSING, question=question.pk)
            person[str(question.pk)] = _mark_value(raw, question)
        locked.marks = {**(locked.marks or {}), **{k: str(v) for k, v in person.items()}}
        result = remark(locked)
        locked.marks = {k: (str(v) if v is not None else None) for k, v in result.marks.items()}
        locked.state = Attempt.State.MARKED
        fields = ["marks", "state", *_mark_done(locked, result, marked_by=user, when=now)]
        locked.save(update_fields=fields)
        audit_record(
            actor=Actor(user=user, channel="web"),
            action="learning.attempt_mark",
            employee=locked.employee,
            obj=locked,
            after={"exam": locked.exam.code, "number": locked.number, "score": str(locked.result.score)},
        )
        person_user = getattr(locked.employee, "user", None)
        if person_user is not None:
            notify(
                recipients=[person_user],
                kind="learning.exam_marked",
                title=Message(MARKED_TITLE, exam=names_of(locked.exam)),
                body=Message(
                    MARKED_BODY, score=str(locked.result.score), pass_mark=str(locked.exam.pass_percent)
                ),
                url=reverse("learning_attempt", args=[locked.pk]),
                actor=user,
            )
    return locked


def attempts_close_overdue(now: dt.datetime | None = None, *, employee=None) -> dict:
    """The periodic step (and a person's pages, for their own attempts): submit every attempt whose deadline
    has passed with its autosaved answers."""
    now = now or timezone.now()
    closed = 0
    overdue = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline_at__lte=now)
    if employee is not None:
        overdue = overdue.filter(employee=employee)
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().select_related("exam", "employee").get(pk=pk)
            closed += _close_if_overdue(attempt, now)
    return {"closed": closed}
