"""Marking (issue 17 item 3): HR, a course's trainer or the person's lead marks attendance, completion (with
a score or evidence) or failure; the person takes an online course at their own pace (start, progress,
complete). A completion is written by learning.services.completions.record_completion, the one writer the
eligibility engine and the development record read. Nobody marks their own enrolment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.scoping import can_mark_enrolment, user_employee
from serviceladder.audit.services import Actor
from serviceladder.learning.engine import states
from serviceladder.learning.errors_enrolments import (
    CANNOT_MARK,
    COMPLETED_ON,
    NOT_STARTED,
    NOT_YOURS,
    PROGRESS,
    SCORE,
    TEXT_TOO_LONG,
    EnrolmentInvalid,
    EnrolmentNotAllowed,
)
from serviceladder.learning.models import Completion, Enrolment
from serviceladder.learning.services import _moves
from serviceladder.learning.services.completions import record_completion

EVIDENCE_LIMIT = 500


def _require_mark(actor: Actor, enrolment: Enrolment) -> None:
    user = actor.user
    me = user_employee(user) if user is not None else None
    if user is None or (me is not None and me.pk == enrolment.employee_id):
        raise EnrolmentNotAllowed(CANNOT_MARK)
    if not can_mark_enrolment(user, enrolment):
        raise EnrolmentNotAllowed(CANNOT_MARK)


def _require_own(actor: Actor, enrolment: Enrolment) -> None:
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None or me.pk != enrolment.employee_id:
        raise EnrolmentNotAllowed(NOT_YOURS)


def _score(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise EnrolmentInvalid(SCORE, found=str(raw)[:40]) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise EnrolmentInvalid(SCORE, found=str(raw)[:40])
    return value.quantize(Decimal("0.01"))


def _day(raw, today: dt.date) -> dt.date:
    if raw in (None, ""):
        return today
    value = raw
    if isinstance(raw, str):
        try:
            value = dt.date.fromisoformat(raw.strip())
        except ValueError:
            value = None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date) or value > today:
        raise EnrolmentInvalid(COMPLETED_ON, found=str(raw)[:40])
    return value


def _evidence(raw) -> str:
    text = (raw or "").strip()
    if len(text) > EVIDENCE_LIMIT:
        raise EnrolmentInvalid(TEXT_TOO_LONG, length=len(text), limit=EVIDENCE_LIMIT)
    return text


@transaction.atomic
def enrolment_attend(*, actor: Actor, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    """Mark that the person attended their session (once it has started)."""
    enrolment = _moves.locked(enrolment)
    _require_mark(actor, enrolment)
    _moves.target(enrolment, states.ATTEND)
    if enrolment.session is None or enrolment.session.starts_at > (now or timezone.now()):
        raise EnrolmentInvalid(NOT_STARTED)
    return _moves.move(enrolment, states.ATTEND, actor=actor, audit_extra={"session": enrolment.session_id})


def _complete(
    enrolment: Enrolment,
    *,
    actor: Actor,
    completed_on: dt.date,
    score: Decimal | None,
    evidence: str,
    source: str,
    fields: dict | None = None,
) -> Completion:
    _moves.move(
        enrolment,
        states.COMPLETE,
        actor=actor,
        fields=fields,
        audit_extra={"completed_on": completed_on.isoformat()},
    )
    return record_completion(
        enrolment.employee,
        actor=actor,
        completed_on=completed_on,
        course=enrolment.course,
        score=score,
        evidence=evidence,
        enrolment=enrolment,
        source=source,
    )


@transaction.atomic
def enrolment_complete(
    *,
    actor: Actor,
    enrolment: Enrolment,
    completed_on=None,
    score=None,
    evidence: str = "",
    today: dt.date | None = None,
) -> Completion:
    """Mark the enrolment completed on a day up to today, with an optional score (0–100) and evidence;
    writes the completion (valid for the course's validity) that `required_trainings` counts."""
    today = today or timezone.localdate()
    enrolment = _moves.locked(enrolment)
    _require_mark(actor, enrolment)
    _moves.target(enrolment, states.COMPLETE)
    day = _day(completed_on, today)
    return _complete(
        enrolment,
        actor=actor,
        completed_on=day,
        score=_score(score),
        evidence=_evidence(evidence),
        source=Completion.Source.MARKED,
    )


@transaction.atomic
def enrolment_fail(*, actor: Actor, enrolment: Enrolment, score=None, note: str = "") -> Enrolment:
    """Mark the enrolment failed (with an optional score and note); no completion is written. The lead or HR
    may enrol the person again."""
    enrolment = _moves.locked(enrolment)
    _require_mark(actor, enrolment)
    _moves.target(enrolment, states.FAIL)
    value = _score(score)
    return _moves.move(
        enrolment,
        states.FAIL,
        actor=actor,
        note=_evidence(note),
        audit_extra={"score": str(value) if value is not None else None},
    )


@transaction.atomic
def online_start(*, actor: Actor, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    """The person starts their online course."""
    enrolment = _moves.locked(enrolment)
    _require_own(actor, enrolment)
    return _moves.move(
        enrolment, states.START, actor=actor, fields={"started_at": now or timezone.now(), "progress": 0}
    )


def _progress(raw) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise EnrolmentInvalid(PROGRESS, found=str(raw)[:40]) from None
    if not 0 <= value <= 100:
        raise EnrolmentInvalid(PROGRESS, found=value)
    return value


@transaction.atomic
def online_progress(
    *, actor: Actor, enrolment: Enrolment, progress, today: dt.date | None = None
) -> Enrolment | Completion:
    """The person records how far they got (0–100); at 100 the course is completed and the completion
    written (source: online). Returns the enrolment, or the completion when it completes."""
    enrolment = _moves.locked(enrolment)
    _require_own(actor, enrolment)
    value = _progress(progress)
    if value == 100:
        _moves.target(enrolment, states.COMPLETE)
        if enrolment.state != states.IN_PROGRESS:
            _moves.target(enrolment, states.PROGRESS)  # an online course completes once started
        return _complete(
            enrolment,
            actor=actor,
            completed_on=today or timezone.localdate(),
            score=None,
            evidence="",
            source=Completion.Source.ONLINE,
            fields={"progress": 100},
        )
    return _moves.move(
        enrolment, states.PROGRESS, actor=actor, fields={"progress": value}, audit_extra={"progress": value}
    )
