"""Performance score and rank within a peer group: pure functions over plain values (no Django).

Policy clause `performance_score` (method, normalisation, weights) and the peer group of `rank_streak`.

Score (0..100):
- method "weighted": each weighted metric is normalised within the peer group to 0..1, where 1 is best
  (a lower-is-better metric such as AHT or complaint rate is inverted first), then
  score = 100 * sum(weight * normalised) / sum(weight), both sums over the metrics the agent has a figure
  for. An agent with no figure for any weighted metric gets no score and no rank.
  - "peer_percentile": (peers strictly worse + half of the other peers with the same value) / (n - 1),
    n = agents in the group with a figure; a group of one gives 1.
  - "peer_minmax": (x - worst) / (best - worst); when all are equal, 1.
- method "imported": the score the monthly sheet gave; agents without one are not ranked.

Rank and percentile (the "top X %" a rank streak checks):
- rank = 1 + the number of peers with a strictly higher score ("1224" competition ranking), so tied
  agents share a rank;
- percentile = rank / peer_size * 100, the top-percent the agent is in: the best of 10 is in the top 10 %,
  the 2nd of 10 in the top 20 %, and two agents tied for best of 10 are both in the top 10 %.
  `percentile <= 20` is "top 20 %". peer_size counts the agents with a score in the group.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

SCORE_DIGITS = 9  # scores equal to 9 decimals are ties (float sums in another order must not split a tie)


@dataclass(frozen=True)
class ScoreRule:
    method: str = "weighted"  # "weighted" | "imported"
    normalisation: str = "peer_percentile"  # "peer_percentile" | "peer_minmax"
    weights: Mapping[str, float] = None  # type: ignore[assignment]
    lower_is_better: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    group: Hashable | None  # None: no peer group (e.g. no level), never ranked
    values: Mapping[str, float | None]
    imported_score: float | None = None


@dataclass(frozen=True)
class Ranked:
    key: Hashable
    score: float | None
    rank: int | None
    peer_size: int | None
    percentile: float | None


def normalise(values: list[float | None], *, method: str, lower_is_better: bool) -> list[float | None]:
    """Each value mapped to 0..1 within the list (1 = best); None stays None."""
    signed = [None if x is None else (-x if lower_is_better else x) for x in values]
    present = sorted(x for x in signed if x is not None)
    n = len(present)
    out: list[float | None] = []
    for x in signed:
        if x is None:
            out.append(None)
        elif method == "peer_minmax":
            lo, hi = present[0], present[-1]
            out.append(1.0 if hi == lo else (x - lo) / (hi - lo))
        elif n == 1:
            out.append(1.0)
        else:
            below = bisect_left(present, x)
            equal = bisect_right(present, x) - below - 1
            out.append((below + 0.5 * equal) / (n - 1))
    return out


def group_scores(candidates: list[Candidate], rule: ScoreRule) -> list[float | None]:
    """Scores of the candidates of ONE peer group, in their order."""
    if rule.method == "imported":
        return [c.imported_score for c in candidates]
    weights = {m: float(w) for m, w in (rule.weights or {}).items() if float(w) > 0}
    normalised = {
        metric: normalise(
            [c.values.get(metric) for c in candidates],
            method=rule.normalisation,
            lower_is_better=metric in rule.lower_is_better,
        )
        for metric in weights
    }
    scores: list[float | None] = []
    for i in range(len(candidates)):
        total = weight_sum = 0.0
        for metric, weight in weights.items():
            value = normalised[metric][i]
            if value is not None:
                total += weight * value
                weight_sum += weight
        scores.append(100.0 * total / weight_sum if weight_sum > 0 else None)
    return scores


def rank_scores(scores: list[float | None]) -> list[tuple[int | None, int | None, float | None]]:
    """(rank, peer_size, percentile) for each score of one group; None scores are not ranked."""
    rounded = [None if s is None else round(s, SCORE_DIGITS) for s in scores]
    present = sorted(s for s in rounded if s is not None)
    size = len(present)
    out: list[tuple[int | None, int | None, float | None]] = []
    for s in rounded:
        if s is None:
            out.append((None, None, None))
            continue
        rank = 1 + size - bisect_right(present, s)
        out.append((rank, size, 100.0 * rank / size))
    return out


def rank_all(candidates: Iterable[Candidate], rule: ScoreRule) -> list[Ranked]:
    """Score and rank every candidate within its own peer group."""
    groups: dict[Hashable, list[Candidate]] = defaultdict(list)
    result: list[Ranked] = []
    for c in candidates:
        if c.group is None:
            result.append(Ranked(c.key, None, None, None, None))
        else:
            groups[c.group].append(c)
    for members in groups.values():
        scores = group_scores(members, rule)
        for c, score, (rank, size, pct) in zip(members, scores, rank_scores(scores), strict=True):
            result.append(Ranked(c.key, score, rank, size, pct))
    return result
