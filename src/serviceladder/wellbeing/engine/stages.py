"""A person's lifecycle stage for one month (issue 16 item 1; seed 004: entry, rise, maturity, plateau,
decline). Pure (no Django).

The stage rules are kernel clauses checked in order — entry, decline, plateau, rise — with maturity as the
fallback. The first rule that holds sets the stage; a rule that cannot be judged before any held makes the
stage "unknown" (never a guess). Every rule is evaluated and kept, so the explanation shows why the earlier
ones did not hold. The percentile trend is read over `trend_months` months ending with the judged month,
cut to the months in the current level (a fall among new peers right after a promotion is no decline).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from serviceladder.rules import clauses
from serviceladder.rules.clauses import INSUFFICIENT, PASS, CheckResult
from serviceladder.rules.periods import first_day, month_index, month_label, whole_months_between
from serviceladder.wellbeing.engine.facts import WellbeingFacts

ENTRY, RISE, MATURITY, PLATEAU, DECLINE, UNKNOWN = (
    "entry",
    "rise",
    "maturity",
    "plateau",
    "decline",
    "unknown",
)
# (stage rule name, the stage it sets), in the order they are checked
RULES = (
    ("lifecycle_entry", ENTRY),
    ("lifecycle_decline", DECLINE),
    ("lifecycle_plateau", PLATEAU),
    ("lifecycle_rise", RISE),
    ("lifecycle_maturity", MATURITY),
)


class StageParams(NamedTuple):
    """policy.schema.LifecycleStages as the clauses compare it."""

    entry_months: int
    trend_months: int
    rise_points: float
    decline_points: float
    typical_months: int
    typical_by_level: dict[str, int]


class StageResult(NamedTuple):
    stage: str
    checks: tuple[tuple[str, CheckResult, bool], ...]  # (rule, check, decisive), in RULES order


def compile_stages(section) -> StageParams:
    return StageParams(
        section.entry_months,
        section.trend_months,
        float(section.rise_points),
        float(section.decline_points),
        section.typical_months_in_level,
        dict(section.typical_months_by_level),
    )


@lru_cache(maxsize=1024)
def month_window(month: str, months: int) -> tuple[str, ...]:
    """`months` months ending with `month`, oldest first."""
    last = month_index(month)
    return tuple(month_label(i) for i in range(last - months + 1, last + 1))


@lru_cache(maxsize=1024)
def judgement_day(month: str) -> dt.date:
    """The day a month is judged on: the first day after it (the month is complete)."""
    return first_day(month_index(month) + 1)


@lru_cache(maxsize=1024)
def _window_ends(month: str, months: int) -> tuple[tuple[str, dt.date], ...]:
    return tuple((m, judgement_day(m)) for m in month_window(month, months))


def trend_months(params: StageParams, facts: WellbeingFacts, month: str) -> tuple[str, ...]:
    """The trend window, without the months that ended before the current level began."""
    ends = _window_ends(month, params.trend_months)
    start = facts.level_start
    if start is None or start < ends[0][1]:
        return month_window(month, params.trend_months)
    # A month belongs to the level when the level was held on its last day.
    return tuple(m for m, end in ends if end > start)


def judge_stage(params: StageParams, facts: WellbeingFacts, month: str) -> StageResult:
    as_of = judgement_day(month)
    trend = trend_months(params, facts, month)
    typical = params.typical_by_level.get(
        facts.level_code or "", params.typical_months
    )  # signals.typical_months
    service = whole_months_between(facts.hire_date, as_of) if facts.hire_date <= as_of else 0
    checks = (
        clauses.lifecycle_entry(facts.hire_date, entry_months=params.entry_months, as_of=as_of),
        clauses.lifecycle_decline(facts.pcts, trend, decline_points=params.decline_points),
        clauses.lifecycle_plateau(
            facts.level_start, typical, facts.pcts, trend, rise_points=params.rise_points, as_of=as_of
        ),
        clauses.lifecycle_rise(
            facts.level_start,
            facts.min_months,
            facts.pcts,
            trend,
            rise_points=params.rise_points,
            as_of=as_of,
        ),
        clauses.lifecycle_maturity(service),
    )
    decisive = next(i for i, c in enumerate(checks) if c.status in (PASS, INSUFFICIENT))
    stage = RULES[decisive][1] if checks[decisive].status == PASS else UNKNOWN
    return StageResult(stage, tuple((RULES[i][0], c, i == decisive) for i, c in enumerate(checks)))
