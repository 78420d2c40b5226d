"""Eligibility as the pages read it, scoped through accounts.scoping: one person's path, and a user's list
grouped into ready now · ready within 3 months · not yet (with filters).

Both reuse the adapter (loading.load_facts, loading.eligibility_report) and the engine. The list reads the
eligibility snapshot (insights) when one was computed for its day under the policy in force, else it computes
live; a person's path is always computed live (it is one person).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from serviceladder.accounts.scoping import employees_with_performance_visible_to
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    Decision,
    evaluate_many,
)
from serviceladder.eligibility.loading import eligibility_report, load_facts
from serviceladder.eligibility.pending import PendingMove, pending_moves
from serviceladder.org.models import Employee
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.rules.periods import add_months

STATUSES = (ELIGIBLE, NOT_YET, INSUFFICIENT_DATA, BLOCKED)

READY_NOW = "ready_now"
READY_SOON = "ready_soon"
LATER = "later"
UNDER_WAY = "under_way"  # the step is already taken: approved, on notice, or promoted and not yet in force
GROUPS = (READY_NOW, READY_SOON, LATER, UNDER_WAY)
SOON_MONTHS = 3


@dataclass(frozen=True)
class PersonEligibility:
    employee: Employee
    as_of: dt.date
    policy: Policy
    policy_version: str  # "v3"
    level: str | None  # current level code on `as_of`
    level_since: dt.date | None  # start of the unbroken stay in that level
    decisions: list[Decision]
    under_way: dict[str, PendingMove] = field(default_factory=dict)  # by target level code


def eligibility_for_person(user, employee: Employee, *, as_of: dt.date) -> PersonEligibility:
    """Every transition open to `employee` on `as_of` under the policy in force then.

    NotFoundOrForbidden when `user` may not see the person's performance; NoPolicyInForce without a policy.
    """
    employees = employees_with_performance_visible_to(user).filter(pk=employee.pk)
    if not employees.exists():
        raise NotFoundOrForbidden()
    version = policy_version_in_force(as_of)
    policy = policy_parsed(version)
    facts = load_facts(employees, as_of=as_of, policy=policy)
    current = facts[0].level_on(as_of) if facts else None
    decisions = evaluate_many(facts, policy, as_of, policy_version=version.label)
    return PersonEligibility(
        employee=employee,
        as_of=as_of,
        policy=policy,
        policy_version=version.label,
        level=current[0] if current else None,
        level_since=current[1] if current else None,
        decisions=decisions,
        under_way=pending_moves([employee.pk], as_of).get(employee.pk, {}),
    )


def group_of(decision: Decision, as_of: dt.date, *, under_way: bool = False) -> str:
    """under way (the step is taken already: pending_moves) · ready now (eligible) · ready soon (not yet,
    earliest within SOON_MONTHS, the boundary day included) · later (everything else: a later date, effort
    needed, blocked, not enough data)."""
    if under_way:
        return UNDER_WAY
    if decision.status == ELIGIBLE:
        return READY_NOW
    if (
        decision.status == NOT_YET
        and decision.earliest is not None
        and decision.earliest <= add_months(as_of, SOON_MONTHS)
    ):
        return READY_SOON
    return LATER


@dataclass(frozen=True)
class ListFilters:
    department: str = ""
    team: str = ""
    level: str = ""  # current level code
    track: str = ""  # the target level's track code
    status: str = ""  # one of STATUSES

    def query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class EligibilityList:
    as_of: dt.date
    policy: Policy
    policy_version: str
    people: dict[str, Employee]  # everyone evaluated (scope and department filter), by number
    decisions: list[Decision]  # after the filters, in employee-number order
    groups: dict[str, list[Decision]] = field(default_factory=dict)
    under_way: dict[tuple[str, str], PendingMove] = field(default_factory=dict)  # (number, to_level)
    computed_at: dt.datetime | None = None  # when the snapshot read was computed; None: computed live now
    # From a snapshot, `decisions` come without checks and projection: `detailed` reads them when shown.
    details: Callable[[list[Decision]], list[Decision]] | None = None

    def detailed(self, decisions: list[Decision]) -> list[Decision]:
        """These decisions (of this list) whole, with their checks and projection."""
        return list(decisions) if self.details is None else self.details(decisions)

    @property
    def count(self) -> int:
        return len(self.decisions)


def _later_order(d: Decision):
    # Dated "not yet" first (soonest first), then effort needed, not enough data, blocked.
    rank = {NOT_YET: 0 if d.earliest else 1, INSUFFICIENT_DATA: 2, BLOCKED: 3}.get(d.status, 4)
    return rank, d.earliest or dt.date.max, d.employee, d.to_level


@contextmanager
def _cyclic_gc_paused():
    """Reading and judging hundreds of people allocates hundreds of thousands of small objects without
    reference cycles; the cyclic collector would rescan them again and again (about a tenth of a list
    page's time). Reference counting still frees them; a cycle made meanwhile is collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def eligibility_list(user, *, as_of: dt.date, filters: ListFilters, live: bool = False) -> EligibilityList:
    """The decisions of everyone `user` may see (eligibility_report), filtered and grouped: read from the
    eligibility snapshot of `as_of` when there is one under the policy in force that day (`computed_at` says
    when it was computed), else (or with `live`) computed now."""
    from serviceladder.insights.selectors import latest_snapshot, snapshot_list

    version = policy_version_in_force(as_of)
    policy = policy_parsed(version)
    run = None if live else latest_snapshot(as_of, policy_version=version)
    if run is not None:  # the snapshot's query applies the filters
        snapshot = snapshot_list(user, as_of, filters, run=run)
        people, decisions = snapshot.people, snapshot.decisions
        computed_at, details = run.computed_at, snapshot.detailed
    else:
        with _cyclic_gc_paused():
            report = eligibility_report(user, as_of=as_of, department=filters.department or None)
        people, decisions = report.people, _filtered(report.decisions, report.people, filters, policy)
        computed_at, details = None, None
    under_way = steps_under_way(people, as_of)
    groups: dict[str, list[Decision]] = {g: [] for g in GROUPS}
    for d in decisions:
        groups[group_of(d, as_of, under_way=(d.employee, d.to_level) in under_way)].append(d)
    groups[READY_NOW].sort(key=lambda d: (d.employee, d.to_level))
    groups[READY_SOON].sort(key=lambda d: (d.earliest, d.employee, d.to_level))
    groups[LATER].sort(key=_later_order)
    groups[UNDER_WAY].sort(key=lambda d: (d.employee, d.to_level))
    return EligibilityList(
        as_of, policy, version.label, people, decisions, groups, under_way, computed_at, details
    )


def _filtered(found: list[Decision], people: Mapping[str, Employee], filters: ListFilters, policy):
    """The live decisions that pass the list's filters (team, current level, target track, status)."""
    track_of = {code: track.code for code, (track, _level, _rank) in policy.levels().items()}
    decisions = []
    for d in found:
        if filters.team:
            e = people.get(d.employee)
            if e is None or e.team is None or e.team.code != filters.team:
                continue
        if filters.level and d.from_level != filters.level:
            continue
        if filters.track and track_of.get(d.to_level) != filters.track:
            continue
        if filters.status and d.status != filters.status:
            continue
        decisions.append(d)
    return decisions


def steps_under_way(people: Mapping[str, Employee], as_of: dt.date) -> dict[tuple[str, str], PendingMove]:
    """The steps these people (by number) have already taken on `as_of`: (number, to_level) -> the move."""
    moves = pending_moves([e.pk for e in people.values()], as_of)
    return {
        (e.number, to_level): move for e in people.values() for to_level, move in moves.get(e.pk, {}).items()
    }
