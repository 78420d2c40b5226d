"""PersonFacts.level_on: the level held on a date is the latest stay by date, whatever the level codes."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from serviceladder.rules.facts import PersonFacts

D = dt.date


def _person(levels) -> PersonFacts:
    return PersonFacts(employee="E1", hire_date=D(2020, 1, 1), levels=tuple(levels))


def test_a_move_back_down_is_the_level_held():
    person = _person([("L1", D(2022, 3, 1)), ("L2", D(2024, 1, 1)), ("L1", D(2025, 6, 1))])
    assert person.level_on(D(2026, 1, 1)) == ("L1", D(2025, 6, 1))
    assert person.level_on(D(2024, 6, 1)) == ("L2", D(2024, 1, 1))
    assert person.level_on(D(2021, 1, 1)) is None


def test_an_unbroken_stay_starts_at_its_first_record():
    person = _person([("L2", D(2024, 1, 1)), ("L1", D(2022, 3, 1)), ("L2", D(2025, 1, 1))])
    assert person.level_on(D(2026, 1, 1)) == ("L2", D(2024, 1, 1))


@given(
    st.lists(
        st.tuples(st.sampled_from(["L1", "L2", "L3", "A9"]), st.dates(D(2015, 1, 1), D(2030, 1, 1))),
        max_size=8,
        unique_by=lambda lv: lv[1],
    )
)
def test_the_level_held_is_the_latest_record_on_or_before_the_date(levels):
    on = D(2026, 1, 1)
    known = sorted((lv for lv in levels if lv[1] <= on), key=lambda lv: lv[1])
    found = _person(levels).level_on(on)
    assert (found is None) == (not known)
    if known:
        assert found[0] == known[-1][0]
