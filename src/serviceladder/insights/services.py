"""The eligibility snapshot's writer: everyone's decisions computed once with the engine and stored as one
run, so the lists (and the dashboards) read rows instead of recomputing everyone per request.

Refreshed by the daily step `insights.eligibility_snapshot`, after an import job that changes facts
(metrics.tasks) and after a policy load (policy.services), each on commit (snapshot_refresh_on_commit).
Derived data: no audit row; the run is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from serviceladder.eligibility.engine import compile_policy, evaluate_many
from serviceladder.eligibility.loading import load_facts
from serviceladder.eligibility.selectors import group_of, steps_under_way
from serviceladder.eligibility.serialize import decision_to_data
from serviceladder.insights.models import EligibilityRow, EligibilitySnapshotRun
from serviceladder.org.models import Employee
from serviceladder.org.selectors import employed_on, today
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force

logger = logging.getLogger("serviceladder.insights")

SNAPSHOT_DAILY = EligibilitySnapshotRun.Trigger.DAILY
SNAPSHOT_IMPORT = EligibilitySnapshotRun.Trigger.IMPORT
SNAPSHOT_POLICY = EligibilitySnapshotRun.Trigger.POLICY
SNAPSHOT_MANUAL = EligibilitySnapshotRun.Trigger.MANUAL

BATCH_SIZE = 500
# Days of daily snapshots kept (the dashboards compare with twelve months ago); runs marked `keep` stay.
RETENTION_DAYS = 400

_refresh_started = threading.local()  # by day: when this thread last started a refresh after a commit


def eligibility_snapshot_refresh(*, as_of: dt.date, trigger: str, actor=None) -> EligibilitySnapshotRun:
    """Compute everyone's decisions on `as_of` under the policy in force then, store them as a new run, and
    drop that day's earlier runs and runs older than RETENTION_DAYS (runs marked `keep` stay). Raises
    NoPolicyInForce without a policy.

    `actor` is only logged: the snapshot is derived data, readers scope it."""
    started = time.monotonic()
    version = policy_version_in_force(as_of)
    policy = policy_parsed(version)
    employees = Employee.objects.filter(employed_on(as_of))  # each reader narrows them by its scope
    facts = load_facts(employees, as_of=as_of, policy=policy)
    decisions = evaluate_many(facts, compile_policy(policy, version.label), as_of)
    people = {e.number: e for e in employees.select_related("team")}
    under_way = steps_under_way(people, as_of)
    with transaction.atomic():
        run = EligibilitySnapshotRun.objects.create(
            as_of=as_of,
            policy_version=version,
            computed_at=timezone.now(),
            trigger=trigger,
            people_count=len(people),
            duration_ms=0,
        )
        rows = []
        for position, d in enumerate(decisions):
            e = people[d.employee]
            rows.append(
                EligibilityRow(
                    run=run,
                    position=position,
                    employee_id=e.pk,
                    from_level=d.from_level,
                    to_level=d.to_level,
                    track=d.track,
                    kind=d.kind,
                    status=d.status,
                    earliest=d.earliest,
                    group=group_of(d, as_of, under_way=(d.employee, d.to_level) in under_way),
                    department_id=e.team.department_id if e.team_id else None,
                    team_id=e.team_id,
                    decision=decision_to_data(d),
                )
            )
        EligibilityRow.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # the day's earlier runs, and unkept runs past the retention (a year of dashboards and a month more)
        older = EligibilitySnapshotRun.objects.filter(
            Q(as_of=as_of, pk__lt=run.pk) | Q(as_of__lt=as_of - dt.timedelta(days=RETENTION_DAYS)),
            keep=False,
        )
        _total, deleted = older.delete()
        pruned = deleted.get(EligibilitySnapshotRun._meta.label, 0)
        run.duration_ms = round((time.monotonic() - started) * 1000)
        run.save(update_fields=["duration_ms"])
    logger.info(
        "eligibility snapshot %s for %s (%s, policy %s, by %s): %s people, %s steps, %s ms; %s runs pruned",
        run.pk,
        as_of,
        trigger,
        version.label,
        getattr(actor, "label", None) or "system",
        run.people_count,
        len(rows),
        run.duration_ms,
        pruned,
    )
    return run


def snapshot_refresh_on_commit(*, trigger: str, as_of: dt.date | None = None) -> None:
    """After the current transaction commits, refresh today's snapshot (or `as_of`'s). A failure is logged and
    never reaches the caller (an import or a policy load has succeeded); the next daily step catches up.

    Asked several times in one transaction (the demo loads several policies in one), it refreshes once: a
    refresh this thread started after the request was made (so after the transaction committed) covers it."""
    asked = time.monotonic()

    def refresh() -> None:
        day = as_of or today()
        started = _refresh_started.__dict__.setdefault("by_day", {})
        if started.get(day, -1.0) > asked:
            return
        started[day] = time.monotonic()
        try:
            eligibility_snapshot_refresh(as_of=day, trigger=trigger)
        except Exception:
            logger.exception("eligibility snapshot after %s failed; the daily step will refresh it", trigger)

    transaction.on_commit(refresh)
