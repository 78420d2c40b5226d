"""Cross-field validation of the `wellbeing:` section (issue 16): each problem reported at its key path and
line, with what was found."""

import pytest

from serviceladder.policy import validation as v
from serviceladder.policy.validation import check_policy_text
from tests.policy.conftest import BASE

GOOD = """
wellbeing:
  enabled: true
  stages:
    typical_months_by_level: {L1: 18, L2: 30}
  signals:
    - {code: workload, kind: workload, metric: contacts, percent: 25, months: 3}
    - {code: aht-up, kind: worsening, metric: aht_seconds, months: 3}
    - {code: complaints, kind: threshold, metric: complaint_rate, comparison: "<=", value: 2%, months: 2}
    - {code: qa-slide, kind: drop, level: act, metric: qa_score, drop: 8, baseline_months: 3}
    - {code: plateau, kind: plateau, months: 6}
    - {code: setback, kind: setback, months: 3}
    - {code: drained, kind: pulse, theme: exhaustion, value: 4}
  pulse:
    questions:
      - {code: exhaustion, theme: exhaustion, high_is_bad: true, zh: 我常感到疲惫, en: I feel drained}
      - {code: achievement, theme: achievement, zh: 我有成就感, en: I feel I achieve}
      - {code: path, theme: path_clarity, zh: 路径清楚, en: I see my path}
"""


def _check(section: str):
    return check_policy_text(BASE + section)


def test_a_good_wellbeing_section_is_valid():
    check = _check(GOOD)
    assert check.ok, [i.render() for i in check.issues]
    signals = check.policy.wellbeing.signals
    assert [s.kind for s in signals] == [
        "workload",
        "worsening",
        "threshold",
        "drop",
        "plateau",
        "setback",
        "pulse",
    ]
    assert str(signals[2].value) == "0.02"


@pytest.mark.parametrize(
    ("old", "new", "code", "path", "found"),
    [
        ("code: aht-up", "code: workload", v.DUPLICATE_CODE, "wellbeing.signals[1].code", "workload"),
        ("percent: 25, ", "", v.WELLBEING_KEY_NEEDED, "wellbeing.signals[0].percent", "percent"),
        ("metric: aht_seconds, ", "", v.WELLBEING_KEY_NEEDED, "wellbeing.signals[1].metric", "metric"),
        ('comparison: "<=", ', "", v.WELLBEING_KEY_NEEDED, "wellbeing.signals[2].comparison", "comparison"),
        ("value: 2%, ", "", v.WELLBEING_KEY_NEEDED, "wellbeing.signals[2].value", "value"),
        ("drop: 8, ", "", v.WELLBEING_KEY_NEEDED, "wellbeing.signals[3].drop", "drop"),
        (
            "kind: plateau, months: 6",
            "kind: plateau",
            v.WELLBEING_KEY_NEEDED,
            "wellbeing.signals[4].months",
            "months",
        ),
        (
            "kind: setback, months: 3",
            "kind: setback",
            v.WELLBEING_KEY_NEEDED,
            "wellbeing.signals[5].months",
            "months",
        ),
        (
            "theme: exhaustion, value: 4",
            "theme: exhaustion",
            v.WELLBEING_KEY_NEEDED,
            "wellbeing.signals[6].value",
            "value",
        ),
        (
            "kind: pulse, theme: exhaustion, ",
            "kind: pulse, ",
            v.WELLBEING_KEY_NEEDED,
            "wellbeing.signals[6].theme",
            "theme",
        ),
        (
            "metric: aht_seconds, months: 3",
            "metric: aht_seconds, months: 3, percent: 10",
            v.WELLBEING_KEY_NOT_FOR_KIND,
            "wellbeing.signals[1].percent",
            "percent",
        ),
        (
            "kind: plateau, months: 6",
            "kind: plateau, months: 6, metric: qa_score",
            v.WELLBEING_KEY_NOT_FOR_KIND,
            "wellbeing.signals[4].metric",
            "metric",
        ),
        (
            "drop: 8, baseline_months: 3",
            "drop: 8, months: 3",
            v.WELLBEING_KEY_NOT_FOR_KIND,
            "wellbeing.signals[3].months",
            "months",
        ),
        (
            "value: 4}",
            "value: 4, percent: 5}",
            v.WELLBEING_KEY_NOT_FOR_KIND,
            "wellbeing.signals[6].percent",
            "percent",
        ),
        ("metric: aht_seconds", "metric: aht", v.UNKNOWN_METRIC, "wellbeing.signals[1].metric", "aht"),
        (
            "metric: aht_seconds",
            "metric: exam_score",
            v.UNKNOWN_METRIC,
            "wellbeing.signals[1].metric",
            "exam_score",
        ),
        (
            "metric: aht_seconds",
            "metric: handle_time",
            v.UNKNOWN_METRIC,
            "wellbeing.signals[1].metric",
            "handle_time",
        ),
        ("value: 2%", "value: 140%", v.THRESHOLD_OUT_OF_RANGE, "wellbeing.signals[2].value", "1.4"),
        ("drop: 8", "drop: 0", v.WELLBEING_DROP_NEEDED, "wellbeing.signals[3].drop", "0"),
        ("drop: 8", "drop: -2", v.WELLBEING_DROP_NEEDED, "wellbeing.signals[3].drop", "-2"),
        ("drop: 8", "drop: 101", v.THRESHOLD_OUT_OF_RANGE, "wellbeing.signals[3].drop", "101"),
        (
            "theme: exhaustion, value: 4",
            "theme: exhaustion, value: 6",
            v.WELLBEING_PULSE_VALUE,
            "wellbeing.signals[6].value",
            "6",
        ),
        (
            "theme: exhaustion, value: 4",
            "theme: exhaustion, value: 0",
            v.WELLBEING_PULSE_VALUE,
            "wellbeing.signals[6].value",
            "0",
        ),
        (
            "kind: pulse, theme: exhaustion",
            "kind: pulse, theme: respect",
            v.WELLBEING_THEME_NOT_ASKED,
            "wellbeing.signals[6].theme",
            "respect",
        ),
        ("L2: 30", "L9: 30", v.UNKNOWN_LEVEL, "wellbeing.stages.typical_months_by_level.L9", "L9"),
        (
            "code: path,",
            "code: achievement,",
            v.DUPLICATE_CODE,
            "wellbeing.pulse.questions[2].code",
            "achievement",
        ),
        (
            "theme: path_clarity",
            "theme: exhaustion",
            v.WELLBEING_EXHAUSTION_QUESTION,
            "wellbeing.pulse.questions[2].theme",
            "2",
        ),
        (
            "theme: exhaustion, high_is_bad",
            "theme: other, high_is_bad",
            v.WELLBEING_EXHAUSTION_QUESTION,
            "wellbeing.pulse.questions",
            "0",
        ),
        (
            "      - {code: path, theme: path_clarity, zh: 路径清楚, en: I see my path}\n",
            "",
            v.WELLBEING_QUESTION_COUNT,
            "wellbeing.pulse.questions",
            "2",
        ),
    ],
)
def test_bad_wellbeing_sections_are_reported_at_their_key(old, new, code, path, found):
    assert old in GOOD
    check = _check(GOOD.replace(old, new))
    assert not check.ok
    assert check.policy is None
    issue = next(i for i in check.issues if i.code == code)
    assert issue.path == path
    assert issue.found == found
    assert issue.line is not None
    assert str(v.MESSAGES[code]) % {"found": "x", "allowed": "y"}


def test_a_missing_drop_is_reported_once():
    check = _check(GOOD.replace("drop: 8, ", ""))
    assert [i.code for i in check.issues if i.path.startswith("wellbeing.signals[3]")] == [
        v.WELLBEING_KEY_NEEDED
    ]


def test_the_reported_line_is_the_signal_line():
    text = BASE + GOOD.replace("code: aht-up", "code: workload")
    issue = check_policy_text(text).issues[0]
    line = text.splitlines()[issue.line - 1]
    assert "kind: worsening" in line


def test_seven_questions_are_refused_by_the_schema():
    extra = "".join(
        f"      - {{code: q{i}, theme: other, zh: 问题{i}, en: Question {i}}}\n" for i in range(4)
    )
    check = _check(GOOD + extra)
    assert not check.ok
    assert any(i.path == "wellbeing.pulse.questions" for i in check.issues)


def test_a_switched_off_section_without_questions_is_valid():
    check = _check("\nwellbeing:\n  enabled: false\n")
    assert check.ok, [i.render() for i in check.issues]


def test_a_switched_on_section_without_a_pulse_is_valid():
    check = _check("\nwellbeing:\n  enabled: true\n")
    assert check.ok, [i.render() for i in check.issues]
