"""Marking is exact for every question kind (pure; issue 17 item 5)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.learning.engine.marking import (
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    QuestionKey,
    mark_answer,
    mark_attempt,
    percent,
)

KEYS = ["a", "b", "c", "d"]
P = Decimal(2)


@pytest.mark.parametrize(
    ("kind", "correct", "answer", "expected"),
    [
        (SINGLE, ("b",), ["b"], P),
        (SINGLE, ("b",), "b", P),
        (SINGLE, ("b",), ["a"], 0),
        (SINGLE, ("b",), ["a", "b"], 0),
        (SINGLE, ("b",), [], 0),
        (SINGLE, ("b",), None, 0),
        (MULTIPLE, ("a", "c"), ["a", "c"], P),
        (MULTIPLE, ("a", "c"), ["c", "a"], P),
        (MULTIPLE, ("a", "c"), ["a"], 0),
        (MULTIPLE, ("a", "c"), ["a", "b", "c"], 0),
        (MULTIPLE, ("a", "c"), ["a", "a", "c"], 0),
        (MULTIPLE, ("a", "c"), KEYS, 0),
        (MULTIPLE, ("a", "c"), None, 0),
        (TRUE_FALSE, ("true",), ["true"], P),
        (TRUE_FALSE, ("true",), ["false"], 0),
        (TRUE_FALSE, ("false",), "false", P),
        (TRUE_FALSE, ("false",), ["true", "false"], 0),
        (SHORT, (), "a thoughtful answer", None),
        (SHORT, (), None, None),
    ],
)
def test_each_kind_is_marked_exactly(kind, correct, answer, expected):
    assert mark_answer(QuestionKey(1, kind, correct, P), answer) == expected


choice_sets = st.sets(st.sampled_from(KEYS))


@settings(max_examples=200, deadline=None)
@given(right=choice_sets.filter(bool), given_=st.lists(st.sampled_from(KEYS), max_size=6))
def test_multiple_choice_scores_only_the_exact_set(right, given_):
    mark = mark_answer(QuestionKey(1, MULTIPLE, tuple(sorted(right)), P), given_)
    exact = set(given_) == right and len(given_) == len(set(given_))
    assert mark == (P if exact else 0)


@settings(max_examples=200, deadline=None)
@given(right=st.sampled_from(KEYS), given_=st.lists(st.sampled_from(KEYS), max_size=3))
def test_single_choice_scores_only_the_one_right_key(right, given_):
    mark = mark_answer(QuestionKey(1, SINGLE, (right,), P), given_)
    assert mark == (P if given_ == [right] else 0)


question = st.builds(
    QuestionKey,
    id=st.integers(1, 10_000),
    kind=st.sampled_from([SINGLE, MULTIPLE, TRUE_FALSE, SHORT]),
    correct=st.sets(st.sampled_from(KEYS), min_size=1, max_size=2).map(lambda s: tuple(sorted(s))),
    points=st.decimals(min_value=Decimal("0.5"), max_value=10, places=1),
)


@settings(max_examples=200, deadline=None)
@given(
    qs=st.lists(question, max_size=8, unique_by=lambda q: q.id),
    answers=st.dictionaries(st.integers(1, 10_000).map(str), st.lists(st.sampled_from(KEYS), max_size=3)),
)
def test_an_attempt_totals_its_marks_and_waits_for_short_answers(qs, answers):
    result = mark_attempt(qs, answers)
    assert result.maximum == sum((q.points for q in qs), Decimal(0))
    assert result.total == sum((m for m in result.marks.values() if m is not None), Decimal(0))
    assert 0 <= result.total <= result.maximum
    assert result.complete == (not any(q.kind == SHORT for q in qs))
    shorts = {str(q.id): q.points for q in qs if q.kind == SHORT}
    full = mark_attempt(qs, answers, shorts)
    assert full.complete
    assert full.total == result.total + sum(shorts.values(), Decimal(0))


def test_a_person_mark_outside_the_points_is_refused():
    q = QuestionKey(7, SHORT, (), Decimal(4))
    with pytest.raises(ValueError):
        mark_attempt([q], {}, {"7": Decimal(5)})


@pytest.mark.parametrize(
    ("total", "maximum", "expected"),
    [(0, 10, "0.00"), (10, 10, "100.00"), (2, 3, "66.67"), (1, 3, "33.33"), (5, 0, "0.00")],
)
def test_percent(total, maximum, expected):
    assert percent(Decimal(total), Decimal(maximum)) == Decimal(expected)
