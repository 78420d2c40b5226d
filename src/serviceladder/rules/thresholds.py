"""One metric threshold, compiled: the policy's words ("fcr_rate >= 85% over 3 months") as the plain values
`clauses.metric_threshold` compares, and the one way to check it on a date.

Pure (no Django). Eligibility compiles each `metric_thresholds[]` condition of a transition with
`metric_rule`, and a development goal compiles its frozen copy of such a condition the same way, so a goal
made from an unmet condition is judged by the very function, with the very conversion, that judged the
condition (DESIGN.md "one rule mechanism").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from serviceladder.rules import clauses
from serviceladder.rules.clauses import CheckResult
from serviceladder.rules.metrics import METRICS, sample_field, to_data_units
from serviceladder.rules.periods import window


class MetricRule(NamedTuple):
    metric: str
    field: str
    sample_field: str | None
    op: str
    value: float  # in data units
    aggregation: str
    window: int
    min_sample: int


def metric_rule(
    metric: str, comparison: str, value: Decimal, window_months: int, aggregation: str, min_sample: int
) -> MetricRule:
    """A `metric_thresholds[]` condition (its value in policy units: 0.85 for 85 %, minutes for response
    time) as the engine checks it: the data field, the sample field, the threshold in data units."""
    return MetricRule(
        metric,
        METRICS[metric].data_field,
        sample_field(metric) if min_sample else None,
        comparison,
        float(to_data_units(metric, value)),
        aggregation,
        window_months,
        min_sample,
    )


def check_metric_rule(
    figures: Mapping[str, Mapping[str, float | int | None]], rule: MetricRule, as_of: dt.date
) -> CheckResult:
    """Clause `metric_thresholds[]` on `as_of`: over the `rule.window` whole months before the month of
    `as_of` (the last complete month as of that day)."""
    return clauses.metric_threshold(
        figures,
        window(as_of, rule.window),
        metric=rule.metric,
        field=rule.field,
        sample_field=rule.sample_field,
        op=rule.op,
        value=rule.value,
        aggregation=rule.aggregation,
        min_sample=rule.min_sample,
    )
