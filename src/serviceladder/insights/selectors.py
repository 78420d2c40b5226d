"""Reads of the eligibility snapshot, scoped through accounts.scoping like the live list
(eligibility.loading.evaluated_employees: the same people eligibility_report shows the user)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from serviceladder.eligibility.engine import Decision
from serviceladder.eligibility.loading import evaluated_employees
from serviceladder.eligibility.serialize import decision_from_data
from serviceladder.insights.models import EligibilityRow, EligibilitySnapshotRun
from serviceladder.org.models import Employee


def latest_snapshot(as_of: dt.date, *, policy_version=None) -> EligibilitySnapshotRun | None:
    """The newest run computed for `as_of` (under that policy version when given), or None."""
    runs = EligibilitySnapshotRun.objects.filter(as_of=as_of)
    if policy_version is not None:
        runs = runs.filter(policy_version=policy_version)
    return runs.order_by("-computed_at", "-pk").first()


@dataclass(frozen=True)
class SnapshotList:
    run: EligibilitySnapshotRun
    people: dict[str, Employee]  # everyone in the user's scope (and department filter), by number
    decisions: list[Decision]  # the run's decisions of these people, filtered, in the engine's order


def snapshot_list(
    user, as_of: dt.date, filters, *, run: EligibilitySnapshotRun | None = None
) -> SnapshotList | None:
    """The decisions of everyone `user` may see, read from the latest snapshot of `as_of` (or `run`), with
    the list's filters (eligibility.selectors.ListFilters) in the query. None when there is no snapshot."""
    run = run or latest_snapshot(as_of)
    if run is None:
        return None
    employees = evaluated_employees(user, as_of=as_of, department=filters.department or None)
    people = {e.number: e for e in employees.select_related("team__department")}
    rows = EligibilityRow.objects.filter(run=run, employee__in=employees.values("pk"))
    if filters.team:
        rows = rows.filter(employee__team__code=filters.team)
    if filters.level:
        rows = rows.filter(from_level=filters.level)
    if filters.track:
        from serviceladder.policy.selectors import policy_parsed

        levels = policy_parsed(run.policy_version).levels()
        targets = [code for code, (track, _level, _rank) in levels.items() if track.code == filters.track]
        rows = rows.filter(to_level__in=targets)
    if filters.status:
        rows = rows.filter(status=filters.status)
    data = rows.order_by("position").values_list("decision", flat=True)
    return SnapshotList(run, people, [decision_from_data(d) for d in data])
