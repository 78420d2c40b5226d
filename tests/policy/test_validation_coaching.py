"""Cross-field validation of the `coaching:` section (issue 15 item 4): each problem reported at its key
path and line, with what was found."""

import pytest

from serviceladder.policy import validation as v
from serviceladder.policy.validation import check_policy_text
from tests.policy.conftest import BASE

GOOD = """
coaching:
  enabled: true
  follow_up_days: 21
  rules:
    - {code: csat-below, metric: csat_mean, kind: below_threshold, comparison: ">=", value: 4.2, months: 2}
    - {code: qa-drop, metric: qa_score, kind: drop, drop: 8, baseline_months: 3}
"""


def _check(section: str):
    return check_policy_text(BASE + section)


def test_a_good_coaching_section_is_valid():
    check = _check(GOOD)
    assert check.ok, [i.render() for i in check.issues]
    rule = check.policy.coaching.rules[0]
    assert (rule.comparison, str(rule.value), rule.months) == (">=", "4.2", 2)


@pytest.mark.parametrize(
    ("old", "new", "code", "path", "found"),
    [
        ("metric: qa_score", "metric: qa_scroe", v.UNKNOWN_METRIC, "coaching.rules[1].metric", "qa_scroe"),
        (
            "metric: qa_score",
            "metric: exam_score",
            v.UNKNOWN_METRIC,
            "coaching.rules[1].metric",
            "exam_score",
        ),
        ("code: qa-drop", "code: csat-below", v.DUPLICATE_CODE, "coaching.rules[1].code", "csat-below"),
        ('comparison: ">=", ', "", v.COACHING_THRESHOLD_NEEDED, "coaching.rules[0].comparison", "comparison"),
        ("value: 4.2, ", "", v.COACHING_THRESHOLD_NEEDED, "coaching.rules[0].value", "value"),
        ("value: 4.2", "value: 7", v.THRESHOLD_OUT_OF_RANGE, "coaching.rules[0].value", "7"),
        ("drop: 8", "drop: 0", v.COACHING_DROP_NEEDED, "coaching.rules[1].drop", "0"),
        ("drop: 8", "drop: -3", v.COACHING_DROP_NEEDED, "coaching.rules[1].drop", "-3"),
        ("drop: 8, ", "", v.COACHING_DROP_NEEDED, "coaching.rules[1].drop", "—"),
        ("drop: 8", "drop: 120", v.THRESHOLD_OUT_OF_RANGE, "coaching.rules[1].drop", "120"),
        (
            "kind: drop, drop: 8",
            "kind: drop, value: 3, drop: 8",
            v.COACHING_KEY_NOT_FOR_KIND,
            "coaching.rules[1].value",
            "value",
        ),
        ("months: 2}", "months: 2, drop: 1}", v.COACHING_KEY_NOT_FOR_KIND, "coaching.rules[0].drop", "drop"),
    ],
)
def test_bad_coaching_rules_are_reported_at_their_key(old, new, code, path, found):
    assert old in GOOD
    check = _check(GOOD.replace(old, new))
    assert not check.ok
    issue = next(i for i in check.issues if i.code == code)
    assert issue.path == path
    assert issue.found == found
    assert issue.line is not None
    assert str(v.MESSAGES[code]) % {"found": "x", "allowed": "y"}
