"""A person's star tier for one rating period (issue 15 item 1; seed 003 星级服务评选). Pure: no Django,
no clock, no database — the caller passes the policy's `stars:` section and the person's plain facts.

Every condition of a tier is judged by a clause of the rule kernel (rules/clauses.py): metric thresholds by
`metric_threshold` (compiled with `thresholds.metric_rule`, the period's months as the window), the peer
rank by `period_rank`, violations by `no_violations` over the period's dates, recognition by
`recognition_received`. One mechanism, no second rule language.

The tier is the highest tier whose conditions all pass (0 = no tier). Tiers are judged from the top down
until one passes; the tiers below it are not needed. When the first tier from the top that does not fail
has a condition without data, the status is `insufficient_data` ("not enough data for 4 stars"): the
person keeps the highest tier that passes below it, and the page says that data was missing — missing
data is never rated as a silent failure. In the first `min_months_of_service` months the person is not
eligible yet.

A person is *borderline* when the tier just above theirs fails by one condition only (every other
condition passes, none lacks data): that is whom a lead may nominate one tier up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from serviceladder.rules import clauses
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, CheckResult
from serviceladder.rules.facts import ViolationFact
from serviceladder.rules.thresholds import MetricRule, metric_rule

RATED = "rated"
INSUFFICIENT_DATA = "insufficient_data"
NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True, slots=True)
class StarFacts:
    """One person's plain facts for one period."""

    hire_date: dt.date | None
    # month → {data field: value, "contacts": n, "csat_rated": n} (metrics.selectors.monthly_figures)
    figures: Mapping[str, Mapping[str, float | int | None]] = field(default_factory=dict)
    # month → percentile in the peer group (smaller is better) and the size of the group ranked
    pcts: Mapping[str, float | None] = field(default_factory=dict)
    sizes: Mapping[str, int | None] = field(default_factory=dict)
    violations: tuple[dt.date, ...] = ()
    recognitions: Mapping[str, int] = field(default_factory=dict)  # category → count in the period


class TierCheck(NamedTuple):
    stars: int
    status: str  # pass | fail | insufficient_data
    checks: tuple[CheckResult, ...]

    @property
    def failing(self) -> int:
        return sum(1 for c in self.checks if c.status == FAIL)


class StarResult(NamedTuple):
    stars: int  # the tier reached (0 = none)
    status: str  # rated | insufficient_data | not_eligible
    tiers: tuple[TierCheck, ...]  # the tiers judged, highest first
    service: CheckResult | None  # the service check when not eligible yet
    borderline: bool  # the next tier up fails by one condition only

    @property
    def missing_for(self) -> int | None:
        """The tier that could not be judged for lack of data (insufficient_data only)."""
        for tier in self.tiers:
            if tier.status == INSUFFICIENT:
                return tier.stars
        return None


# The same clauses, worded for a rating period ("in the period" rather than "over the last 1 months").
PERIOD_WORDING = {
    "metric.mean": "stars_metric.mean",
    "metric.every_month": "stars_metric.every_month",
    "metric.month_failed": "stars_metric.month_failed",
    "violations.none": "stars_violations.none",
    "violations.recent": "stars_violations.recent",
}


def _worded(check: CheckResult) -> CheckResult:
    code = PERIOD_WORDING.get(check.code)
    if code is None:
        return check
    # The same check with the period's wording (built directly: NamedTuple._replace is slow on 10 000 people).
    return tuple.__new__(CheckResult, (*check[:6], code, *check[7:]))


class _Tier(NamedTuple):
    stars: int
    rules: tuple[MetricRule, ...]
    rank: float | None
    no_violations: bool
    recognition: tuple[int, tuple[str, ...]] | None


@dataclass(frozen=True)
class CompiledStars:
    """The `stars:` section compiled for one period: the tiers highest first, with their metric rules."""

    months: tuple[str, ...]
    first_day: dt.date
    last_day: dt.date
    min_group: int
    min_months_of_service: int
    tiers: tuple[_Tier, ...]


def compile_stars(section, months: tuple[str, ...], first_day: dt.date, last_day: dt.date) -> CompiledStars:
    """Compile the policy's `stars:` section (policy.schema.Stars) once per period."""
    tiers = []
    for tier in sorted(section.tiers, key=lambda t: -t.stars):
        cond = tier.conditions
        rules = tuple(
            metric_rule(m.metric, m.comparison, m.value, len(months), m.aggregation, m.min_sample)
            for m in cond.metric_thresholds
        )
        rank = float(cond.rank.top_percent) if cond.rank is not None else None
        recognition = (
            (cond.recognition.min_count, tuple(cond.recognition.categories))
            if cond.recognition is not None
            else None
        )
        tiers.append(_Tier(tier.stars, rules, rank, cond.no_violations, recognition))
    return CompiledStars(
        months, first_day, last_day, section.min_peer_group, section.min_months_of_service, tuple(tiers)
    )


def _tier_checks(tier: _Tier, compiled: CompiledStars, facts: StarFacts) -> TierCheck:
    checks = []
    months = compiled.months
    for rule in tier.rules:
        checks.append(
            _worded(
                clauses.metric_threshold(
                    facts.figures,
                    months,
                    metric=rule.metric,
                    field=rule.field,
                    sample_field=rule.sample_field,
                    op=rule.op,
                    value=rule.value,
                    aggregation=rule.aggregation,
                    min_sample=rule.min_sample,
                )
            )
        )
    if tier.rank is not None:
        checks.append(
            clauses.period_rank(
                facts.pcts, facts.sizes, months, top_percent=tier.rank, min_group=compiled.min_group
            )
        )
    if tier.no_violations:
        # A violation dated in the period: counted for len(months) months up to the period's last day.
        checks.append(
            _worded(
                clauses.no_violations(
                    [ViolationFact(d) for d in facts.violations], months=len(months), as_of=compiled.last_day
                )
            )
        )
    if tier.recognition is not None:
        min_count, categories = tier.recognition
        checks.append(
            clauses.recognition_received(facts.recognitions, min_count=min_count, categories=categories)
        )
    status = PASS
    for c in checks:
        if c.status == FAIL:
            status = FAIL
            break
        if c.status == INSUFFICIENT:
            status = INSUFFICIENT
    return TierCheck(tier.stars, status, tuple(checks))


def rate(compiled: CompiledStars, facts: StarFacts) -> StarResult:
    """The person's tier for the compiled period (see the module docstring)."""
    if compiled.min_months_of_service and facts.hire_date is not None:
        service = clauses.min_months_of_service(
            facts.hire_date, 0, compiled.min_months_of_service, compiled.last_day
        )
        if service.status != PASS:
            return StarResult(0, NOT_ELIGIBLE, (), service, False)
    judged: list[TierCheck] = []
    stars = 0
    status = RATED
    for tier in compiled.tiers:
        result = _tier_checks(tier, compiled, facts)
        judged.append(result)
        if result.status == PASS:
            stars = tier.stars
            break
        if result.status == INSUFFICIENT and all(t.status == FAIL for t in judged[:-1]):
            # The first tier from the top that does not fail lacks data: say so, keep looking below.
            status = INSUFFICIENT_DATA
    borderline = False
    if status == RATED:
        above = [t for t in judged if t.stars > stars]
        if above:
            nxt = min(above, key=lambda t: t.stars)
            borderline = nxt.failing == 1 and all(c.status != INSUFFICIENT for c in nxt.checks)
    return StarResult(stars, status, tuple(judged), None, borderline)


def months_of(period: str) -> tuple[str, ...]:
    """'2026-11' → ('2026-11',); '2026Q4' → ('2026-10', '2026-11', '2026-12')."""
    if "Q" in period:
        year, quarter = int(period[:4]), int(period[5])
        return tuple(f"{year:04d}-{m:02d}" for m in range(quarter * 3 - 2, quarter * 3 + 1))
    return (period,)


def metrics_needed(section) -> tuple[str, ...]:
    """The policy metrics the tiers read (for the loader)."""
    return tuple(dict.fromkeys(m.metric for t in section.tiers for m in t.conditions.metric_thresholds))
