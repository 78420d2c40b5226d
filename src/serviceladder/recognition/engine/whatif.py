"""What-if for stars and performance pay (issue 15, "Also"): the same people, the same period or month,
under the policy in force and under a draft. Pure (no Django): star results and bonus proposals in, a
comparison out — the stars and pay engines produce the inputs, this module only compares them.

Stars: each person's tier before and after (None when a policy does not rate them: stars off, or a
supervisory level there), the counts per tier, and who gains or loses a tier with the conditions that
changed the outcome — those of the deciding tier (the higher of the two tiers: passed under one policy,
not under the other), paired as in the eligibility what-if (`eligibility.whatif.changed_checks`).

Pay: each person's proposed amount before and after (Decimal, never float; None when a policy pays them no
line), the total per team before and after with the difference, and the people whose bonus changes most.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from serviceladder.eligibility.whatif import CheckChange, changed_checks
from serviceladder.recognition.engine.pay import Proposal
from serviceladder.recognition.engine.stars import NOT_ELIGIBLE, StarResult, TierCheck

GAINED = "gained"  # a higher tier under the draft
LOST = "lost"  # a lower tier under the draft
STATUS = "status"  # the same tier, another status (rated / not enough data / not eligible / not rated)
UNCHANGED = "unchanged"

# Keys of the counts per tier besides the number of stars.
NOT_RATED = "not_rated"  # the policy does not rate this person (stars off, or a supervisory level)
TIER_NOT_ELIGIBLE = NOT_ELIGIBLE  # in the first months of service


def tier_key(result: StarResult | None) -> int | str:
    """What a person counts as in the counts per tier: their stars, or why they have none."""
    if result is None:
        return NOT_RATED
    if result.status == NOT_ELIGIBLE:
        return TIER_NOT_ELIGIBLE
    return result.stars


def stars_of(result: StarResult | None) -> int:
    return 0 if result is None or result.status == NOT_ELIGIBLE else result.stars


class StarChange(NamedTuple):
    employee: Hashable
    kind: str
    before: StarResult | None
    after: StarResult | None
    tier: int | None  # the deciding tier (the higher one), None when the tier did not move
    checks: tuple[CheckChange, ...]  # the conditions whose outcome differs there

    @property
    def before_stars(self) -> int:
        return stars_of(self.before)

    @property
    def after_stars(self) -> int:
        return stars_of(self.after)


@dataclass(frozen=True)
class TierCounts:
    """How many people hold each tier (or none, and why) before and after."""

    before: Mapping[int | str, int]
    after: Mapping[int | str, int]

    def keys(self) -> list[int | str]:
        """Tiers highest first, then not eligible, then not rated."""
        keys = set(self.before) | set(self.after)
        tiers = sorted((k for k in keys if isinstance(k, int)), reverse=True)
        return tiers + [k for k in (TIER_NOT_ELIGIBLE, NOT_RATED) if k in keys]

    def cells(self) -> list[tuple[int | str, int, int, int]]:
        """(tier, before, after, after − before) in keys() order."""
        out = []
        for k in self.keys():
            b, a = self.before.get(k, 0), self.after.get(k, 0)
            out.append((k, b, a, a - b))
        return out


@dataclass(frozen=True)
class StarComparison:
    changes: tuple[StarChange, ...]  # every person, by employee
    counts: TierCounts
    by_team: dict[Hashable, TierCounts]

    def of_kind(self, *kinds: str) -> list[StarChange]:
        return [c for c in self.changes if c.kind in kinds]

    @property
    def gains(self) -> list[StarChange]:
        """A higher tier under the draft, the biggest moves first."""
        return sorted(self.of_kind(GAINED), key=lambda c: (c.before_stars - c.after_stars, str(c.employee)))

    @property
    def losses(self) -> list[StarChange]:
        return sorted(self.of_kind(LOST), key=lambda c: (c.after_stars - c.before_stars, str(c.employee)))


def _tier(result: StarResult | None, stars: int) -> TierCheck | None:
    if result is None:
        return None
    return next((t for t in result.tiers if t.stars == stars), None)


class _Checks(NamedTuple):
    """The shape changed_checks reads (anything with `checks`)."""

    checks: tuple


def _deciding(
    before: StarResult | None, after: StarResult | None
) -> tuple[int | None, tuple[CheckChange, ...]]:
    """The tier that decided the move and the conditions that changed there. A person not eligible yet on
    one side has their service check as the condition."""
    b, a = stars_of(before), stars_of(after)
    sides = []
    for result in (before, after):
        if result is not None and result.status == NOT_ELIGIBLE:
            sides.append(_Checks((result.service,)))
        else:
            sides.append(None)
    if b == a:
        if any(sides):
            return None, changed_checks(sides[0], sides[1])
        return None, ()
    tier = max(b, a)
    old = sides[0] or _tier(before, tier)
    new = sides[1] or _tier(after, tier)
    return tier, changed_checks(old, new)


def _classify(before: StarResult | None, after: StarResult | None) -> str:
    b, a = stars_of(before), stars_of(after)
    if a > b:
        return GAINED
    if a < b:
        return LOST
    if tier_key(before) != tier_key(after) or (
        before is not None and after is not None and before.status != after.status
    ):
        return STATUS
    return UNCHANGED


def _counts(items) -> TierCounts:
    before: dict[int | str, int] = {}
    after: dict[int | str, int] = {}
    for b, a in items:
        before[b] = before.get(b, 0) + 1
        after[a] = after.get(a, 0) + 1
    return TierCounts(before, after)


def compare_stars(
    before: Mapping[Hashable, StarResult],
    after: Mapping[Hashable, StarResult],
    *,
    teams: Mapping[Hashable, Hashable] | None = None,
) -> StarComparison:
    """Compare each person's star result under the policy in force (`before`) with the draft's (`after`)
    for the same period. A person missing from one side is not rated by that policy. `teams` maps a person
    to a team for the counts by team."""
    teams = teams or {}
    changes = []
    for emp in sorted(before.keys() | after.keys(), key=str):
        b, a = before.get(emp), after.get(emp)
        tier, checks = _deciding(b, a)
        changes.append(StarChange(emp, _classify(b, a), b, a, tier, checks))
    pairs = [(tier_key(c.before), tier_key(c.after)) for c in changes]
    grouped: dict[Hashable, list] = {}
    for c, pair in zip(changes, pairs, strict=True):
        grouped.setdefault(teams.get(c.employee), []).append(pair)
    by_team = {t: _counts(grouped[t]) for t in sorted(grouped, key=lambda t: (t is None, str(t)))}
    return StarComparison(tuple(changes), _counts(pairs), by_team)


# ---------------------------------------------------------------- pay

ZERO = Decimal("0.00")


class PayChange(NamedTuple):
    employee: Hashable
    team: Hashable
    before: Proposal | None
    after: Proposal | None

    @property
    def amount_before(self) -> Decimal:
        return self.before.amount if self.before is not None else ZERO

    @property
    def amount_after(self) -> Decimal:
        return self.after.amount if self.after is not None else ZERO

    @property
    def difference(self) -> Decimal:
        return self.amount_after - self.amount_before


class TeamTotal(NamedTuple):
    team: Hashable
    people: int
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class PayComparison:
    changes: tuple[PayChange, ...]  # every person with a line under either policy, by employee
    by_team: tuple[TeamTotal, ...]  # by team (no team last)
    total: TeamTotal  # everyone (team None)

    def largest(self, n: int) -> list[PayChange]:
        """The `n` people whose amount changes most (by absolute difference; changed ones only)."""
        moved = [c for c in self.changes if c.difference or (c.before is None) != (c.after is None)]
        return sorted(moved, key=lambda c: (-abs(c.difference), str(c.employee)))[:n]

    @property
    def changed(self) -> int:
        return sum(1 for c in self.changes if c.difference)


def compare_pay(
    before: list[Proposal], after: list[Proposal], *, teams: Mapping[Hashable, Hashable] | None = None
) -> PayComparison:
    """Compare the month's proposals under the policy in force (`before`) with the draft's (`after`), keyed by
    `Proposal.employee_id`. Amounts are the proposals' (rounded once, no adjustment). Totals are exact
    Decimal sums."""
    teams = teams or {}
    old = {p.employee_id: p for p in before}
    new = {p.employee_id: p for p in after}
    changes = tuple(
        PayChange(emp, teams.get(emp), old.get(emp), new.get(emp))
        for emp in sorted(old.keys() | new.keys(), key=str)
    )
    sums: dict[Hashable, list] = {}
    for c in changes:
        row = sums.setdefault(c.team, [0, ZERO, ZERO])
        row[0] += 1
        row[1] += c.amount_before
        row[2] += c.amount_after
    order = sorted(sums, key=lambda t: (t is None, str(t)))
    by_team = tuple(TeamTotal(t, *sums[t]) for t in order)
    total = TeamTotal(
        None,
        len(changes),
        sum((c.amount_before for c in changes), ZERO),
        sum((c.amount_after for c in changes), ZERO),
    )
    return PayComparison(changes, by_team, total)
