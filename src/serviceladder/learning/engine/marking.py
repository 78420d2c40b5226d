"""Marking exam answers (issue 17 item 5): pure functions over plain values, no Django.

A choice question scores all or nothing: single choice gets its points exactly when the one answer given is
the one right key; multiple choice exactly when the set given equals the set of right keys (no partial
credit, so guessing every box earns nothing); true/false exactly when "true" or "false" matches. A short
answer has no automatic mark: it stays None until a person marks it (0 to its points)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT = "short"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT)
AUTOMATIC = (SINGLE, MULTIPLE, TRUE_FALSE)


@dataclass(frozen=True)
class QuestionKey:
    """What marking needs of a question: its id, kind, right keys and points."""

    id: int
    kind: str
    correct: tuple[str, ...]
    points: Decimal


def _keys(answer) -> list[str]:
    """The keys an answer names: a list of keys, or one key as text; anything else names none."""
    if isinstance(answer, str):
        return [answer] if answer else []
    if isinstance(answer, list | tuple):
        return [a for a in answer if isinstance(a, str) and a]
    return []


def mark_answer(question: QuestionKey, answer) -> Decimal | None:
    """The points one answer earns: full points or zero for the choice kinds, None for a short answer
    (a person marks it). An unanswered question earns zero."""
    if question.kind == SHORT:
        return None
    given = _keys(answer)
    right = set(question.correct)
    if question.kind in (SINGLE, TRUE_FALSE):
        ok = len(given) == 1 and len(right) == 1 and given[0] in right
    elif question.kind == MULTIPLE:
        ok = bool(right) and len(given) == len(set(given)) and set(given) == right
    else:
        raise ValueError(f"unknown question kind {question.kind!r}")
    return question.points if ok else Decimal(0)


@dataclass(frozen=True)
class Marking:
    """The marks of one attempt: {question id (str): points or None}, the total of the marks given, the
    maximum, and whether a person still has short answers to mark."""

    marks: dict[str, Decimal | None]
    total: Decimal
    maximum: Decimal
    complete: bool

    def percent(self) -> Decimal:
        return percent(self.total, self.maximum)


def mark_attempt(
    questions: Iterable[QuestionKey],
    answers: Mapping[str, object],
    person_marks: Mapping[str, Decimal] | None = None,
) -> Marking:
    """Mark every question of an attempt: the choice kinds automatically, short answers from
    `person_marks` (a person's marks by question id; missing ones leave the attempt incomplete)."""
    person_marks = person_marks or {}
    marks: dict[str, Decimal | None] = {}
    total = Decimal(0)
    maximum = Decimal(0)
    for question in questions:
        key = str(question.id)
        maximum += question.points
        mark = mark_answer(question, answers.get(key))
        if mark is None and key in person_marks:
            mark = Decimal(person_marks[key])
            if mark < 0 or mark > question.points:
                raise ValueError(f"mark {mark} outside 0..{question.points} for question {key}")
        marks[key] = mark
        if mark is not None:
            total += mark
    return Marking(marks=marks, total=total, maximum=maximum, complete=None not in marks.values())


def percent(total: Decimal, maximum: Decimal) -> Decimal:
    """The score as a percent of the maximum, to two places (0 when there is nothing to score)."""
    if maximum <= 0:
        return Decimal("0.00")
    return (Decimal(total) * 100 / Decimal(maximum)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def passed(score_percent: Decimal, pass_percent: Decimal) -> bool:
    return Decimal(score_percent) >= Decimal(pass_percent)


def deadline_passed(now, deadline) -> bool:
    """True once the server's clock reaches the deadline (None: no time limit)."""
    return deadline is not None and now >= deadline
