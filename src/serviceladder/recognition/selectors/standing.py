"""Where each person stands in their peer group, month by month: the performance score the policy defines,
the percentile it gives (smaller is better: the best of ten is 10) and the size of the group that was ranked.

One loader for the three judgements of issue 15 that compare people with their peers — the star tiers'
"top X %" condition, the score bands of performance pay, the bottom band of improvement plans — so all three
rank by the same score (`policy.performance_score`, the one eligibility's rank streak uses) over the same
groups. Below the scoping layer: peers are everyone in the group, visible or not; callers show only the
standing of people their reader may see. A person with no score that month (a metric the group has is
missing) has no standing: missing data never ranks.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from serviceladder.eligibility.ranking import peer_percentiles, performance_scores
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import LevelAssignment
from serviceladder.policy.schema import Policy
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.periods import month_index


class Standing(NamedTuple):
    score: float  # 0..100 (weighted within the group) or the imported performance score
    pct: float  # percentile position, 0 < pct <= 100, smaller is better
    group_size: int  # members of the group ranked that month (with a score)
    level_code: str  # the level held on the month's last day


def month_end(month: str) -> dt.date:
    i = month_index(month) + 1
    return dt.date(i // 12, i % 12 + 1, 1) - dt.timedelta(days=1)


def _score_fields(policy: Policy) -> tuple[str, ...]:
    score = policy.performance_score
    if score.method == "imported":
        return ("performance_score",)
    return tuple(dict.fromkeys(METRICS[m].data_field for m in score.weights))


def _group_key(peer_group: str, level: str, department_id, team_id):
    if peer_group == "level_team":
        return (level, team_id)
    if peer_group == "level_company":
        return (level,)
    return (level, department_id)


def levels_at_month_ends(employee_ids: Iterable[int], months: Sequence[str]) -> dict[int, dict[str, str]]:
    """employee id → month → the level code held on that month's last day (months with none are absent)."""
    history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    ends = {m: month_end(m) for m in months}
    last = max(ends.values()) if ends else None
    rows = LevelAssignment.objects.filter(employee_id__in=list(employee_ids), effective_from__lte=last)
    for emp_id, code, start in rows.order_by("employee_id", "effective_from", "pk").values_list(
        "employee_id", "level__code", "effective_from"
    ):
        history[emp_id].append((start, code))
    out: dict[int, dict[str, str]] = {}
    for emp_id, stays in history.items():
        found = {}
        for m, end in ends.items():
            i = bisect.bisect_right(stays, (end, "\uffff"))
            if i:
                found[m] = stays[i - 1][1]
        out[emp_id] = found
    return out


def peer_standing(
    policy: Policy, *, months: Sequence[str], peer_group: str
) -> dict[int, dict[str, Standing]]:
    """employee id → month → Standing, for everyone with figures in those months (company-wide: a group is
    level × department, level × team or level across the company)."""
    fields = _score_fields(policy)
    rows = list(
        MonthlyMetric.objects.filter(month__in=list(months)).values_list(
            "employee_id", "month", "employee__team_id", "employee__team__department_id", *fields
        )
    )
    levels = levels_at_month_ends({r[0] for r in rows}, months)
    groups: dict[tuple, dict[int, dict[str, float | None]]] = defaultdict(dict)
    level_of: dict[tuple[int, str], str] = {}
    for emp_id, month, team_id, department_id, *values in rows:
        level = levels.get(emp_id, {}).get(month)
        if level is None:
            continue
        level_of[(emp_id, month)] = level
        groups[(month, _group_key(peer_group, level, department_id, team_id))][emp_id] = dict(
            zip(fields, values, strict=True)
        )
    score = policy.performance_score
    weights = {k: float(v) for k, v in score.weights.items()}
    out: dict[int, dict[str, Standing]] = defaultdict(dict)
    for (month, _key), members in groups.items():
        if score.method == "imported":
            scores = {k: row.get("performance_score") for k, row in members.items()}
        else:
            scores = performance_scores(members, weights, score.normalisation)
        pcts = peer_percentiles(scores)
        size = len(pcts)
        for emp_id, pct in pcts.items():
            out[emp_id][month] = Standing(float(scores[emp_id]), pct, size, level_of[(emp_id, month)])
    return dict(out)
