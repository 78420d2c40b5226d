"""A stored decision (eligibility.serialize.decision_to_data) reads back as the very Decision the engine made,
through JSON, for any value a check may carry."""

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    Decision,
    Projection,
)
from serviceladder.eligibility.serialize import decision_from_data, decision_to_data
from serviceladder.rules.clauses import CheckResult

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | dates
    | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5) | st.integers(0, 9), inner, max_size=3)
    ),
    max_leaves=8,
)
months = st.lists(st.from_regex(r"20[0-9]{2}-(0[1-9]|1[0-2])", fullmatch=True), max_size=6).map(tuple)
checks = st.builds(
    CheckResult,
    clause=st.sampled_from(["metric_threshold", "min_months_in_level", "exam", "no_violations"]),
    status=st.sampled_from(["pass", "fail", "insufficient_data"]),
    required=values,
    actual=values,
    months=months,
    earliest=st.none() | dates,
    code=st.text(max_size=12),
    values=st.dictionaries(st.text(max_size=6), values, max_size=4),
    key=st.text(max_size=6),
    blocking=st.booleans(),
)
projections = st.builds(
    Projection,
    items=st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6), dates), max_size=3).map(tuple),
    ready_on=st.none() | dates,
    rest_met=st.booleans(),
)
decisions = st.builds(
    Decision,
    employee=st.text(min_size=1, max_size=8),
    from_level=st.text(max_size=4),
    to_level=st.text(max_size=4),
    kind=st.sampled_from(["promotion", "lateral"]),
    track=st.sampled_from(["management", "expert", "transfer"]),
    status=st.sampled_from([ELIGIBLE, NOT_YET, BLOCKED, INSUFFICIENT_DATA]),
    earliest=st.none() | dates,
    checks=st.lists(checks, max_size=4).map(tuple),
    projection=projections,
    policy_version=st.none() | st.text(max_size=4),
    as_of=dates,
)


def same(a, b) -> bool:
    """Equal, with NaN equal to itself and the types kept (a tuple is no list, a date no string)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


@given(decisions)
def test_a_decision_round_trips_through_json(decision):
    stored = json.loads(json.dumps(decision_to_data(decision), allow_nan=False))
    back = decision_from_data(stored)
    assert isinstance(back, Decision)
    assert isinstance(back.projection, Projection)
    assert all(isinstance(c, CheckResult) for c in back.checks)
    assert same(back, decision)


def test_types_survive_that_plain_json_would_lose():
    check = CheckResult(
        "exam",
        "fail",
        (80.0, 12),
        {"score": Decimal("79.50"), "on": dt.date(2026, 1, 5)},
        ("2026-01",),
        dt.date(2026, 3, 1),
        "exam_low",
        {"n": 3, "gap": float("inf")},
    )
    decision = Decision(
        "E1", "L1", "L2", "promotion", "management", NOT_YET, dt.date(2026, 3, 1), (check,),
        Projection((("exam", "", dt.date(2026, 3, 1)),), None, False), "v2", dt.date(2026, 1, 10),
    )  # fmt: skip
    back = decision_from_data(json.loads(json.dumps(decision_to_data(decision), allow_nan=False)))
    assert back == decision
    assert back.checks[0].required == (80.0, 12)
    assert back.checks[0].actual["score"] == Decimal("79.50")
    assert back.checks[0].actual["on"] == dt.date(2026, 1, 5)
