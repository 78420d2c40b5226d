"""The pure what-if comparison: examples, then properties over generated decision lists."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    Decision,
    Projection,
)
from serviceladder.eligibility.whatif import (
    ADDED,
    BETTER,
    GAINED,
    KINDS,
    LOST,
    MIRROR,
    REMOVED,
    STATUSES,
    UNCHANGED,
    WORSE,
    compare,
)
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, CheckResult

AS_OF = dt.date(2026, 7, 1)


def check(clause="min_months_in_level", status=PASS, key="", earliest=None):
    return CheckResult(clause, status, 12, 12, (), earliest, "tenure.met", {}, key)


def decision(employee, status, *, to="L2", frm="L1", earliest=None, checks=(), version="v1"):
    return Decision(
        employee,
        frm,
        to,
        "promotion",
        "management",
        status,
        earliest,
        tuple(checks),
        Projection((), None, True),
        version,
        AS_OF,
    )


def test_threshold_lowered_gains_one_and_counts_move():
    tenure_fail = check(status=FAIL, earliest=dt.date(2026, 9, 1))
    csat_fail = check("metric_threshold", FAIL, key="csat_mean")
    csat_pass = check("metric_threshold", PASS, key="csat_mean")
    before = [
        decision("A", NOT_YET, checks=[check(), csat_fail]),
        decision("B", ELIGIBLE, checks=[check(), csat_pass]),
        decision("C", NOT_YET, earliest=dt.date(2026, 9, 1), checks=[tenure_fail, csat_pass]),
    ]
    after = [
        decision("A", ELIGIBLE, checks=[check(), csat_pass]),
        decision("B", ELIGIBLE, checks=[check(), csat_pass]),
        decision("C", NOT_YET, earliest=dt.date(2026, 9, 1), checks=[tenure_fail, csat_pass]),
    ]
    result = compare(before, after, teams={"A": "t1", "B": "t1", "C": "t2"})
    assert [(c.employee, c.kind) for c in result.changes] == [
        ("A", GAINED),
        ("B", UNCHANGED),
        ("C", UNCHANGED),
    ]
    (gain,) = result.gains
    assert gain.before_status == NOT_YET and gain.after_status == ELIGIBLE
    # the explanation: only the CSAT check flipped
    assert [(c.clause, c.key, c.before.status, c.after.status) for c in gain.checks] == [
        ("metric_threshold", "csat_mean", FAIL, PASS)
    ]
    assert result.losses == [] and result.only_after == [] and result.only_before == []
    assert result.people.before == {NOT_YET: 2, ELIGIBLE: 1}
    assert result.people.after == {NOT_YET: 1, ELIGIBLE: 2}
    assert result.people.delta(ELIGIBLE) == 1 and result.people.delta(NOT_YET) == -1
    t1 = result.by_team["t1"]
    assert (t1.before, t1.after) == ({NOT_YET: 1, ELIGIBLE: 1}, {ELIGIBLE: 2})
    assert not result.by_team["t2"].changed
    assert result.by_level["L1"].cells()[0] == (ELIGIBLE, 1, 2, 1)
    assert list(result.by_target) == ["L2"]


def test_earlier_and_later_dates_are_better_and_worse():
    early, late = dt.date(2026, 8, 1), dt.date(2026, 12, 1)
    before = [decision("A", NOT_YET, earliest=late), decision("B", NOT_YET, earliest=early)]
    after = [decision("A", NOT_YET, earliest=early), decision("B", NOT_YET, earliest=late)]
    kinds = {c.employee: c.kind for c in compare(before, after).changes}
    assert kinds == {"A": BETTER, "B": WORSE}
    # a date is better than no date (effort needed); blocked is the worst
    assert (
        compare([decision("A", NOT_YET)], [decision("A", NOT_YET, earliest=late)]).changes[0].kind == BETTER
    )
    assert compare([decision("A", INSUFFICIENT_DATA)], [decision("A", BLOCKED)]).changes[0].kind == WORSE


def test_steps_only_in_one_policy():
    before = [decision("A", ELIGIBLE, to="L2"), decision("A", NOT_YET, to="X1")]
    after = [
        decision("A", ELIGIBLE, to="L2"),
        decision("A", NOT_YET, to="L9"),
        decision("B", ELIGIBLE, to="L9"),
    ]
    result = compare(before, after)
    kinds = {(c.employee, c.to_level): c.kind for c in result.changes}
    assert kinds == {("A", "L2"): UNCHANGED, ("A", "X1"): REMOVED, ("A", "L9"): ADDED, ("B", "L9"): GAINED}
    assert {(c.employee, c.to_level) for c in result.only_after} == {("A", "L9"), ("B", "L9")}
    assert [(c.employee, c.to_level) for c in result.only_before] == [("A", "X1")]
    # B had no step before: counted only after
    assert result.people.before == {ELIGIBLE: 1} and result.people.after == {ELIGIBLE: 2}
    assert result.by_target["X1"].after == {} and result.by_target["L9"].after == {NOT_YET: 1, ELIGIBLE: 1}
    # a removed step where the person was eligible is a loss
    assert {c[:3]: c.kind for c in compare(after, before).changes}[("B", "L1", "L9")] == LOST


def test_a_new_failing_condition_explains_a_loss_and_a_passing_one_does_not():
    new_exam = check("exam_score", FAIL)
    new_training = check("required_trainings", PASS)
    before = [decision("A", ELIGIBLE, checks=[check()])]
    after = [decision("A", NOT_YET, checks=[check(), new_exam, new_training])]
    (loss,) = compare(before, after).losses
    assert loss.kind == LOST
    assert [(c.clause, c.before, c.after.status) for c in loss.checks] == [("exam_score", None, FAIL)]


def test_two_checks_of_one_clause_pair_in_order():
    mean_ok, every_fail = (
        check("metric_threshold", PASS, "csat_mean"),
        check("metric_threshold", FAIL, "csat_mean"),
    )
    before = [decision("A", NOT_YET, checks=[mean_ok, every_fail])]
    after = [decision("A", ELIGIBLE, checks=[mean_ok, mean_ok])]
    (gain,) = compare(before, after).gains
    assert len(gain.checks) == 1 and gain.checks[0].before is every_fail


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="two before decisions"):
        compare([decision("A", ELIGIBLE), decision("A", NOT_YET)], [])


# ---------------------------------------------------------------- properties

EMPLOYEES = st.sampled_from(["E1", "E2", "E3", "E4", "E5"])
TARGETS = st.sampled_from(["L2", "L3", "X1"])
STATUS = st.sampled_from([ELIGIBLE, NOT_YET, BLOCKED, INSUFFICIENT_DATA])
DATES = st.sampled_from([None, dt.date(2026, 8, 1), dt.date(2026, 9, 15), dt.date(2027, 1, 1)])
CHECKS = st.lists(
    st.builds(
        check,
        st.sampled_from(["min_months_in_level", "metric_threshold", "exam_score"]),
        st.sampled_from([PASS, FAIL, INSUFFICIENT]),
        st.sampled_from(["", "csat_mean"]),
        DATES,
    ),
    max_size=4,
)
LEVEL_OF = {"E1": "L1", "E2": "L1", "E3": "L2", "E4": "L2", "E5": "L1"}
TEAM_OF = {"E1": "t1", "E2": "t2", "E3": "t1", "E4": None, "E5": "t2"}


@st.composite
def decision_lists(draw):
    keys = draw(st.lists(st.tuples(EMPLOYEES, TARGETS), unique=True, max_size=12))
    out = []
    for employee, target in keys:
        status = draw(STATUS)
        earliest = draw(DATES) if status == NOT_YET else None
        out.append(
            decision(
                employee, status, frm=LEVEL_OF[employee], to=target, earliest=earliest, checks=draw(CHECKS)
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(decision_lists())
def test_comparing_a_policy_with_itself_changes_nothing(ds):
    result = compare(ds, ds, teams=TEAM_OF)
    assert all(c.kind == UNCHANGED and c.checks == () for c in result.changes)
    assert result.gains == result.losses == result.status_changes == []
    for tally in (result.people, result.decisions, *result.by_team.values(), *result.by_level.values()):
        assert not tally.changed


@settings(max_examples=300, deadline=None)
@given(decision_lists(), decision_lists())
def test_swapping_sides_swaps_gains_and_losses(a, b):
    forward, backward = compare(a, b, teams=TEAM_OF), compare(b, a, teams=TEAM_OF)
    keys = lambda changes: {c[:3] for c in changes}  # noqa: E731
    assert keys(forward.gains) == keys(backward.losses)
    assert keys(forward.losses) == keys(backward.gains)
    assert keys(forward.only_after) == keys(backward.only_before)
    assert {c[:3]: MIRROR[c.kind] for c in forward.changes} == {c[:3]: c.kind for c in backward.changes}
    for f, r in zip(forward.changes, backward.changes, strict=True):
        assert sorted(map(repr, ((c.clause, c.key, c.before, c.after) for c in f.checks))) == sorted(
            map(repr, ((c.clause, c.key, c.after, c.before) for c in r.checks))
        )
    for s in STATUSES:
        assert forward.people.delta(s) == -backward.people.delta(s)


@settings(max_examples=300, deadline=None)
@given(decision_lists(), decision_lists())
def test_counts_add_up(a, b):
    result = compare(a, b, teams=TEAM_OF)
    kinds = [c.kind for c in result.changes]
    assert set(kinds) <= set(KINDS)
    assert len(result.changes) == len({d[:3] for d in a} | {d[:3] for d in b})
    for side, ds in (("before", a), ("after", b)):
        people = getattr(result.people, side)
        assert sum(people.values()) == len({d.employee for d in ds})
        for grouping in (result.by_team, result.by_level):
            total = {s: sum(getattr(t, side).get(s, 0) for t in grouping.values()) for s in STATUSES}
            assert total == {s: people.get(s, 0) for s in STATUSES}
        steps = {s: sum(getattr(t, side).get(s, 0) for t in result.by_target.values()) for s in STATUSES}
        assert steps == {s: sum(d.status == s for d in ds) for s in STATUSES}
        assert sum(getattr(result.decisions, side).values()) == len(ds)
    # a person is eligible (best status) exactly when some step of theirs is
    eligible_after = {d.employee for d in b if d.status == ELIGIBLE}
    assert result.people.after.get(ELIGIBLE, 0) == len(eligible_after)


@settings(max_examples=300, deadline=None)
@given(decision_lists(), decision_lists())
def test_gains_are_exactly_the_improvements(a, b):
    result = compare(a, b)
    before, after = {d[:3]: d for d in a}, {d[:3]: d for d in b}
    for c in result.changes:
        was = c[:3] in before and before[c[:3]].status == ELIGIBLE
        now = c[:3] in after and after[c[:3]].status == ELIGIBLE
        assert (c.kind == GAINED) == (now and not was)
        assert (c.kind == LOST) == (was and not now)
        if c.kind == UNCHANGED:
            assert c.before_status == c.after_status
            assert c.before.earliest == c.after.earliest
