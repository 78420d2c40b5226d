"""The daily job in the background worker (django-tasks' database backend; no cron).

The worker queues the first run when it starts and none is queued (`daily_job_ensure_queued`, called by
`manage upload_worker`); each run catches up the missed days (daily.services) and queues the next one for
the next local midnight plus a minute. Several workers may pick runs up: each (day, step) still runs once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("serviceladder.daily")

READY = "READY"


@task()
def daily_job() -> dict:
    """Catch up and run today's steps, then queue the next run."""
    from serviceladder.daily.services import daily_catch_up

    if not connection.in_atomic_block:  # a worker drops stale connections; a caller's transaction is kept
        close_old_connections()
    try:
        outcomes = daily_catch_up(timezone.localdate())
    finally:
        daily_job_schedule(next_run_at(timezone.now()))
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return counts


def next_run_at(now: dt.datetime) -> dt.datetime:
    """The next local midnight plus a minute."""
    local = timezone.localtime(now)
    day = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 1)), timezone.get_current_timezone())


def _queued():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=daily_job.module_path, status=READY)


def next_queued_at() -> dt.datetime | None:
    found = _queued().order_by("run_after").values_list("run_after", flat=True).first()
    return found


@transaction.atomic
def daily_job_schedule(when: dt.datetime | None) -> bool:
    """Queue a run at `when` (None: as soon as a worker is free) unless one is queued already; several
    queued runs (two workers starting at once) are cut back to the earliest. Returns whether it queued."""
    queued = list(_queued().order_by("run_after", "enqueued_at").values_list("pk", flat=True))
    if queued:
        if len(queued) > 1:
            _queued().filter(pk__in=queued[1:]).delete()
        return False
    (daily_job.using(run_after=when) if when is not None else daily_job).enqueue()
    return True


def daily_job_ensure_queued() -> bool:
    """At worker start: queue a run now when none is queued (it catches up whatever was missed)."""
    queued = daily_job_schedule(None)
    if queued:
        logger.info("queued the daily job")
    return queued
