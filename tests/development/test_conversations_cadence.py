"""The cadence of conversations and plans (development/cadence.py), pure: boundaries and properties."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.development.cadence import (
    CONVERSATION,
    DIRECTION_REVIEW,
    FIRST_PLAN,
    Cadence,
    Due,
    PersonFacts,
    add_months,
    direction_review,
    due_items,
    first_plan,
    next_conversation,
    overdue_items,
)

CADENCE = Cadence(conversation_every_months=3, direction_review_after_months=6, first_plan_within_days=30)
HIRED = dt.date(2026, 1, 10)
BEFORE = dt.date(2025, 12, 1)  # switched on before the hire
# A shared machine can be slow; the properties matter, not the speed of drawing inputs.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def test_a_first_plan_is_due_30_days_after_hire_and_overdue_the_day_after():
    due = first_plan(PersonFacts(hire_date=HIRED), CADENCE, BEFORE)
    assert due == Due(FIRST_PLAN, dt.date(2026, 2, 9))  # hire + 30 days exactly
    assert not due.overdue(dt.date(2026, 2, 9))
    assert due.overdue(dt.date(2026, 2, 10))


def test_a_person_with_an_open_plan_owes_no_first_plan():
    assert first_plan(PersonFacts(hire_date=HIRED, has_open_plan=True), CADENCE, BEFORE) is None


def test_switched_on_after_the_hire_the_clock_starts_on_the_switch_on_day():
    switched = dt.date(2026, 5, 20)
    facts = PersonFacts(hire_date=dt.date(2020, 3, 1))
    assert first_plan(facts, CADENCE, switched).due == dt.date(2026, 6, 19)
    assert next_conversation(facts, CADENCE, switched).due == dt.date(2026, 8, 20)
    assert direction_review(facts, CADENCE, switched) is None  # six months of service long before
    assert overdue_items(facts, CADENCE, switched, switched) == []  # nobody is overdue on the first day


def test_the_direction_review_is_owed_only_by_those_who_reach_six_months_once_switched_on():
    switched = dt.date(2026, 5, 20)
    reaching_it_on_the_day = PersonFacts(hire_date=dt.date(2025, 11, 20))
    assert direction_review(reaching_it_on_the_day, CADENCE, switched) == Due(DIRECTION_REVIEW, switched)
    assert direction_review(PersonFacts(hire_date=dt.date(2025, 11, 19)), CADENCE, switched) is None
    assert direction_review(PersonFacts(hire_date=dt.date(2026, 3, 1)), CADENCE, switched).due == dt.date(
        2026, 9, 1
    )


def test_the_first_conversation_is_due_one_cadence_after_hire():
    assert next_conversation(PersonFacts(hire_date=HIRED), CADENCE, BEFORE) == Due(
        CONVERSATION, dt.date(2026, 4, 10)
    )


def test_the_next_conversation_is_the_date_agreed_else_the_cadence_after_the_last():
    agreed = PersonFacts(hire_date=HIRED, last_held_on=dt.date(2026, 3, 1), last_next_on=dt.date(2026, 4, 15))
    assert next_conversation(agreed, CADENCE, BEFORE).due == dt.date(2026, 4, 15)
    open_ended = PersonFacts(hire_date=HIRED, last_held_on=dt.date(2026, 3, 1))
    assert next_conversation(open_ended, CADENCE, BEFORE).due == dt.date(2026, 6, 1)


def test_a_date_agreed_before_the_switch_on_day_does_not_make_anyone_overdue():
    facts = PersonFacts(hire_date=HIRED, last_held_on=dt.date(2026, 2, 1), last_next_on=dt.date(2026, 3, 1))
    switched = dt.date(2026, 4, 1)
    assert next_conversation(facts, CADENCE, switched).due == dt.date(2026, 7, 1)


def test_the_direction_review_is_due_at_six_months_of_service_once():
    assert direction_review(PersonFacts(hire_date=HIRED), CADENCE, BEFORE) == Due(
        DIRECTION_REVIEW, dt.date(2026, 7, 10)
    )
    assert direction_review(PersonFacts(hire_date=HIRED, direction_review_held=True), CADENCE, BEFORE) is None
    off = Cadence(direction_review_after_months=0)
    assert direction_review(PersonFacts(hire_date=HIRED), off, BEFORE) is None


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


facts_strategy = st.builds(
    PersonFacts,
    hire_date=days,
    last_held_on=st.none() | days,
    last_next_on=st.none() | days,
    direction_review_held=st.booleans(),
    has_open_plan=st.booleans(),
)
cadences = st.builds(
    Cadence,
    conversation_every_months=st.integers(1, 24),
    direction_review_after_months=st.integers(0, 60),
    first_plan_within_days=st.integers(1, 365),
)


@RELAXED
@given(facts_strategy, cadences, days)
def test_nothing_is_ever_overdue_on_the_switch_on_day(facts, cadence, switched):
    assert overdue_items(facts, cadence, switched, switched) == []


@RELAXED
@given(facts_strategy, cadences, days)
def test_every_due_date_is_on_or_after_the_switch_on_day_and_sorted(facts, cadence, switched):
    items = due_items(facts, cadence, switched)
    assert all(d.due >= switched for d in items)
    assert [d.due for d in items] == sorted(d.due for d in items)
    assert {d.kind for d in items} >= {CONVERSATION}


@RELAXED
@given(facts_strategy, cadences, days, st.integers(0, 400))
def test_overdue_means_the_due_date_has_passed(facts, cadence, switched, later):
    today = switched + dt.timedelta(days=later)
    for d in due_items(facts, cadence, switched):
        assert (d in overdue_items(facts, cadence, switched, today)) == (d.due < today)


@RELAXED
@given(days, st.integers(-120, 120))
def test_add_months_lands_in_the_right_month_never_later_in_it(day, months):
    got = add_months(day, months)
    assert (got.year * 12 + got.month) - (day.year * 12 + day.month) == months
    assert got.day <= day.day
