"""Every invalid file reports the key path, the line and the message code; valid files parse."""

from decimal import Decimal

import pytest

from serviceladder.policy import validation as v
from serviceladder.policy.presets import preset_names, preset_text
from serviceladder.policy.validation import check_policy_text
from serviceladder.rules.metrics import to_data_units
from tests.policy.conftest import BASE

# (case id, old text, new text, expected key path, expected code, text on the expected line)
CASES = [
    (
        "unknown_metric",
        "metric: csat_mean\n          comparison",
        "metric: csat_score\n          comparison",
        "transitions[0].conditions.metric_thresholds[0].metric",
        v.UNKNOWN_METRIC,
        "metric: csat_score",
    ),
    (
        "csat_out_of_range",
        "value: 4.5\n          window: 6\n          min",
        "value: 7\n          window: 6\n          min",
        "transitions[0].conditions.metric_thresholds[0].value",
        v.THRESHOLD_OUT_OF_RANGE,
        "value: 7",
    ),
    (
        "rate_out_of_range",
        'metric: csat_mean\n          comparison: ">="\n          value: 4.5',
        'metric: fcr_rate\n          comparison: ">="\n          value: 95',
        "transitions[0].conditions.metric_thresholds[0].value",
        v.THRESHOLD_OUT_OF_RANGE,
        "value: 95",
    ),
    (
        "percent_on_csat",
        "value: 4.5\n          window: 6\n          min",
        "value: '90%'\n          window: 6\n          min",
        "transitions[0].conditions.metric_thresholds[0].value",
        v.NOT_A_NUMBER,
        "value: '90%'",
    ),
    (
        "window_over_36",
        "window: 6\n          min_sample",
        "window: 40\n          min_sample",
        "transitions[0].conditions.metric_thresholds[0].window",
        v.OUT_OF_RANGE,
        "window: 40",
    ),
    (
        "transition_to_missing_level",
        "    to: L2\n",
        "    to: L9\n",
        "transitions[0].to",
        v.UNKNOWN_LEVEL,
        "to: L9",
    ),
    ("self_transition", "    to: L2\n", "    to: L1\n", "transitions[0].to", v.SELF_TRANSITION, "to: L1"),
    (
        "duplicate_level_code",
        "      - code: L3",
        "      - code: L2  # again",
        "tracks[0].levels[2].code",
        v.DUPLICATE_CODE,
        "L2  # again",
    ),
    (
        "pay_band_min_above_max",
        "min: 6000\n          max: 9000",
        "min: 9500\n          max: 9000",
        "tracks[0].levels[1].pay_band.min",
        v.PAY_BAND_INVERTED,
        "min: 9500",
    ),
    (
        "weights_not_one",
        "fcr_rate: 0.4",
        "fcr_rate: 0.3",
        "performance_score.weights",
        v.WEIGHTS_SUM,
        "  weights:",
    ),
    (
        "negative_notice",
        "notice_period_working_days: 5",
        "notice_period_working_days: -1",
        "process.notice_period_working_days",
        v.OUT_OF_RANGE,
        "notice_period_working_days: -1",
    ),
    (
        "unknown_calendar",
        "holiday_calendar: CN",
        "holiday_calendar: XX",
        "process.holiday_calendar",
        v.UNKNOWN_CALENDAR,
        "holiday_calendar: XX",
    ),
    (
        "unknown_competency",
        "communication: 2",
        "empathy: 2",
        "tracks[0].levels[0].competencies.empathy",
        v.UNKNOWN_COMPETENCY,
        "empathy: 2",
    ),
    (
        "proficiency_over_5",
        "communication: 2",
        "communication: 6",
        "tracks[0].levels[0].competencies.communication",
        v.OUT_OF_RANGE,
        "communication: 6",
    ),
    (
        "unknown_key",
        "min_months_in_level: 12",
        "min_month_in_level: 12",
        "transitions[0].conditions.min_month_in_level",
        v.UNKNOWN_KEY,
        "min_month_in_level: 12",
    ),
    (
        "missing_key",
        "        name_en: Level 1\n",
        "",
        "tracks[0].levels[0].name_en",
        v.MISSING_KEY,
        "code: L1",
    ),
    (
        "bad_comparison",
        'comparison: ">="',
        'comparison: "=>"',
        "transitions[0].conditions.metric_thresholds[0].comparison",
        v.NOT_ALLOWED_VALUE,
        'comparison: "=>"',
    ),
    (
        "bad_aggregation",
        "min_sample: 30",
        "min_sample: 30\n          aggregation: median",
        "transitions[0].conditions.metric_thresholds[0].aggregation",
        v.NOT_ALLOWED_VALUE,
        "aggregation: median",
    ),
    (
        "bad_track_kind",
        "kind: management",
        "kind: sales",
        "tracks[0].kind",
        v.NOT_ALLOWED_VALUE,
        "kind: sales",
    ),
    (
        "unknown_training",
        "        - basics",
        "        - advanced",
        "transitions[0].conditions.trainings[0]",
        v.UNKNOWN_TRAINING,
        "- advanced",
    ),
    (
        "application_month_13",
        "[3, 9]",
        "[3, 13]",
        "process.application_months[1]",
        v.OUT_OF_RANGE,
        "application_months",
    ),
    (
        "team_condition_not_supervisory",
        "        supervisory: true\n        pay_band:",
        "        pay_band:",
        "transitions[1].conditions.team_conditions",
        v.TEAM_NOT_SUPERVISORY,
        "team_conditions:",
    ),
    (
        "value_and_improvement",
        "          value: 4.5\n          window: 6\nperf",
        "          value: 4.5\n          improvement: 0.1\n          window: 6\nperf",
        "transitions[1].conditions.team_conditions[0]",
        v.VALUE_OR_IMPROVEMENT,
        "- metric: csat_mean\n          value",
    ),
    ("quota_unknown_level", "    L2: 3", "    L7: 3", "process.quotas.L7", v.UNKNOWN_LEVEL, "L7: 3"),
    (
        "duplicate_yaml_key",
        "name: test\n",
        "name: test\nname: other\n",
        "name",
        v.DUPLICATE_KEY,
        "name: other",
    ),
    ("yaml_syntax", "    to: L2\n", "    to: [L2\n", "", v.YAML_SYNTAX, None),
    (
        "promotion_down",
        "  - from: L2\n    to: L3",
        "  - from: L3\n    to: L2",
        "transitions[1].kind",
        v.NOT_UPWARD,
        "- from: L3",
    ),
    (
        "wrong_type",
        "min_months_in_level: 12",
        "min_months_in_level: twelve",
        "transitions[0].conditions.min_months_in_level",
        v.WRONG_TYPE,
        "min_months_in_level: twelve",
    ),
    (
        "unknown_weight_metric",
        "fcr_rate: 0.4",
        "speed: 0.4",
        "performance_score.weights.speed",
        v.UNKNOWN_METRIC,
        "speed: 0.4",
    ),
    (
        "bad_currency",
        "max: 6000\n",
        "max: 6000\n          currency: yuan\n",
        "tracks[0].levels[0].pay_band.currency",
        v.BAD_FORMAT,
        "currency: yuan",
    ),
]


def _line_of(text: str, marker: str) -> int:
    """1-based line on which the first occurrence of `marker` (which may span lines) starts."""
    index = text.index(marker)
    return text.count("\n", 0, index) + 1


def test_base_policy_is_valid():
    result = check_policy_text(BASE)
    assert result.ok, [i.render() for i in result.issues]


def test_at_least_twenty_distinct_invalid_files():
    assert len({c[0] for c in CASES}) >= 20
    assert len({c[4] for c in CASES}) >= 20


@pytest.mark.parametrize(("case", "old", "new", "path", "code", "marker"), CASES, ids=[c[0] for c in CASES])
def test_invalid_file_reports_path_line_and_code(case, old, new, path, code, marker):
    assert old in BASE, case
    text = BASE.replace(old, new, 1)
    result = check_policy_text(text)
    assert not result.ok
    assert result.policy is None
    matching = [i for i in result.issues if i.code == code and i.path == path]
    assert matching, [i.render() for i in result.issues]
    issue = matching[0]
    if marker is not None:
        assert issue.line == _line_of(text, marker)
    else:
        # an unclosed bracket is noticed on the next line; the message says where the list started
        assert issue.line == _line_of(text, "to: [L2") + 1
    rendered = issue.render()
    assert f"[{code}]" in rendered and issue.message
    if path:
        assert rendered.startswith(path)


def test_found_and_allowed_are_reported():
    text = BASE.replace("window: 6\n          min_sample", "window: 40\n          min_sample")
    issue = check_policy_text(text).issues[0]
    assert issue.found == "40"
    assert issue.allowed == "<= 36"
    assert "40" in issue.message and "36" in issue.message


def test_unknown_key_lists_allowed_keys():
    text = BASE.replace("min_months_in_level: 12", "min_month_in_level: 12")
    issue = check_policy_text(text).issues[0]
    assert "min_months_in_level" in issue.allowed


def test_all_errors_of_a_pass_are_reported_together():
    text = BASE.replace("holiday_calendar: CN", "holiday_calendar: XX").replace(
        "    to: L2\n", "    to: L9\n", 1
    )
    codes = {i.code for i in check_policy_text(text).issues}
    assert {v.UNKNOWN_CALENDAR, v.UNKNOWN_LEVEL} <= codes


def test_percent_rates_and_minutes_are_converted_once():
    text = BASE.replace(
        'metric: csat_mean\n          comparison: ">="\n          value: 4.5',
        'metric: on_time_response_rate\n          comparison: ">="\n          value: "90%"',
    )
    policy = check_policy_text(text).policy
    assert policy.transitions[0].conditions.metric_thresholds[0].value == Decimal("0.9")
    assert to_data_units("first_response_minutes", Decimal("2")) == Decimal("120")
    assert to_data_units("csat_mean", Decimal("4.5")) == Decimal("4.5")


def test_weights_tolerance():
    text = BASE.replace("csat_mean: 0.6\n    fcr_rate: 0.4", "csat_mean: 0.3333333\n    fcr_rate: 0.6666667")
    assert check_policy_text(text).ok


@pytest.mark.parametrize("name", ["cn-standard", "ecommerce-fast", "finance-steady"])
def test_presets_validate(name):
    assert name in preset_names()
    result = check_policy_text(preset_text(name))
    assert result.ok, [i.render() for i in result.issues]


def test_cn_standard_has_source_levels_and_tracks():
    policy = check_policy_text(preset_text("cn-standard")).policy
    service = next(t for t in policy.tracks if t.kind == "management")
    assert [lv.name_zh for lv in service.levels] == [
        "初级客服",
        "中级客服",
        "高级客服",
        "客服主管",
        "客服经理",
    ]
    names = {lv.name_zh for t in policy.tracks for lv in t.levels}
    assert {"投诉专家", "培训师", "质检专员", "运营专员", "数据分析专员"} <= names
    assert {t.kind for t in policy.tracks} == {"management", "expert", "transfer"}
    first = policy.transitions_from("CS1")[0].conditions
    csat = next(t for t in first.metric_thresholds if t.metric == "csat_mean")
    assert (csat.value, csat.window, csat.min_sample) == (Decimal("4.5"), 6, 30)
    assert policy.process.notice_period_working_days == 5
    assert policy.process.pay_rule.min_ratio == Decimal("1.10")
