"""The policy's `wellbeing:` section and one person's plain facts → their lifecycle stage, every signal's
check, the signals that fired and the risk level (issue 16 items 1–2). Pure (no Django, no clock).

Each signal rule is one kernel clause (rules.clauses): `workload` workload_above_team_median, `worsening`
metric_worsening_streak, `threshold` metric_below_streak (the coaching clause: the figure misses what is
acceptable in each month), `drop` metric_drop_against_own_average (the quality slide, coaching's drop
clause), `plateau` plateau_without_development, `setback` stall_after_setback, `pulse` pulse_shared_low.
A check that PASSes means the signal fired; an insufficient check never fires and is never "fine".

Risk (policy.schema.Wellbeing): "act" when an `act` signal fired or at least `act_when_signals` fired;
"watch" when one fired; "unknown" when none fired and one could not be judged; else "none".

`assess(...).as_stored()` is the assessment contract (wellbeing.models.WellbeingAssessment's JSON fields).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from serviceladder.rules import clauses
from serviceladder.rules.clauses import INSUFFICIENT, PASS, CheckResult
from serviceladder.rules.goals import explanation
from serviceladder.rules.metrics import METRICS, sample_field, to_data_units
from serviceladder.wellbeing.engine.facts import WellbeingFacts
from serviceladder.wellbeing.engine.stages import (
    StageParams,
    StageResult,
    compile_stages,
    judge_stage,
    judgement_day,
    month_window,
)

NONE, WATCH, ACT, UNKNOWN = "none", "watch", "act", "unknown"
METRIC_KINDS = ("workload", "worsening", "threshold", "drop")
# A team median needs this many members with the figure: the median of two people says nothing.
MIN_TEAM_FOR_MEDIAN = 3
# The quality slide and a figure outside what is acceptable are coaching's clauses; on a wellbeing page they
# read as warnings, not as a coaching call (same clause and values, the wellbeing wording).
_WORDING = {
    "coaching.drop": "wellbeing.drop",
    "coaching.no_drop": "wellbeing.no_drop",
    "coaching.below_streak": "wellbeing.outside",
    "coaching.streak_broken": "wellbeing.within",
}
_DEFAULT_PULSE_VALUE = 4


class SignalCheck(NamedTuple):
    """A compiled signal rule: thresholds in data units, as the clauses compare them."""

    code: str
    kind: str
    level: str
    metric: str | None
    field: str | None
    sample_field: str | None
    lower_is_better: bool
    op: str | None
    value: float | None
    percent: float | None
    drop: float | None
    months: int
    baseline_months: int
    min_sample: int
    theme: str | None


class Compiled(NamedTuple):
    stages: StageParams
    signals: tuple[SignalCheck, ...]
    act_when: int


class Assessment(NamedTuple):
    stage: StageResult
    signals: tuple[tuple[SignalCheck, CheckResult], ...]
    fired: tuple[str, ...]
    risk: str

    def as_stored(self) -> dict:
        """The assessment contract: stage, stage_checks, signals, fired, risk (JSON-able)."""
        return {
            "stage": self.stage.stage,
            "stage_checks": [
                {**explanation(c), "rule": rule, "decisive": decisive}
                for rule, c, decisive in self.stage.checks
            ],
            "signals": [
                {**explanation(c), "signal": s.code, "kind": s.kind, "level": s.level}
                for s, c in self.signals
            ],
            "fired": list(self.fired),
            "risk": self.risk,
        }


def compile_signal(rule) -> SignalCheck:
    """A policy.schema.SignalRule (values in policy units) as the clauses check it. A metric kind without
    a known metric is a ValueError (policy validation reports it first)."""
    metric = rule.metric
    spec = None
    if rule.kind in METRIC_KINDS:
        spec = METRICS.get(metric or "")
        if spec is None:
            raise ValueError(f"wellbeing signal {rule.code}: unknown metric {metric!r}")
    lower = spec.lower_is_better if spec is not None else False
    value = None
    op = None
    if rule.kind == "threshold":
        if rule.value is None:
            raise ValueError(f"wellbeing signal {rule.code}: a threshold needs a value")
        op = rule.comparison or ("<=" if lower else ">=")
        value = float(to_data_units(metric, rule.value))
    elif rule.kind == "pulse":
        value = float(rule.value) if rule.value is not None else float(_DEFAULT_PULSE_VALUE)
    drop = None
    if rule.kind == "drop":
        if rule.drop is None:
            raise ValueError(f"wellbeing signal {rule.code}: a drop needs `drop`")
        drop = float(to_data_units(metric, rule.drop))
    if rule.kind == "workload" and rule.percent is None:
        raise ValueError(f"wellbeing signal {rule.code}: a workload signal needs `percent`")
    return SignalCheck(
        rule.code,
        rule.kind,
        rule.level,
        metric,
        spec.data_field if spec is not None else None,
        sample_field(metric) if spec is not None and rule.min_sample else None,
        lower,
        op,
        value,
        float(rule.percent) if rule.percent is not None else None,
        drop,
        rule.months,
        rule.baseline_months,
        rule.min_sample,
        rule.theme or ("exhaustion" if rule.kind == "pulse" else None),
    )


def compile_section(section) -> Compiled:
    """policy.schema.Wellbeing → what `assess` checks."""
    return Compiled(
        compile_stages(section.stages),
        tuple(compile_signal(r) for r in section.signals),
        section.act_when_signals,
    )


@lru_cache(maxsize=4096)
def signal_months(check: SignalCheck, month: str) -> tuple[str, ...]:
    """The months a signal looks at for `month` (the judged month last), oldest first."""
    if check.kind == "worsening":
        return month_window(month, check.months + 1)
    if check.kind == "drop":
        return month_window(month, check.baseline_months + 1)
    if check.kind in ("workload", "threshold", "pulse"):
        return month_window(month, check.months)
    return ()


def months_needed(compiled: Compiled, month: str) -> tuple[str, ...]:
    """Every month the engine may read for `month` (for the loader), oldest first."""
    months = set(month_window(month, compiled.stages.trend_months))
    for check in compiled.signals:
        months.update(signal_months(check, month))
    return tuple(sorted(months))


def metrics_needed(compiled: Compiled) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.metric for c in compiled.signals if c.metric))


def _worded(result: CheckResult) -> CheckResult:
    code = _WORDING.get(result.code)
    return result if code is None else CheckResult(*result[:6], code, *result[7:])


def typical_months(params: StageParams, level_code: str | None) -> int:
    """The typical time in a level: the policy's figure for the level, else its default."""
    return params.typical_by_level.get(level_code or "", params.typical_months)


def check_signal(
    check: SignalCheck,
    facts: WellbeingFacts,
    month: str,
    stages: StageParams,
    months: tuple[str, ...] | None = None,
) -> CheckResult:
    """The signal's clause for one person and month (PASS: it fired). `months`: signal_months(check, month),
    when the caller has it already."""
    kind = check.kind
    if months is None:
        months = signal_months(check, month)
    if kind == "workload":
        return clauses.workload_above_team_median(
            facts.figures,
            facts.team_medians.get(check.field, {}),
            months,
            metric=check.metric,
            field=check.field,
            sample_field=check.sample_field,
            percent=check.percent,
            min_sample=check.min_sample,
            min_team=MIN_TEAM_FOR_MEDIAN,
        )
    if kind == "worsening":
        return clauses.metric_worsening_streak(
            facts.figures,
            months,
            metric=check.metric,
            field=check.field,
            sample_field=check.sample_field,
            lower_is_better=check.lower_is_better,
            min_sample=check.min_sample,
        )
    if kind == "threshold":
        result = clauses.metric_below_streak(
            facts.figures,
            months,
            metric=check.metric,
            field=check.field,
            sample_field=check.sample_field,
            op=check.op,
            value=check.value,
            min_sample=check.min_sample,
        )
        return _worded(result)
    if kind == "drop":
        result = clauses.metric_drop_against_own_average(
            facts.figures,
            months,
            metric=check.metric,
            field=check.field,
            sample_field=check.sample_field,
            drop=check.drop,
            lower_is_better=check.lower_is_better,
            min_sample=check.min_sample,
        )
        return _worded(result)
    as_of = judgement_day(month)
    if kind == "plateau":
        return clauses.plateau_without_development(
            facts.level_start,
            typical_months(stages, facts.level_code),
            open_goals=facts.open_goals,
            last_conversation=facts.last_conversation,
            conversation_months=check.months,
            as_of=as_of,
        )
    if kind == "setback":
        return clauses.stall_after_setback(facts.setbacks, months=check.months, as_of=as_of)
    if kind == "pulse":
        return clauses.pulse_shared_low(facts.pulse, months, theme=check.theme, value=int(check.value))
    raise ValueError(f"unknown wellbeing signal kind {kind!r}")


def risk_of(signals: Iterable[tuple[SignalCheck, CheckResult]], act_when: int) -> tuple[tuple[str, ...], str]:
    """(the codes of the signals that fired, the risk level) — the policy's rule, see the module doc."""
    fired = []
    act = False
    insufficient = False
    for check, result in signals:
        if result.status == PASS:
            fired.append(check.code)
            act = act or check.level == ACT
        elif result.status == INSUFFICIENT:
            insufficient = True
    if act or len(fired) >= act_when:
        return tuple(fired), ACT
    if fired:
        return tuple(fired), WATCH
    return (), UNKNOWN if insufficient else NONE


def assess(
    compiled: Compiled, facts: WellbeingFacts, month: str, windows: tuple[tuple[str, ...], ...] | None = None
) -> Assessment:
    """The person's stage and signals for `month` (a complete month), judged on the day after it."""
    stage = judge_stage(compiled.stages, facts, month)
    if windows is None:
        windows = tuple(signal_months(c, month) for c in compiled.signals)
    stages = compiled.stages
    signals = tuple(
        (c, check_signal(c, facts, month, stages, w)) for c, w in zip(compiled.signals, windows, strict=True)
    )
    fired, risk = risk_of(signals, compiled.act_when)
    return Assessment(stage, signals, fired, risk)


def assess_many(compiled: Compiled, people: Iterable[WellbeingFacts], month: str) -> list[Assessment]:
    """`assess` for everyone, in order."""
    # The batch allocates many small tuples and dicts but no reference cycles; the cyclic collector would
    # only rescan them again and again (as in eligibility.engine).
    enabled = gc.isenabled()
    gc.disable()
    try:
        windows = tuple(signal_months(c, month) for c in compiled.signals)
        return [assess(compiled, p, month, windows) for p in people]
    finally:
        if enabled:
            gc.enable()
