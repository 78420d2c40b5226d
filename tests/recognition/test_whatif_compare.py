"""The pure what-if comparison of stars and pay (recognition.engine.whatif): no database. Star results come
from the real engine on the standard preset's tiers, proposals from the real pay engine."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.policy.presets import preset_text
from serviceladder.policy.validation import parse_policy
from serviceladder.recognition.engine.pay import PayInput, propose_many
from serviceladder.recognition.engine.stars import StarFacts, compile_stars, rate
from serviceladder.recognition.engine.whatif import (
    GAINED,
    LOST,
    NOT_RATED,
    STATUS,
    TIER_NOT_ELIGIBLE,
    UNCHANGED,
    compare_pay,
    compare_stars,
)
from serviceladder.rules.explain import render_check

POLICY = parse_policy(preset_text("cn-standard"))
MONTH = "2026-11"
FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
HIRED = dt.date(2024, 1, 10)


def _stars(text_change: tuple[str, str] | None = None):
    text = preset_text("cn-standard")
    if text_change:
        assert text_change[0] in text
        text = text.replace(*text_change, 1)
    return compile_stars(parse_policy(text).stars, (MONTH,), FIRST, LAST)


NOW = _stars()
# tier 4's CSAT bar from 4.6 to 4.7
STRICTER = _stars(
    (
        '{metric: csat_mean, comparison: ">=", value: 4.6, min_sample: 30}',
        '{metric: csat_mean, comparison: ">=", value: 4.7, min_sample: 30}',
    )
)


def facts(csat=4.65, qa=92.0, pct=20.0, hired=HIRED):
    return StarFacts(
        hire_date=hired,
        figures={MONTH: {"csat_mean": csat, "qa_score": qa, "csat_rated": 40, "contacts": 400}},
        pcts={MONTH: pct},
        sizes={MONTH: 20},
    )


PEOPLE = {
    "A": facts(),  # 4 stars now, 3 under the stricter draft (CSAT 4.65 < 4.7)
    "B": facts(csat=4.75),  # 4 stars under both
    "C": facts(csat=4.5, qa=86.0),  # 3 stars under both
    "D": facts(hired=dt.date(2026, 9, 1)),  # not eligible yet under both
}


def _results(compiled, people=PEOPLE):
    return {k: rate(compiled, f) for k, f in people.items()}


def test_a_stricter_bar_costs_exactly_the_person_under_it_a_tier_with_the_reason():
    c = compare_stars(_results(NOW), _results(STRICTER), teams={"A": "t1", "B": "t1", "C": "t2", "D": "t2"})
    kinds = {x.employee: x.kind for x in c.changes}
    assert kinds == {"A": LOST, "B": UNCHANGED, "C": UNCHANGED, "D": UNCHANGED}
    (a,) = c.losses
    assert (a.before_stars, a.after_stars, a.tier) == (4, 3, 4)
    assert [(x.key, x.before.status, x.after.status) for x in a.checks] == [("csat_mean", "pass", "fail")]
    assert "at least 4.7 needed" in render_check(a.checks[0].after, "en")
    assert c.counts.cells() == [(4, 2, 1, -1), (3, 1, 2, 1), (TIER_NOT_ELIGIBLE, 1, 1, 0)]
    assert c.by_team["t1"].cells() == [(4, 2, 1, -1), (3, 0, 1, 1)]
    assert not c.gains


def test_the_mirror_is_a_gain_with_the_same_condition():
    c = compare_stars(_results(STRICTER), _results(NOW))
    (a,) = c.gains
    assert (a.employee, a.kind, a.before_stars, a.after_stars) == ("A", GAINED, 3, 4)
    assert [(x.key, x.before.status, x.after.status) for x in a.checks] == [("csat_mean", "fail", "pass")]


def test_a_person_one_policy_does_not_rate_counts_as_not_rated():
    before = _results(NOW)
    c = compare_stars(before, {})  # the draft switches stars off
    assert all(x.kind == LOST for x in c.changes if x.before_stars)
    assert c.counts.after == {NOT_RATED: 4}
    d = next(x for x in c.changes if x.employee == "D")
    assert d.kind == STATUS  # not eligible yet → not rated: no tier either way, another status


def test_a_longer_service_requirement_explains_itself_by_the_service_condition():
    longer = _stars(("min_months_of_service: 6", "min_months_of_service: 36"))
    c = compare_stars(_results(NOW), _results(longer))
    a = next(x for x in c.changes if x.employee == "A")
    assert a.kind == LOST and a.after_stars == 0
    assert [x.clause for x in a.checks] and all(x.after is not None for x in a.checks)


def _pay_people():
    return [
        PayInput(1, "CS1", HIRED, stars=4, star_period=MONTH),
        PayInput(2, "CS2", HIRED, stars=3, star_period=MONTH),
        PayInput(3, "CS2", dt.date(2026, 11, 16), stars=2, star_period=MONTH),  # 15 of 30 days
        PayInput(4, "CS1", HIRED, stars=None, star_period=MONTH),  # held
    ]


def test_raising_a_base_changes_the_teams_total_by_exactly_the_prorated_difference():
    pay = POLICY.performance_pay
    draft = pay.model_copy(update={"base_by_level": {**pay.base_by_level, "CS2": Decimal("1000.10")}})
    teams = {1: "t1", 2: "t1", 3: "t2", 4: "t2"}
    c = compare_pay(
        propose_many(pay, MONTH, _pay_people()), propose_many(draft, MONTH, _pay_people()), teams=teams
    )
    by_team = {t.team: t for t in c.by_team}
    # person 2: 900 × 1.0 → 1000.10 × 1.0;
    # person 3: 900 × 0.9 × 15/30 = 405 → 1000.10 × 0.9 / 2 = 450.045 → 450.05 (ROUND_HALF_UP)
    assert by_team["t1"].difference == Decimal("100.10")
    assert by_team["t2"].difference == Decimal("45.05")
    assert c.total.difference == Decimal("145.15")
    assert [x.employee for x in c.largest(5)] == [2, 3]
    assert c.changed == 2


amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(amounts, amounts, st.sampled_from(["t1", "t2", None])), max_size=25))
def test_team_differences_add_up_to_the_total_exactly(rows):
    from serviceladder.recognition.engine.pay import Proposal

    def p(i, amount):
        return Proposal(i, "CS1", "proposed", amount, Decimal(1), Decimal(1), None, amount, amount)

    before = [p(i, b) for i, (b, _a, _t) in enumerate(rows)]
    after = [p(i, a) for i, (_b, a, _t) in enumerate(rows)]
    c = compare_pay(before, after, teams={i: t for i, (_b, _a, t) in enumerate(rows)})
    assert sum((t.difference for t in c.by_team), Decimal(0)) == c.total.difference
    assert c.total.difference == sum((a - b for b, a, _t in rows), Decimal(0))
    assert sum(t.people for t in c.by_team) == len(rows)
    diffs = [abs(x.difference) for x in c.largest(len(rows))]
    assert diffs == sorted(diffs, reverse=True)
