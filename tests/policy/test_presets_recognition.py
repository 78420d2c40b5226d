"""The shipped presets switch on star ratings, performance pay, coaching and the bottom band with values
that fit each kind of contact center: e-commerce pays for volume and speed, finance for quality and
compliance."""

from decimal import Decimal

import pytest

from serviceladder.cli.main import main
from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.schema import Policy
from serviceladder.policy.validation import check_policy_text
from serviceladder.rules.metrics import METRICS

SPEED = {"aht_seconds", "first_response_minutes"}
QUALITY = {"qa_score", "complaint_rate"}


def _policy(name: str) -> Policy:
    check = check_policy_text(preset_text(name))
    assert check.issues == [], check.issues
    return check.policy


def _tier(policy: Policy, stars: int):
    return next(t for t in policy.stars.tiers if t.stars == stars)


def _metrics(policy: Policy, stars: int) -> set[str]:
    return {m.metric for m in _tier(policy, stars).conditions.metric_thresholds}


def test_the_presets_are_the_three_shipped_ones():
    assert preset_names() == ["cn-standard", "ecommerce-fast", "finance-steady"]


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_switches_the_four_sections_on_with_sensible_values(name):
    policy = _policy(name)
    assert policy.stars.enabled and policy.performance_pay.enabled
    assert policy.coaching.enabled and policy.improvement_plans.enabled
    # one to five stars, each tier once, every tier with at least one condition on figures
    assert sorted(t.stars for t in policy.stars.tiers) == [1, 2, 3, 4, 5]
    assert all(t.conditions.metric_thresholds for t in policy.stars.tiers)
    assert all(m.metric in METRICS for t in policy.stars.tiers for m in t.conditions.metric_thresholds)
    # a base bonus for every level star ratings rate (supervisory levels are never rated, so a bonus by star
    # tier would be held every month), and a coefficient for every tier and for "no star"
    pay = policy.performance_pay
    rated = {code for code, (_track, level, _rank) in policy.levels().items() if not level.supervisory}
    assert set(pay.base_by_level) == rated
    assert all(amount > 0 for amount in pay.base_by_level.values())
    assert sorted(pay.star_coefficients) == [0, 1, 2, 3, 4, 5]
    coefficients = [pay.star_coefficients[s] for s in range(6)]
    assert coefficients == sorted(coefficients) and coefficients[3] == Decimal("1.0")
    assert pay.basis == "stars" and pay.cap is not None and pay.rounding == "ROUND_HALF_UP"
    # a higher level never earns a lower base than the one below it on the same track
    for track in policy.tracks:
        bases = [pay.base_by_level[level.code] for level in track.levels if level.code in rated]
        assert bases == sorted(bases), (track.code, bases)
    # stricter tiers: the top-% condition narrows as the tier rises
    ranks = [_tier(policy, s).conditions.rank for s in (5, 4)]
    assert ranks[0].top_percent < ranks[1].top_percent
    assert policy.coaching.rules and len({r.code for r in policy.coaching.rules}) == len(
        policy.coaching.rules
    )
    assert all(r.metric in METRICS for r in policy.coaching.rules)
    bottom = policy.improvement_plans
    assert bottom.min_months_of_service >= 3 and bottom.months >= 2 and bottom.bottom_percent <= 10


def test_ecommerce_rewards_volume_and_speed_and_finance_quality_and_compliance():
    ecom, fin = _policy("ecommerce-fast"), _policy("finance-steady")
    # e-commerce: the top tiers are about speed and KPI completion, with a volume of contacts behind them
    for stars in (5, 4, 3):
        assert SPEED | {"kpi_completion"} <= _metrics(ecom, stars)
        aht = next(m for m in _tier(ecom, stars).conditions.metric_thresholds if m.metric == "aht_seconds")
        assert aht.comparison == "<=" and aht.min_sample >= 400  # contacts handled per month
    assert "qa_score" not in set().union(*(_metrics(ecom, s) for s in range(1, 6)))
    # finance: no speed condition anywhere, QA in every tier, complaints and a clean record from 3 stars
    assert not SPEED & set().union(*(_metrics(fin, s) for s in range(1, 6)))
    assert all("qa_score" in _metrics(fin, s) for s in range(1, 6))
    assert all(_metrics(fin, s) >= QUALITY for s in (5, 4, 3))
    assert all(_tier(fin, s).conditions.no_violations for s in (5, 4, 3, 2))
    qa5 = next(m for m in _tier(fin, 5).conditions.metric_thresholds if m.metric == "qa_score")
    assert qa5.aggregation == "worst_month" and qa5.value >= 95
    assert _tier(fin, 5).conditions.recognition.categories == ["customer_praise"]
    # finance rates over a quarter and pays the tier in the next quarter's months; e-commerce every month
    assert (fin.stars.period, fin.performance_pay.quarter_tier_months) == ("quarter", "next_quarter")
    assert ecom.stars.period == "month"
    # e-commerce pays a steep ladder of coefficients, finance a flat one with less room for adjustment
    spread = {
        p.name: p.performance_pay.star_coefficients[5] - p.performance_pay.star_coefficients[0]
        for p in (ecom, fin)
    }
    assert spread["ecommerce-fast"] > spread["finance-steady"]
    assert fin.performance_pay.adjustment_percent < ecom.performance_pay.adjustment_percent
    # coaching follows the same emphasis
    assert SPEED & {r.metric for r in ecom.coaching.rules}
    assert not SPEED & {r.metric for r in fin.coaching.rules}
    assert {r.metric for r in fin.coaching.rules} >= QUALITY


def test_the_standard_preset_follows_the_seed_on_half_a_year_of_service():
    policy = _policy("cn-standard")
    assert policy.stars.min_months_of_service == 6  # seed 003: agents with half a year of service or more
    assert policy.improvement_plans.min_months_of_service == 6
    assert policy.stars.wall_min_stars == 4


@pytest.mark.parametrize("name", preset_names())
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_policy_init_writes_a_file_that_validates(name, language, capsys, tmp_path):
    assert main(["policy", "init", "--preset", name, "--language", language]) == 0
    path = tmp_path / f"{name}.yaml"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["policy", "validate", str(path)]) == 0
    assert "valid policy" in capsys.readouterr().out


def test_the_plain_diff_groups_the_four_sections_by_tier_level_and_rule():
    import yaml

    from serviceladder.policy.diff import render_diff

    old = yaml.safe_load(preset_text("finance-steady"))
    new = yaml.safe_load(preset_text("finance-steady"))
    new["stars"]["tiers"][0]["conditions"]["metric_thresholds"][0]["value"] = 96
    new["stars"]["tiers"][1]["conditions"]["rank"]["top_percent"] = 30
    new["performance_pay"]["base_by_level"]["FS2"] = 1050
    new["performance_pay"]["score_bands"] = [
        {"from": 0, "coefficient": 0.8},
        {"from": 60, "coefficient": 1.0},
    ]
    new["coaching"]["rules"].append({"code": "aht-up", "metric": "aht_seconds", "kind": "drop", "drop": 30})
    new["improvement_plans"]["months"] = 4
    lines = render_diff(old, new)
    assert "star_tier 5: metric qa_score threshold 97 → 96" in lines
    assert "star_tier 4: rank.top_percent 25 → 30" in lines
    assert any(
        line.startswith("performance_pay: ")
        and "base_by_level.FS2 1000 → 1050" in line
        and "score_bands.60 added (1.0)" in line
        for line in lines
    ), lines
    assert "coaching_rule aht-up: added" in lines
    assert "improvement_plans: months 3 → 4" in lines
    assert len(lines) == 5
