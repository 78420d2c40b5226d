"""Rankings in two steps: plan them from figures held in memory (reads only, outside any transaction), then
write the plan in one short UPDATE pass keyed by (employee, month) (inside the caller's transaction).

An import computes the figures it is about to write, plans the rankings of the months they will leave in
the database, and only then opens its one short write transaction (issue 11: long imports never hold the
database's write lock while they compute).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection

from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.ranking import Candidate, ScoreRule, rank_all
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.rules.metrics import METRICS

# A month's figures as ranking reads them: employee id -> {field: value} (imported_score included).
MonthFigures = Callable[[str], dict[int, dict]]


@dataclass
class RankingPlan:
    months: list[str]  # the months ranked (a month without a policy in force is left as it is)
    rows: list[tuple]  # (score, rank, peer_size, percentile, peer_group, employee_id, month)


def month_end(month: str) -> dt.date:
    year, mon = int(month[:4]), int(month[5:7])
    first_next = dt.date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first_next - dt.timedelta(days=1)


def score_rule(policy) -> tuple[ScoreRule, str]:
    """The policy's score rule and peer group (the first rank_streak's, else same level + department)."""
    spec = policy.performance_score
    weights = {name: float(w) for name, w in spec.weights.items()}
    rule = ScoreRule(
        method=spec.method,
        normalisation=spec.normalisation,
        weights=weights,
        lower_is_better=frozenset(
            name for name in weights if name in METRICS and METRICS[name].lower_is_better
        ),
    )
    peer_group = next(
        (
            t.conditions.rank_streak.peer_group
            for t in policy.transitions
            if t.conditions.rank_streak is not None
        ),
        "level_department",
    )
    return rule, peer_group


def levels_at(date: dt.date) -> dict[int, str]:
    levels: dict[int, str] = {}
    assignments = (
        LevelAssignment.objects.filter(effective_from__lte=date)
        .order_by("employee_id", "effective_from")
        .values_list("employee_id", "level__code")
    )
    for employee_id, code in assignments.iterator(chunk_size=5000):
        levels[employee_id] = code  # the latest effective assignment wins
    return levels


def _places() -> dict[int, tuple[str, str]]:
    return {
        pk: (team or "-", department or "-")
        for pk, team, department in Employee.objects.values_list("pk", "team__code", "team__department__code")
    }


def peer_keys(kind: str, levels: dict[int, str], places: dict[int, tuple[str, str]] | None = None):
    """Employee id -> peer group key (level, level@team or level@department); no level, no group."""
    places = _places() if places is None else places
    keys = {}
    for pk, level in levels.items():
        team, department = places.get(pk, ("-", "-"))
        if kind == "level_company":
            keys[pk] = level
        elif kind == "level_team":
            keys[pk] = f"{level}@{team}"
        else:
            keys[pk] = f"{level}@{department}"
    return keys


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def rankings_plan(months: Iterable[str], figures: MonthFigures) -> RankingPlan:
    """Score and rank every employee-month of `months` per the policy in force at each month's end, from
    `figures(month)`; nothing is written."""
    from serviceladder.policy.errors import NoPolicyInForce
    from serviceladder.policy.selectors import policy_in_force

    plan = RankingPlan(months=[], rows=[])
    places = None
    for month in months:
        try:
            policy = policy_in_force(month_end(month))
        except NoPolicyInForce:
            continue
        rule, peer_kind = score_rule(policy)
        names = [name for name in rule.weights if name in METRICS]
        places = _places() if places is None else places
        groups = peer_keys(peer_kind, levels_at(month_end(month)), places)
        candidates = [
            Candidate(
                employee_id,
                groups.get(employee_id),
                {name: values.get(METRICS[name].data_field) for name in names},
                values.get("imported_score"),
            )
            for employee_id, values in figures(month).items()
        ]
        group_of = {c.key: c.group or "" for c in candidates}
        plan.rows.extend(
            (_round(x.score), x.rank, x.peer_size, _round(x.percentile), group_of[x.key], x.key, month)
            for x in rank_all(candidates, rule)
        )
        plan.months.append(month)
    return plan


def rankings_write(plan: RankingPlan) -> None:
    """Store the planned scores and ranks; run inside the caller's (short) transaction."""
    if not plan.rows:
        return
    qn = connection.ops.quote_name
    table = qn(MonthlyMetric._meta.db_table)
    sql = (
        f"UPDATE {table} SET {qn('performance_score')} = %s, {qn('rank')} = %s, "  # noqa: S608
        f"{qn('peer_size')} = %s, {qn('percentile')} = %s, {qn('peer_group')} = %s "
        f"WHERE {qn('employee_id')} = %s AND {qn('month')} = %s"
    )
    with connection.cursor() as cursor:
        for i in range(0, len(plan.rows), 5000):
            cursor.executemany(sql, plan.rows[i : i + 5000])


def stored_figures(months: list[str], fields: Iterable[str]) -> dict[str, dict[int, dict]]:
    """The database's figures of these months: month -> employee id -> {field: value} (with id, source)."""
    out: dict[str, dict[int, dict]] = {m: {} for m in months}
    names = ["id", "employee_id", "month", "source", *fields]
    for row in MonthlyMetric.objects.filter(month__in=months).values_list(*names).iterator(chunk_size=5000):
        values = dict(zip(names, row, strict=True))
        out[values["month"]][values["employee_id"]] = values
    return out
