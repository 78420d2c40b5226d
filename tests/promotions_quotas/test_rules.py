"""The quota rules as pure functions (clause `process.quotas`): no database, no clock."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from serviceladder.promotions.rules import cycle_closed, quota_changes, quotas_below_approved

LEVELS = st.sampled_from(["L1", "L2", "L3", "EX1"])
QUOTA_MAPS = st.dictionaries(LEVELS, st.integers(min_value=0, max_value=9))


def test_quota_changes_lists_only_the_levels_that_moved_in_code_order():
    before, after = quota_changes({"L3": 2, "L2": 1, "EX1": 4}, {"L2": 1, "L3": 5, "X9": 0})
    assert before == {"EX1": 4, "L3": 2, "X9": None}
    assert after == {"EX1": None, "L3": 5, "X9": 0}
    assert list(after) == ["EX1", "L3", "X9"]
    assert quota_changes({"L2": 1}, {"L2": 1}) == ({}, {})


@given(QUOTA_MAPS, QUOTA_MAPS)
def test_quota_changes_applied_to_before_gives_after(before, after):
    old, new = quota_changes(before, after)
    assert set(old) == set(new)
    rebuilt = {k: v for k, v in {**before, **new}.items() if v is not None}
    assert rebuilt == after
    assert all(old[k] != new[k] for k in new)


def test_a_changed_quota_below_the_approvals_is_refused_with_level_approved_and_quota():
    approved = {"L2": 3, "L3": 1}
    assert quotas_below_approved({"L2": 5}, {"L2": 2}, approved) == [("L2", 3, 2)]
    assert quotas_below_approved({"L2": 5}, {"L2": 3}, approved) == []  # exactly the approvals: allowed
    assert quotas_below_approved({}, {"L3": 0}, approved) == [("L3", 1, 0)]  # "no quota" → 0 is lowering
    assert quotas_below_approved({"L2": 1}, {"L2": 2}, approved) == [("L2", 3, 2)]  # raised, still below
    assert quotas_below_approved({"L2": 5}, {"EX1": 0}, approved) == []  # L2 removed: no limit; EX1 unused


def test_an_unchanged_quota_already_overrun_by_an_override_does_not_block_other_levels():
    assert quotas_below_approved({"L2": 1, "L3": 2}, {"L2": 1, "L3": 4}, {"L2": 2}) == []


@given(QUOTA_MAPS, QUOTA_MAPS, QUOTA_MAPS)
def test_nothing_refused_is_allowed_and_every_refusal_is_a_changed_level_below_its_approvals(
    before, after, approved
):
    refused = quotas_below_approved(before, after, approved)
    for code, count, quota in refused:
        assert before.get(code) != after[code] and quota == after[code] < count == approved[code]
    refused_codes = {code for code, _c, _q in refused}
    for code, quota in after.items():
        if code not in refused_codes:
            assert before.get(code) == quota or quota >= approved.get(code, 0)


def test_a_cycle_is_closed_after_its_window_once_nothing_awaits_a_decision():
    closes = dt.date(2025, 9, 30)
    assert not cycle_closed(closes, dt.date(2025, 9, 30), 0)  # the last day of the window
    assert not cycle_closed(closes, dt.date(2025, 10, 20), 2)  # reviews still running after the window
    assert cycle_closed(closes, dt.date(2025, 10, 1), 0)
    assert not cycle_closed(closes, dt.date(2025, 8, 1), 0)  # not open yet
