"""Running the daily job: each registered step once for each day (see registry.py for the steps).

`daily_run(day)` runs every step for one day. A step is claimed by inserting its (day, step) row: the
unique pair is the lock, so with several servers and workers exactly one runner gets each pair; the others
skip it. A step that failed is tried again by a later run (at most MAX_ATTEMPTS times), and a step left
"running" by a worker that died is taken over once it is STALE_AFTER old.

`daily_catch_up(today)` runs every day since the last run up to today, at most MAX_CATCH_UP_DAYS days
back (the days before are skipped, and the log says so).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from serviceladder.daily.models import DailyRun
from serviceladder.daily.registry import steps

logger = logging.getLogger("serviceladder.daily")

MAX_CATCH_UP_DAYS = 31
MAX_ATTEMPTS = 3
STALE_AFTER = dt.timedelta(hours=6)

DONE, FAILED, SKIPPED = "done", "failed", "skipped"


@dataclass(frozen=True)
class StepOutcome:
    day: dt.date
    step: str
    status: str  # done, failed, or skipped (done already, or running elsewhere)
    result: dict = field(default_factory=dict)


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _claim(day: dt.date, step: str) -> DailyRun | None:
    """The (day, step) row, now ours to run; None when another runner has it or it is done."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return DailyRun.objects.create(day=day, step=step, started_at=now, worker=_worker())
    except IntegrityError:
        pass
    # A failed step is tried again; one left running by a worker that died is taken over. The update's
    # condition is re-checked under the row lock, so only one runner takes it.
    taken = (
        DailyRun.objects.filter(day=day, step=step)
        .filter(
            Q(status=DailyRun.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=DailyRun.Status.RUNNING, started_at__lt=now - STALE_AFTER)
        )
        .update(
            status=DailyRun.Status.RUNNING,
            started_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
            worker=_worker(),
        )
    )
    return DailyRun.objects.get(day=day, step=step) if taken else None


def daily_run(day: dt.date, *, only: list[str] | None = None) -> list[StepOutcome]:
    """Run every registered step (or the named ones) for `day`, each once; see the module docstring."""
    outcomes = []
    for name, fn in steps().items():
        if only is not None and name not in only:
            continue
        run = _claim(day, name)
        if run is None:
            outcomes.append(StepOutcome(day, name, SKIPPED))
            continue
        try:
            with transaction.atomic():
                result = fn(day) or {}
                DailyRun.objects.filter(pk=run.pk).update(
                    status=DailyRun.Status.DONE, finished_at=timezone.now(), result=result
                )
        except Exception as exc:
            logger.exception("daily step %s for %s failed", name, day)
            result = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            DailyRun.objects.filter(pk=run.pk).update(
                status=DailyRun.Status.FAILED, finished_at=timezone.now(), result=result
            )
            outcomes.append(StepOutcome(day, name, FAILED, result))
            continue
        logger.info("daily step %s for %s: %s", name, day, result)
        outcomes.append(StepOutcome(day, name, DONE, result))
    return outcomes


def days_to_run(today: dt.date, last: dt.date | None) -> list[dt.date]:
    """The days a catch-up runs: from the last day run (again: a step may have failed or be new) to today,
    at most MAX_CATCH_UP_DAYS; only today when the job never ran."""
    if last is None or last > today:
        return [today]
    first = max(last, today - dt.timedelta(days=MAX_CATCH_UP_DAYS - 1))
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]


def daily_catch_up(today: dt.date) -> list[StepOutcome]:
    """Run every day since the last run up to `today` (bounded: see days_to_run)."""
    last = DailyRun.objects.aggregate(last=Max("day"))["last"]
    days = days_to_run(today, last)
    if last is not None and days[0] > last + dt.timedelta(days=1):
        logger.warning(
            "the daily job last ran for %s; catching up only the last %s days (from %s), the days between "
            "are skipped",
            last,
            MAX_CATCH_UP_DAYS,
            days[0],
        )
    outcomes = []
    for day in days:
        outcomes.extend(daily_run(day))
    return outcomes


def daily_health() -> dict:
    """The last day the job ran for, when it last finished a step, the steps that failed on that day, and
    when the next run is queued (None when none is)."""
    from serviceladder.daily.tasks import next_queued_at

    last = DailyRun.objects.order_by("-day", "-finished_at").first()
    failed = []
    finished = None
    if last is not None:
        rows = DailyRun.objects.filter(day=last.day)
        failed = sorted(rows.filter(status=DailyRun.Status.FAILED).values_list("step", flat=True))
        finished = rows.aggregate(at=Max("finished_at"))["at"]
    queued = next_queued_at()
    return {
        "last_day": last.day.isoformat() if last else None,
        "last_finished_at": finished.isoformat() if finished else None,
        "failed_steps": failed,
        "next_run_at": queued.isoformat() if queued else None,
        "steps": list(steps()),
    }
