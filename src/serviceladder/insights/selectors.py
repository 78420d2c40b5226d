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
    runs = EligibilitySnapshotRun.objects.filter(as_of=as_of).select_related("policy_version")
    if policy_version is not None:
        runs = runs.filter(policy_version=policy_version)
    return runs.order_by("-computed_at", "-pk").first()


@dataclass(frozen=True)
class SnapshotList:
    run: EligibilitySnapshotRun
    people: dict[str, Employee]  # everyone in the user's scope (and department filter), by number
    # The run's decisions of these people, filtered, in the engine's order, read from the row's columns:
    # without their checks and projection (empty, None) until `detailed` reads them.
    decisions: list[Decision]
    row_ids: dict[tuple[str, str], int]  # (number, to_level) -> the row

    def detailed(self, decisions: list[Decision]) -> list[Decision]:
        """These decisions whole (checks, projection), read from their rows' stored decisions: a list page
        decodes only the rows it shows, a download all of them."""
        ids = [self.row_ids[(d.employee, d.to_level)] for d in decisions]
        stored = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            stored.update(EligibilityRow.objects.filter(pk__in=chunk).values_list("pk", "decision"))
        return [decision_from_data(stored[pk]) for pk in ids]


CHUNK = 900  # row ids per query (below SQLite's limit of bound parameters)


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
    columns = ("pk", "employee__number", "from_level", "to_level", "kind", "track", "status", "earliest")
    version = run.policy_version.label
    decisions, row_ids = [], {}
    for pk, number, from_level, to_level, kind, track, status, earliest in rows.order_by(
        "position"
    ).values_list(*columns):
        decisions.append(
            Decision(
                number, from_level, to_level, kind, track, status, earliest, (), None, version, run.as_of
            )
        )
        row_ids[(number, to_level)] = pk
    return SnapshotList(run, people, decisions, row_ids)
