"""The pure performance-pay calculation (recognition.engine.pay): the policy's boundary tables, the order
of operations (base × coefficient × proration → cap → adjustment → one rounding), proration, the cap,
adjustment bounds, the insufficient-data treatments, the quarterly mapping, and its properties."""

import datetime as dt
import decimal
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.policy.schema import PerformancePay
from serviceladder.recognition.engine import pay as engine
from serviceladder.recognition.engine.pay import PayInput

HIRED = dt.date(2020, 1, 1)


def stars_policy(**kw) -> PerformancePay:
    base = {
        "enabled": True,
        "basis": "stars",
        "base_by_level": {"CS1": "600", "CS2": "900"},
        "star_coefficients": {0: "0.6", 1: "0.8", 2: "0.9", 3: "1.0", 4: "1.2", 5: "1.5"},
        "cap": "1300",
    }
    base.update(kw)
    return PerformancePay.model_validate(base)


def bands_policy(**kw) -> PerformancePay:
    base = {
        "enabled": True,
        "basis": "score_band",
        "base_by_level": {"CS1": "1000"},
        "score_bands": [
            {"from": 0, "coefficient": "0.5"},
            {"from": 60, "coefficient": "1.0"},
            {"from": 80, "coefficient": "1.25"},
        ],
    }
    base.update(kw)
    return PerformancePay.model_validate(base)


def person(level="CS2", stars=None, score=None, hire=HIRED, leave=None) -> PayInput:
    return PayInput(1, level, hire, leave, stars=stars, star_period="2026-11", score=score)


@pytest.mark.parametrize(
    ("stars", "amount"),
    [(0, "540.00"), (1, "720.00"), (2, "810.00"), (3, "900.00"), (4, "1080.00"), (5, "1300.00")],
)
def test_star_table_with_the_cap(stars, amount):
    line = engine.propose(stars_policy(), "2026-11", person(stars=stars))
    assert line.amount == D(amount)
    assert line.rule["capped"] is (stars == 5)  # 900 × 1.5 = 1350 > 1300
    assert line.status == engine.PROPOSED


@pytest.mark.parametrize(
    ("score", "coefficient"),
    [
        (D("0"), "0.5"),
        (D("59.9999"), "0.5"),
        (D("60"), "1.0"),  # a band's lower edge is inclusive
        (D("79.99994"), "1.0"),  # rounds to 79.9999
        (D("79.99995"), "1.25"),  # rounds to 80.0000: the next band
        (D("80"), "1.25"),
        (D("100"), "1.25"),
    ],
)
def test_score_band_edges_are_inclusive_at_the_lower_end(score, coefficient):
    line = engine.propose(bands_policy(), "2026-11", person(level="CS1", score=score))
    assert line.coefficient == D(coefficient)
    assert line.amount == (D(1000) * D(coefficient)).quantize(D("0.01"))


def test_order_of_operations_proration_before_the_cap_and_one_rounding_at_the_end():
    # hired on 11 November: 20 of 30 days. 900 × 1.5 × 20/30 = 900 (under the cap of 1300: the cap comes
    # after the proration, so a prorated bonus is not capped first and prorated after)
    line = engine.propose(stars_policy(), "2026-11", person(stars=5, hire=dt.date(2026, 11, 11)))
    assert (line.rule["days"], line.rule["days_in_month"]) == (20, 30)
    assert line.proration == D("0.666667")
    assert line.amount == D("900.00") and not line.rule["capped"]
    # 600 × 0.8 × 1/30 = 16 exactly; 600 × 0.9 × 1/30 = 18; 900 × 1.2 × 1/31 = 34.838709… → 34.84
    one_day = engine.propose(stars_policy(), "2026-10", person(stars=4, leave=dt.date(2026, 10, 1)))
    assert one_day.amount == D("34.84")
    # rounding the proration first (0.032258 × 1080 = 34.838640) would agree here; with a third it does not:
    third = engine.propose(
        stars_policy(base_by_level={"CS2": "1000.01"}, cap=None),
        "2026-11",
        person(stars=3, hire=dt.date(2026, 11, 21)),
    )
    # 1000.01 × 10/30 = 333.336666… → 333.34 (never 1000.01 × 0.333333 = 333.33)
    assert third.amount == D("333.34")


@pytest.mark.parametrize(
    ("month", "hire", "leave", "days", "dim"),
    [
        ("2026-02", dt.date(2026, 2, 1), None, 28, 28),
        ("2026-02", dt.date(2026, 2, 28), None, 1, 28),
        ("2024-02", dt.date(2024, 2, 10), dt.date(2024, 2, 29), 20, 29),
        ("2026-03", dt.date(2020, 1, 1), dt.date(2026, 3, 31), 31, 31),
        ("2026-03", dt.date(2026, 3, 15), dt.date(2026, 3, 15), 1, 31),
        ("2026-03", dt.date(2026, 4, 1), None, 0, 31),  # hired after the month
        ("2026-03", dt.date(2020, 1, 1), dt.date(2026, 2, 28), 0, 31),  # left before it
    ],
)
def test_proration_counts_calendar_days_employed(month, hire, leave, days, dim):
    assert engine.days_employed(month, hire, leave) == (days, dim)


def test_no_proration_when_the_policy_says_none():
    line = engine.propose(
        stars_policy(proration="none"), "2026-11", person(stars=3, hire=dt.date(2026, 11, 30))
    )
    assert line.amount == D("900.00") and line.proration == 1


@pytest.mark.parametrize(
    ("treatment", "status", "coefficient", "amount"),
    [
        ("zero", "insufficient_data", "0", "0.00"),
        ("base", "insufficient_data", "1", "900.00"),
        ("hold", "held", "0", "0.00"),
    ],
)
def test_insufficient_data_treatments(treatment, status, coefficient, amount):
    line = engine.propose(stars_policy(insufficient_data=treatment), "2026-11", person(stars=None))
    assert (line.status, line.coefficient, line.amount) == (status, D(coefficient), D(amount))
    assert line.rule["missing"] == engine.NO_STARS and line.rule["treatment"] == treatment
    scored = engine.propose(bands_policy(insufficient_data=treatment), "2026-11", person("CS1", score=None))
    assert scored.rule["missing"] == engine.NO_SCORE and scored.status == status


@pytest.mark.parametrize(
    ("month", "period", "mapping", "code"),
    [
        ("2026-11", "month", "same_quarter", "2026-11"),
        ("2026-10", "quarter", "same_quarter", "2026Q4"),
        ("2026-12", "quarter", "same_quarter", "2026Q4"),
        ("2026-03", "quarter", "same_quarter", "2026Q1"),
        ("2026-04", "quarter", "next_quarter", "2026Q1"),
        ("2026-06", "quarter", "next_quarter", "2026Q1"),
        ("2026-01", "quarter", "next_quarter", "2025Q4"),
    ],
)
def test_quarterly_tier_maps_to_months(month, period, mapping, code):
    assert engine.star_period_paying(month, period=period, quarter_tier_months=mapping) == code


def test_adjustment_bounds_percent_cap_and_cents():
    kw = {"adjustment_percent": D("20"), "rounding": "ROUND_HALF_UP"}
    assert engine.adjusted_amount(proposal=D("1000"), cap=None, adjustment=D("200"), **kw) == D("1200.00")
    assert engine.adjusted_amount(proposal=D("1000"), cap=None, adjustment=D("-200"), **kw) == D("800.00")
    with pytest.raises(engine.AdjustmentRefused) as too_much:
        engine.adjusted_amount(proposal=D("1000"), cap=None, adjustment=D("200.01"), **kw)
    assert too_much.value.code == engine.ADJUSTMENT_TOO_LARGE
    with pytest.raises(engine.AdjustmentRefused) as above_cap:
        engine.adjusted_amount(proposal=D("1000"), cap=D("1100"), adjustment=D("100.01"), **kw)
    assert above_cap.value.code == engine.ADJUSTMENT_TOO_LARGE and above_cap.value.values["high"] == 100
    assert engine.adjusted_amount(proposal=D("1000"), cap=D("1100"), adjustment=D("100"), **kw) == D(
        "1100.00"
    )
    with pytest.raises(engine.AdjustmentRefused) as cents:
        engine.adjusted_amount(proposal=D("1000"), cap=None, adjustment=D("0.001"), **kw)
    assert cents.value.code == engine.ADJUSTMENT_NOT_CENTS
    with pytest.raises(engine.AdjustmentRefused) as held:
        engine.adjusted_amount(proposal=D("0"), cap=None, adjustment=D("1"), held=True, **kw)
    assert held.value.code == engine.ADJUSTMENT_ON_HELD


@pytest.mark.parametrize(
    ("rounding", "amount"), [("ROUND_HALF_UP", "0.13"), ("ROUND_HALF_EVEN", "0.12"), ("ROUND_DOWN", "0.12")]
)
def test_rounding_rule_of_the_policy(rounding, amount):
    # 1 × 0.125 × 1 = 0.125 exactly: the rule decides
    policy = stars_policy(base_by_level={"CS2": "1"}, star_coefficients={3: "0.125"}, rounding=rounding)
    assert engine.propose(policy, "2026-11", person(stars=3)).amount == D(amount)


# --- properties ---------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
coefficients = st.lists(
    st.decimals(min_value=0, max_value=10, places=4, allow_nan=False, allow_infinity=False),
    min_size=6,
    max_size=6,
).map(sorted)
days = st.integers(min_value=1, max_value=31)


@settings(max_examples=200, deadline=None)
@given(
    base=money,
    coefs=coefficients,
    cap=st.one_of(st.none(), money),
    low=st.integers(0, 5),
    up=st.integers(0, 5),
    day=days,
)
def test_a_better_tier_never_lowers_the_bonus(base, coefs, cap, low, up, day):
    policy = stars_policy(base_by_level={"CS2": base}, star_coefficients=dict(enumerate(coefs)), cap=cap)
    low, high = sorted((low, up))
    hire = dt.date(2026, 10, day)
    worse = engine.propose(policy, "2026-10", person(stars=low, hire=hire))
    better = engine.propose(policy, "2026-10", person(stars=high, hire=hire))
    assert better.amount >= worse.amount
    assert cap is None or better.amount <= cap


@settings(max_examples=200, deadline=None)
@given(score_a=st.decimals(0, 100, places=4), score_b=st.decimals(0, 100, places=4), base=money)
def test_a_higher_score_never_lowers_the_bonus(score_a, score_b, base):
    policy = bands_policy(base_by_level={"CS1": base})
    low, high = sorted((score_a, score_b))
    assert (
        engine.propose(policy, "2026-11", person("CS1", score=high)).amount
        >= engine.propose(policy, "2026-11", person("CS1", score=low)).amount
    )


@settings(max_examples=200, deadline=None)
@given(
    base=money,
    coef=st.decimals(0, 10, places=4),
    day=days,
    rounding=st.sampled_from(["ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"]),
)
def test_amounts_are_decimals_rounded_once_to_cents(base, coef, day, rounding):
    policy = stars_policy(
        base_by_level={"CS2": base}, star_coefficients={3: coef}, cap=None, rounding=rounding
    )
    line = engine.propose(policy, "2026-10", person(stars=3, hire=dt.date(2026, 10, day)))
    exact = base * coef * D(32 - day) / D(31)
    assert line.amount == exact.quantize(D("0.01"), rounding=getattr(decimal, rounding))
    for value in (line.amount, line.base, line.coefficient, line.proration, line.proposal):
        assert isinstance(value, D)
    assert line.amount.as_tuple().exponent == -2


@settings(max_examples=200, deadline=None)
@given(
    proposal=st.decimals(0, 100000, places=6),
    cap=st.one_of(st.none(), money),
    percent=st.decimals(0, 100, places=2),
    adjustment=st.decimals(-30000, 30000, places=2),
)
def test_an_accepted_adjustment_stays_within_its_bounds(proposal, cap, percent, adjustment):
    if cap is not None and proposal > cap:
        proposal = cap
    try:
        amount = engine.adjusted_amount(
            proposal=proposal,
            cap=cap,
            adjustment=adjustment,
            adjustment_percent=percent,
            rounding="ROUND_HALF_UP",
        )
    except engine.AdjustmentRefused:
        low, high = engine.adjustment_bounds(proposal, cap, percent)
        assert not (low <= adjustment <= high) or (cap is not None and proposal + adjustment > cap)
        return
    assert abs(adjustment) <= proposal * percent / 100
    assert amount >= 0
    assert cap is None or amount <= cap


def test_the_engine_is_pure():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in imported if m and m.split(".")[0] in ("django", "serviceladder")}
    assert "float(" not in Path(engine.__file__).read_text(encoding="utf-8")
