"""What-if: the same people on the same date under two policies — who gains, who loses, how counts move.

Pure (no Django): two lists of decisions in (the policy in force, then the draft), a Comparison out.
A row is one person and step, keyed by (employee, from level, to level); a step may exist under one
policy only (the draft adds or removes a transition, or renames a level).

Kinds of row:
- gained: eligible under the draft, not under the policy in force (or the step was not open before);
- lost: eligible under the policy in force, not under the draft (or the draft closes the step);
- better / worse: eligible under neither, but the draft's status is better / worse, or the same status
  with an earlier / later date (STATUS_ORDER, then `earliest`, as engine.status_rank);
- added / removed: a step only one policy opens, not eligible there;
- unchanged: same status and date (a threshold may still have moved).

Counts are of people: under each policy a person counts once, with their best status over the steps open
to them (by team and by current level); by target level, once per step towards that level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    STATUS_ORDER,
    Decision,
    status_rank,
)
from serviceladder.rules.clauses import PASS, CheckResult

GAINED = "gained"
LOST = "lost"
BETTER = "better"
WORSE = "worse"
ADDED = "added"
REMOVED = "removed"
UNCHANGED = "unchanged"

KINDS = (GAINED, BETTER, ADDED, LOST, WORSE, REMOVED, UNCHANGED)
GAIN_KINDS = frozenset({GAINED, BETTER})
LOSS_KINDS = frozenset({LOST, WORSE})
# The same change seen from the other side (comparing the draft with the policy in force).
MIRROR = {GAINED: LOST, LOST: GAINED, BETTER: WORSE, WORSE: BETTER, ADDED: REMOVED, REMOVED: ADDED}
MIRROR[UNCHANGED] = UNCHANGED

# Best first, the order counts are shown in.
STATUSES = (ELIGIBLE, NOT_YET, INSUFFICIENT_DATA, BLOCKED)

Key = tuple[str, str, str]  # (employee, from level, to level)


class CheckChange(NamedTuple):
    """One condition whose outcome differs between the two policies (None: not a condition there)."""

    clause: str
    key: str
    before: CheckResult | None
    after: CheckResult | None


class Change(NamedTuple):
    employee: str
    from_level: str
    to_level: str
    kind: str
    before: Decision | None
    after: Decision | None
    checks: tuple[CheckChange, ...]

    @property
    def before_status(self) -> str | None:
        return self.before.status if self.before is not None else None

    @property
    def after_status(self) -> str | None:
        return self.after.status if self.after is not None else None


@dataclass(frozen=True)
class Tally:
    """How many have each status before and after."""

    before: Mapping[str, int]
    after: Mapping[str, int]

    def delta(self, status: str) -> int:
        return self.after.get(status, 0) - self.before.get(status, 0)

    @property
    def total_before(self) -> int:
        return sum(self.before.values())

    @property
    def total_after(self) -> int:
        return sum(self.after.values())

    def cells(self) -> list[tuple[str, int, int, int]]:
        """(status, before, after, after − before) in STATUSES order."""
        return [(s, self.before.get(s, 0), self.after.get(s, 0), self.delta(s)) for s in STATUSES]

    @property
    def changed(self) -> bool:
        return any(self.delta(s) for s in STATUSES)


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]  # every row, by employee, from level, to level
    people: Tally  # each person once, with their best status
    decisions: Tally  # each person and step
    by_team: dict[str | None, Tally]  # people, by team code (None: no team)
    by_level: dict[str, Tally]  # people, by current level
    by_target: dict[str, Tally]  # steps, by target level

    def of_kind(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    @property
    def gains(self) -> list[Change]:
        """Eligible now under the draft (first), then closer to it."""
        return sorted(self.of_kind(*GAIN_KINDS), key=lambda c: (c.kind != GAINED, c[:3]))

    @property
    def losses(self) -> list[Change]:
        return sorted(self.of_kind(*LOSS_KINDS), key=lambda c: (c.kind != LOST, c[:3]))

    @property
    def only_before(self) -> list[Change]:
        """Steps only the policy in force opens (whatever the status)."""
        return [c for c in self.changes if c.after is None]

    @property
    def only_after(self) -> list[Change]:
        """Steps only the draft opens."""
        return [c for c in self.changes if c.before is None]

    @property
    def status_changes(self) -> list[Change]:
        """Rows whose status differs (a step open under one policy only counts as a change)."""
        return [c for c in self.changes if c.before_status != c.after_status]


def _classify(before: Decision | None, after: Decision | None) -> str:
    was = before is not None and before.status == ELIGIBLE
    now = after is not None and after.status == ELIGIBLE
    if now and not was:
        return GAINED
    if was and not now:
        return LOST
    if before is None:
        return ADDED
    if after is None:
        return REMOVED
    b, a = status_rank(before), status_rank(after)
    if a > b:
        return BETTER
    if a < b:
        return WORSE
    return UNCHANGED


def changed_checks(before: Decision | None, after: Decision | None) -> tuple[CheckChange, ...]:
    """The conditions that explain a change: those whose status or earliest date differs, and those only
    one policy has that are not met there. Checks of one clause are paired by (clause, key) in order."""
    if before is not None and after is not None and before.checks == after.checks:
        return ()
    groups: dict[tuple[str, str], list[list[CheckResult]]] = {}
    for side, decision in enumerate((before, after)):
        for check in decision.checks if decision is not None else ():
            pair = groups.setdefault((check.clause, check.key), [[], []])
            pair[side].append(check)
    out = []
    for (clause, key), (olds, news) in groups.items():
        for i in range(max(len(olds), len(news))):
            old = olds[i] if i < len(olds) else None
            new = news[i] if i < len(news) else None
            if old is not None and new is not None:
                if old.status == new.status and old.earliest == new.earliest:
                    continue
            elif (old or new).status == PASS:
                continue
            out.append(CheckChange(clause, key, old, new))
    return tuple(out)


def _best(decisions: Iterable[Decision]) -> dict[str, Decision]:
    best: dict[str, Decision] = {}
    for d in decisions:
        held = best.get(d.employee)
        if held is None or STATUS_ORDER.index(d.status) > STATUS_ORDER.index(held.status):
            best[d.employee] = d
    return best


def _tallies(
    before: Iterable[tuple[object, str]], after: Iterable[tuple[object, str]]
) -> dict[object, Tally]:
    counts: dict[object, tuple[dict[str, int], dict[str, int]]] = defaultdict(lambda: ({}, {}))
    for side, items in enumerate((before, after)):
        for group, status in items:
            bucket = counts[group][side]
            bucket[status] = bucket.get(status, 0) + 1
    order = sorted(counts, key=lambda g: (g is None, str(g)))
    return {g: Tally(counts[g][0], counts[g][1]) for g in order}


def _single(pairs_before: Iterable[str], pairs_after: Iterable[str]) -> Tally:
    return _tallies(((None, s) for s in pairs_before), ((None, s) for s in pairs_after)).get(
        None, Tally({}, {})
    )


def _unique(decisions: Sequence[Decision], side: str) -> dict[Key, Decision]:
    out: dict[Key, Decision] = {}
    for d in decisions:
        key = (d.employee, d.from_level, d.to_level)
        if key in out:
            raise ValueError(f"two {side} decisions for {key}")
        out[key] = d
    return out


def compare(
    before: Sequence[Decision], after: Sequence[Decision], *, teams: Mapping[str, str | None] | None = None
) -> Comparison:
    """Compare the decisions of the policy in force (`before`) with the draft's (`after`) for the same
    people on the same date. `teams` maps an employee number to a team code for the counts by team."""
    teams = teams or {}
    old, new = _unique(before, "before"), _unique(after, "after")
    changes = []
    for key in sorted(old.keys() | new.keys()):
        b, a = old.get(key), new.get(key)
        changes.append(Change(*key, _classify(b, a), b, a, changed_checks(b, a)))

    best_before, best_after = _best(old.values()), _best(new.values())
    people = _single((d.status for d in best_before.values()), (d.status for d in best_after.values()))
    decisions = _single((d.status for d in old.values()), (d.status for d in new.values()))
    by_team = _tallies(
        ((teams.get(e), d.status) for e, d in best_before.items()),
        ((teams.get(e), d.status) for e, d in best_after.items()),
    )
    by_level = _tallies(
        ((d.from_level, d.status) for d in best_before.values()),
        ((d.from_level, d.status) for d in best_after.values()),
    )
    by_target = _tallies(
        ((d.to_level, d.status) for d in old.values()), ((d.to_level, d.status) for d in new.values())
    )
    return Comparison(tuple(changes), people, decisions, by_team, by_level, by_target)
