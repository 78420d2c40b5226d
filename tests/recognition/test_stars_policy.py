"""Cross-field validation of the `stars:` policy section (issue 15 item 1): every problem with its key path
and code, like the rest of the policy."""

import pytest
import yaml

from serviceladder.policy.presets import preset_text
from serviceladder.policy.validation import (
    STARS_DUPLICATE_TIER,
    STARS_METRIC_NOT_MONTHLY,
    STARS_NO_TIERS,
    STARS_WALL_ABOVE_TIERS,
    THRESHOLD_OUT_OF_RANGE,
    UNKNOWN_METRIC,
    check_policy_text,
)

BASE = yaml.safe_load(preset_text("cn-standard"))


def check(change):
    data = yaml.safe_load(preset_text("cn-standard"))
    change(data["stars"])
    return check_policy_text(yaml.safe_dump(data, allow_unicode=True))


def test_the_standard_preset_stars_section_is_valid():
    assert check(lambda s: None).ok


def _set(key, value):
    def change(stars):
        stars[key] = value

    return change


def _threshold(metric, value):
    def change(stars):
        stars["tiers"][1]["conditions"]["metric_thresholds"][0] = {
            "metric": metric,
            "comparison": ">=",
            "value": value,
        }

    return change


def _duplicate(stars):
    stars["tiers"][2]["stars"] = 4


@pytest.mark.parametrize(
    ("change", "code", "path", "found"),
    [
        (_set("tiers", []), STARS_NO_TIERS, "stars.tiers", ""),
        (_duplicate, STARS_DUPLICATE_TIER, "stars.tiers[2].stars", "4"),
        (
            lambda s: s.update(tiers=[t for t in s["tiers"] if t["stars"] < 4]),
            STARS_WALL_ABOVE_TIERS,
            "stars.wall_min_stars",
            "4",
        ),
        (
            _threshold("csat_score", 4),
            UNKNOWN_METRIC,
            "stars.tiers[1].conditions.metric_thresholds[0].metric",
            "csat_score",
        ),
        (
            _threshold("csat_mean", 6),
            THRESHOLD_OUT_OF_RANGE,
            "stars.tiers[1].conditions.metric_thresholds[0].value",
            "6",
        ),
        (
            _threshold("exam_score", 80),
            STARS_METRIC_NOT_MONTHLY,
            "stars.tiers[1].conditions.metric_thresholds[0].metric",
            "exam_score",
        ),
    ],
)
def test_each_problem_has_its_key_path(change, code, path, found):
    result = check(change)
    assert not result.ok
    issues = [(i.code, i.path, i.found) for i in result.issues]
    assert (code, path, found) in issues
    assert all(i.message for i in result.issues)


def test_switched_off_without_tiers_is_fine():
    data = yaml.safe_load(preset_text("cn-standard"))
    data["stars"].update(enabled=False, tiers=[])
    data["performance_pay"]["enabled"] = False  # pay by star tier needs the tiers
    assert check_policy_text(yaml.safe_dump(data, allow_unicode=True)).ok


def test_pay_by_star_tier_needs_star_ratings():
    assert [i.code for i in check(lambda s: s.update(enabled=False, tiers=[])).issues] == ["pay_needs_stars"]
