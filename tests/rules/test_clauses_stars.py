"""The star-tier clauses (issue 15 item 1): top X % in every month of the period, with the peer group's
minimum size, and recognition received — at the boundaries, and their monotone properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.rules import clauses, explain
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS
from serviceladder.rules.facts import ViolationFact

Q4 = ("2026-10", "2026-11", "2026-12")


def rank(pcts, sizes, top=10.0, min_group=5, months=Q4):
    return clauses.period_rank(pcts, sizes, months, top_percent=top, min_group=min_group)


@pytest.mark.parametrize(
    ("pcts", "sizes", "status", "code"),
    [
        (dict.fromkeys(Q4, 10.0), dict.fromkeys(Q4, 10), PASS, "stars_rank.pass"),  # exactly at the top 10 %
        (
            {"2026-10": 10.0, "2026-11": 10.000001, "2026-12": 5.0},
            dict.fromkeys(Q4, 10),
            FAIL,
            "stars_rank.outside",
        ),
        ({"2026-10": 5.0, "2026-12": 5.0}, dict.fromkeys(Q4, 10), INSUFFICIENT, "stars_rank.missing"),
        (dict.fromkeys(Q4, 50.0), dict.fromkeys(Q4, 4), PASS, "stars_rank.not_applied"),  # group of 4 < 5
        (
            dict.fromkeys(Q4, 50.0),
            dict.fromkeys(Q4, 5),
            FAIL,
            "stars_rank.outside",
        ),  # group of exactly 5 applies
        (
            {"2026-10": 50.0, "2026-11": 8.0, "2026-12": 9.0},
            {"2026-10": 3, "2026-11": 12, "2026-12": 12},
            PASS,
            "stars_rank.pass_partly_applied",
        ),
        (
            {"2026-10": 50.0, "2026-11": 8.0, "2026-12": None},
            dict.fromkeys(Q4, 3),
            INSUFFICIENT,
            "stars_rank.missing",
        ),
    ],
)
def test_period_rank_boundaries(pcts, sizes, status, code):
    check = rank(pcts, sizes)
    assert (check.status, check.code) == (status, code)
    for language in ("en", "zh"):
        assert explain.render_check(check, language)


def test_a_small_group_says_the_condition_was_not_applied_and_why():
    check = rank(dict.fromkeys(Q4, 90.0), dict.fromkeys(Q4, 3))
    assert check.status == PASS
    assert explain.render_check(check, "en") == (
        "top-10% condition not applied: the peer group has 3 people, fewer than the minimum of 5"
    )
    assert "不适用" in explain.render_check(check, "zh")


def test_the_failing_month_is_named():
    check = rank({"2026-10": 5.0, "2026-11": 30.0, "2026-12": 5.0}, dict.fromkeys(Q4, 10))
    assert check.values["month"] == "2026-11"
    assert "2026-11 was 30%" in explain.render_check(check, "en")


@given(
    st.lists(st.floats(min_value=0.1, max_value=100), min_size=3, max_size=3),
    st.lists(st.integers(min_value=1, max_value=50), min_size=3, max_size=3),
    st.integers(min_value=0, max_value=2),
    st.floats(min_value=0, max_value=50),
    st.floats(min_value=1, max_value=100),
)
def test_a_better_rank_never_turns_a_pass_into_a_fail(pcts, sizes, month, gain, top):
    before = dict(zip(Q4, pcts, strict=True))
    after = dict(before)
    after[Q4[month]] = max(0.1, before[Q4[month]] - gain)
    size_map = dict(zip(Q4, sizes, strict=True))
    first = rank(before, size_map, top=top)
    second = rank(after, size_map, top=top)
    if first.status == PASS:
        assert second.status == PASS


@pytest.mark.parametrize(
    ("counts", "min_count", "categories", "status"),
    [
        ({"customer_praise": 2}, 2, (), PASS),
        ({"customer_praise": 1}, 2, (), FAIL),
        ({}, 1, (), FAIL),  # none received is a count of zero, not missing data
        ({"customer_praise": 1, "going_beyond": 1}, 2, (), PASS),
        ({"customer_praise": 1, "going_beyond": 1}, 2, ("customer_praise",), FAIL),
        ({"customer_praise": 1, "going_beyond": 1}, 2, ("customer_praise", "going_beyond"), PASS),
    ],
)
def test_recognition_received(counts, min_count, categories, status):
    check = clauses.recognition_received(counts, min_count=min_count, categories=categories)
    assert check.status == status
    assert check.actual == sum(counts.get(c, 0) for c in (categories or counts))
    for language in ("en", "zh"):
        assert explain.render_check(check, language)


@given(
    st.dictionaries(
        st.sampled_from(["customer_praise", "helping_colleague", "going_beyond"]), st.integers(0, 5)
    ),
    st.sampled_from(["customer_praise", "helping_colleague", "going_beyond"]),
    st.integers(min_value=1, max_value=8),
)
def test_one_more_recognition_never_turns_a_pass_into_a_fail(counts, category, min_count):
    more = dict(counts)
    more[category] = more.get(category, 0) + 1
    if clauses.recognition_received(counts, min_count=min_count).status == PASS:
        assert clauses.recognition_received(more, min_count=min_count).status == PASS


@pytest.mark.parametrize(
    ("violation", "status"),
    [
        (dt.date(2026, 9, 30), PASS),  # the day before the quarter
        (dt.date(2026, 10, 1), FAIL),  # its first day
        (dt.date(2026, 12, 31), FAIL),  # its last day
        (dt.date(2027, 1, 1), PASS),  # after it
    ],
)
def test_no_violations_over_the_period_dates(violation, status):
    """The stars engine asks `no_violations` for len(period) months as of the period's last day: exactly
    the violations dated in the period."""
    check = clauses.no_violations([ViolationFact(violation)], months=3, as_of=dt.date(2026, 12, 31))
    assert check.status == status
