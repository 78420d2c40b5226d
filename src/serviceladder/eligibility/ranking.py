"""Peer-group ranks for the rank streak (policy `performance_score`, `rank_streak.peer_group`). Pure.

A person's rank percentile in a month is their position in the peer group divided by the group's size
(×100): the best of ten is 10, ties share the better position, so "top 20 % inclusive" is `pct <= 20`.
The score ranked is either the imported monthly performance score or a weighted score: each weighted
metric normalised within the peer group (lower-is-better metrics inverted), then weighted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

from serviceladder.rules.metrics import METRICS


def peer_percentiles(scores: Mapping[Hashable, float | None]) -> dict[Hashable, float]:
    """Percentile position (0 < pct ≤ 100, smaller is better) of every scored member; higher scores win."""
    scored = sorted((s for s in scores.values() if s is not None), reverse=True)
    n = len(scored)
    position: dict[float, int] = {}
    for i, s in enumerate(scored, start=1):
        position.setdefault(s, i)  # ties share the better (smaller) position
    return {k: position[s] * 100.0 / n for k, s in scores.items() if s is not None}


def _normalised(
    values: Mapping[Hashable, float], lower_is_better: bool, method: str
) -> dict[Hashable, float]:
    """Each value in 0..1, 1 the best in the group."""
    if method == "peer_minmax":
        lo, hi = min(values.values()), max(values.values())
        if hi == lo:
            return dict.fromkeys(values, 0.5)
        out = {k: (v - lo) / (hi - lo) for k, v in values.items()}
    else:  # peer_percentile: share of peers below, ties counted half
        ordered = sorted(values.values())
        n = len(ordered)
        if n == 1:
            return dict.fromkeys(values, 0.5)
        # One pass over the sorted values: how many lie below each distinct value, and how many equal it.
        below: dict[float, int] = {}
        equal: dict[float, int] = {}
        for i, v in enumerate(ordered):
            if v not in below:
                below[v] = i
                equal[v] = 0
            equal[v] += 1
        share = {v: (below[v] + (equal[v] - 1) / 2) / (n - 1) for v in below}
        out = {k: share[v] for k, v in values.items()}
    if lower_is_better:
        out = {k: 1.0 - v for k, v in out.items()}
    return out


def performance_scores(
    rows: Mapping[Hashable, Mapping[str, float | None]],
    weights: Mapping[str, float],
    normalisation: str = "peer_percentile",
) -> dict[Hashable, float | None]:
    """Weighted score 0..100 per member of one peer group in one month.

    A metric nobody in the group has is left out (the other weights are scaled up); a member missing a
    metric the group has gets no score (and so no rank: missing data never ranks).
    """
    used: list[tuple[float, dict[Hashable, float]]] = []
    for metric, weight in weights.items():
        if not weight:
            continue
        spec = METRICS[metric]
        values = {k: row[spec.data_field] for k, row in rows.items() if row.get(spec.data_field) is not None}
        if values:
            used.append((float(weight), _normalised(values, spec.lower_is_better, normalisation)))
    total = sum(w for w, _ in used)
    out: dict[Hashable, float | None] = {}
    for k in rows:
        # A plain loop (no generators): this runs for every member of every peer group and month.
        score = 0 if used else None
        for w, norm in used:
            v = norm.get(k)
            if v is None:
                score = None
                break
            score += w * v
        out[k] = None if score is None else 100.0 * score / total
    return out


def peer_group_ranks(
    records: Iterable[tuple[str, Hashable, Hashable, Mapping[str, float | None]]],
    *,
    method: str = "weighted",
    weights: Mapping[str, float] | None = None,
    normalisation: str = "peer_percentile",
) -> dict[Hashable, dict[str, float]]:
    """person → {month: percentile} from (month, peer group, person, monthly figures) records.

    `method` "imported" ranks by the figures' `performance_score`; "weighted" by `performance_scores`.
    """
    groups: dict[tuple[str, Hashable], dict[Hashable, Mapping]] = defaultdict(dict)
    for month, group, person, row in records:
        groups[(month, group)][person] = row
    out: dict[Hashable, dict[str, float]] = defaultdict(dict)
    for (month, _group), rows in groups.items():
        if method == "imported":
            scores = {k: row.get("performance_score") for k, row in rows.items()}
        else:
            scores = performance_scores(rows, weights or {}, normalisation)
        for person, pct in peer_percentiles(scores).items():
            out[person][month] = pct
    return dict(out)
