"""Cross-field validation of `performance_pay:` (policy/validation.py), each problem at its key path."""

import pytest

from serviceladder.policy import validation as v
from serviceladder.policy.validation import check_policy_text
from tests.recognition.pay_org import pay_policy_text

BANDS = """  basis: score_band
  score_bands:
    - {from: 0, coefficient: 0.5}
    - {from: 60, coefficient: 1.0}
    - {from: 80, coefficient: 1.2}
"""


def _issues(**overrides):
    check = check_policy_text(pay_policy_text(**overrides))
    return {(i.code, i.path) for i in check.issues}


def test_the_test_policy_is_valid():
    assert check_policy_text(pay_policy_text()).ok


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"L1: 600, ": "ZZ: 600, "},
            {
                (v.UNKNOWN_LEVEL, "performance_pay.base_by_level.ZZ"),
                (v.PAY_LEVEL_WITHOUT_BASE, "performance_pay.base_by_level"),
            },
        ),
        ({"2: 1.0, ": ""}, {(v.PAY_STAR_COEFFICIENT_MISSING, "performance_pay.star_coefficients")}),
        ({"3: 1.5": "3: 0.9"}, {(v.PAY_COEFFICIENTS_DECREASE, "performance_pay.star_coefficients[3]")}),
        (
            {"stars:\n  enabled: true": "stars:\n  enabled: false"},
            {(v.PAY_NEEDS_STARS, "performance_pay.basis")},
        ),
        ({"  basis: stars\n": BANDS}, set()),
        (
            {"  basis: stars\n": BANDS.replace("from: 0,", "from: 10,")},
            {(v.PAY_BANDS_START, "performance_pay.score_bands[0].from")},
        ),
        (
            {"  basis: stars\n": BANDS.replace("from: 80,", "from: 60,")},
            {(v.PAY_BANDS_NOT_ASCENDING, "performance_pay.score_bands[2].from")},
        ),
        (
            {"  basis: stars\n": BANDS.replace("coefficient: 1.2", "coefficient: 0.7")},
            {(v.PAY_COEFFICIENTS_DECREASE, "performance_pay.score_bands[2].coefficient")},
        ),
        ({"cap: 1200": "cap: -1"}, {(v.OUT_OF_RANGE, "performance_pay.cap")}),
        # a supervisory level is never rated: a bonus by star tier would be held every month
        (
            {"X1: 1200}": "X1: 1200, L3: 1500}"},
            {(v.PAY_LEVEL_NEVER_RATED, "performance_pay.base_by_level.L3")},
        ),
        ({"  basis: stars\n": BANDS, "X1: 1200}": "X1: 1200, L3: 1500}"}, set()),
    ],
)
def test_problems_are_reported_at_their_key_path(overrides, expected):
    found = _issues(**overrides)
    assert expected <= found if expected else not found, found


def test_a_disabled_section_is_not_checked():
    text = pay_policy_text(
        **{"performance_pay:\n  enabled: true": "performance_pay:\n  enabled: false", "3: 1.5": "3: 0.1"}
    )
    assert check_policy_text(text).ok


def test_messages_render_in_both_languages():
    from django.utils import translation

    check = check_policy_text(pay_policy_text(**{"3: 1.5": "3: 0.9"}))
    with translation.override("en"):
        assert "never pays less" in check.issues[0].render()
