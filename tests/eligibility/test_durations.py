"""Times read in sensible units: a response time under a minute in seconds, never "0.4 min"."""

from serviceladder.rules.explain import format_metric, format_metric_pair, render


def _latest(actual, required, language="en"):
    values = {
        "metric": "first_response_minutes",
        "actual": actual,
        "op": "<=",
        "required": required,
        "window": 1,
    }
    return render("metric.latest", values, language)


def test_under_a_minute_reads_in_seconds():
    assert _latest(24.0, 30.0) == "response time 24 s in the latest month; at most 30 s needed"
    assert _latest(24.0, 30.0, "zh") == "最近一个月平均响应时间24秒，需不高于30秒"
    assert format_metric("first_response_minutes", 42.0) == "42 s"


def test_a_minute_or_more_stays_in_minutes():
    assert format_metric("first_response_minutes", 90.0) == "1.5 min"
    assert format_metric("first_response_minutes", 60.0) == "1 min"


def test_figures_shown_together_share_one_unit():
    # 24 s next to 2 min would not compare at a glance: both stay in minutes
    assert _latest(24.0, 120.0) == "response time 0.4 min in the latest month; at most 2 min needed"
    assert format_metric_pair("first_response_minutes", 29.4, 30.0, "<=") == ("29 s", "30 s")


def test_seconds_keep_the_decimals_the_verdict_needs():
    # 30.4 s fails "at most 30 s": whole seconds would show "30 s; at most 30 s"
    actual, required = format_metric_pair("first_response_minutes", 30.4, 30.0, "<=")
    assert (actual, required) == ("30.4 s", "30 s")
