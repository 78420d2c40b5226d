"""A policy coaching rule, compiled and checked for one person and month (issue 15 item 4). Pure (no Django).

A rule (`coaching.rules[]` of the policy) is checked over the months ending with the month it looks at:
`below_threshold` over the last `months` months (rules.clauses.metric_below_streak), `drop` over the
`baseline_months` before it and the month itself (rules.clauses.metric_drop_against_own_average). The rule
fires when the clause passes; insufficient data never fires.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from serviceladder.rules import clauses
from serviceladder.rules.clauses import PASS, CheckResult
from serviceladder.rules.metrics import METRICS, Unit, sample_field, to_data_units
from serviceladder.rules.periods import month_index, month_label


class CoachingCheck(NamedTuple):
    """A compiled coaching rule: values in data units, as the clauses compare them."""

    code: str
    metric: str
    kind: str  # below_threshold | drop
    field: str
    sample_field: str | None
    op: str
    value: float | None
    drop: float | None
    span: int  # the months looked at, the trigger month included
    min_sample: int


def compile_rule(rule) -> CoachingCheck:
    """A policy.schema.CoachingRule (values in policy units) as the clauses check it."""
    spec = METRICS[rule.metric]
    below = rule.kind == "below_threshold"
    return CoachingCheck(
        rule.code,
        rule.metric,
        rule.kind,
        spec.data_field,
        sample_field(rule.metric) if rule.min_sample else None,
        rule.comparison or ">=",
        float(to_data_units(rule.metric, rule.value)) if below else None,
        None if below else float(to_data_units(rule.metric, rule.drop)),
        rule.months if below else rule.baseline_months + 1,
        rule.min_sample,
    )


def months_for(check: CoachingCheck, month: str) -> tuple[str, ...]:
    """The months the rule looks at for `month` (the month it judges is the last), oldest first."""
    last = month_index(month)
    return tuple(month_label(i) for i in range(last - check.span + 1, last + 1))


def check_rule(check: CoachingCheck, figures: Mapping[str, Mapping[str, float | int | None]], month: str):
    """The clause's CheckResult for one person's figures (month → field → value) and `month`."""
    months = months_for(check, month)
    if check.kind == "below_threshold":
        return clauses.metric_below_streak(
            figures,
            months,
            metric=check.metric,
            field=check.field,
            sample_field=check.sample_field,
            op=check.op,
            value=check.value,
            min_sample=check.min_sample,
        )
    return clauses.metric_drop_against_own_average(
        figures,
        months,
        metric=check.metric,
        field=check.field,
        sample_field=check.sample_field,
        drop=check.drop,
        lower_is_better=METRICS[check.metric].lower_is_better,
        min_sample=check.min_sample,
    )


def fires(result: CheckResult) -> bool:
    return result.status == PASS


def to_policy_units(metric: str, value: float) -> Decimal:
    """A data-unit figure as people write it in a goal (response time back in minutes), 4 decimals."""
    number = Decimal(str(value))
    if METRICS[metric].unit is Unit.MINUTES:
        number = number / 60
    number = number.quantize(Decimal("0.0001")).normalize()
    return number if number.as_tuple().exponent <= 0 else number.quantize(Decimal(1))  # 90, never 9E+1


class GoalTarget(NamedTuple):
    comparison: str
    value: Decimal  # policy units


def goal_target(evidence: CheckResult) -> GoalTarget:
    """What a coaching goal asks for, from the evidence of its task: meet the threshold again (below
    streak), or get back to the person's own average (drop), in the metric's own direction."""
    metric = evidence.values["metric"]
    if evidence.clause == "metric_below_streak":
        return GoalTarget(evidence.values["op"], to_policy_units(metric, evidence.values["required"]))
    op = "<=" if METRICS[metric].lower_is_better else ">="
    return GoalTarget(op, to_policy_units(metric, evidence.values["baseline"]))
