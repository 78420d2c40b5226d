"""The upload worker's state: its heartbeat, the queue, and the clean-up after a crash (issue 11, item 14).

- The worker (`manage upload_worker`, started and restarted by `serve`) writes $SERVICELADDER_HOME/
  worker-heartbeat.json every HEARTBEAT_SECONDS: its pid, when it started and when it last beat.
- `worker_health()` reports the worker as running (a fresh beat from a live process), down, or never
  started, with the queue length; `serviceladder health` and GET /api/health show it.
- `recover_after_crash()` runs before a worker starts: an import job left Running by a worker that died is
  marked failed and its upload removed (never "Running" forever), and the staging folders an import killed
  midway left in the interaction store are removed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import threading
from pathlib import Path

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.paths import home

HEARTBEAT_SECONDS = 5
STALE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
WORKER_DIED = _("The import stopped because the background worker stopped; upload the file again.")

logger = logging.getLogger("serviceladder.worker")


def heartbeat_path() -> Path:
    return home() / "worker-heartbeat.json"


def heartbeat_write(started_at: dt.datetime) -> None:
    path = heartbeat_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {"pid": os.getpid(), "started_at": started_at.isoformat(), "beat_at": timezone.now().isoformat()}
        )
    )
    os.replace(tmp, path)


def heartbeat_start() -> threading.Event:
    """Beat every HEARTBEAT_SECONDS on a daemon thread until the returned event is set."""
    stop = threading.Event()
    started = timezone.now()
    heartbeat_write(started)

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                heartbeat_write(started)
            except OSError:
                logger.warning("could not write the worker heartbeat", exc_info=True)

    threading.Thread(target=beat, name="worker-heartbeat", daemon=True).start()
    return stop


def _heartbeat() -> dict | None:
    try:
        return json.loads(heartbeat_path().read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_alive() -> bool:
    beat = _heartbeat()
    if not beat:
        return False
    age = (timezone.now() - dt.datetime.fromisoformat(beat["beat_at"])).total_seconds()
    return age <= STALE_AFTER_SECONDS and _alive(int(beat["pid"]))


def worker_health() -> dict:
    """{"worker": "running" | "down" | "never_started", pid, started_at, last_beat_seconds, queued, running,
    oldest_queued_seconds, daily: the daily job's last run (daily.services.daily_health)}."""
    from serviceladder.daily.services import daily_health
    from serviceladder.metrics.models import ImportJob

    beat = _heartbeat()
    state = "never_started" if beat is None else ("running" if worker_alive() else "down")
    now = timezone.now()
    jobs = ImportJob.objects.filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING])
    queued = jobs.filter(status=ImportJob.Status.QUEUED)
    oldest = queued.aggregate(first=Min("created_at"))["first"]
    return {
        "worker": state,
        "pid": beat["pid"] if beat else None,
        "started_at": beat["started_at"] if beat else None,
        "last_beat_seconds": (
            round((now - dt.datetime.fromisoformat(beat["beat_at"])).total_seconds(), 1) if beat else None
        ),
        "queued": queued.count(),
        "running": jobs.filter(status=ImportJob.Status.RUNNING).count(),
        "oldest_queued_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
        "daily": daily_health(),
    }


def recover_after_crash() -> dict:
    """Clean up after a worker or an import that died; a no-op while a live worker beats. Returns counts."""
    out = {"jobs_failed": 0, "staging_removed": 0}
    if worker_alive():
        return out
    out["jobs_failed"] = _fail_orphaned_jobs()
    out["staging_removed"] = staging_clean()
    return out


def _fail_orphaned_jobs() -> int:
    from django_tasks_db.models import DBTaskResult

    from serviceladder.metrics.models import ImportJob

    failed = 0
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING):
        if job.stored_path:
            Path(job.stored_path).unlink(missing_ok=True)
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED,
            message=_english(WORKER_DIED),
            stored_path="",
            finished_at=timezone.now(),
        )
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now()
            )
        failed += updated
        if updated:
            logger.warning("import job %s was left running by a worker that stopped: marked failed", job.pk)
    return failed


def _english(message) -> str:
    """Job messages are kept as their English source text and translated when shown (see metrics/tasks.py)."""
    from django.utils import translation

    with translation.override("en"):
        return str(message)


def staging_clean() -> int:
    """Remove the staging, backup and DuckDB spill folders of imports that were killed; skipped while an
    import holds the store lock (a CLI import may be running)."""
    from serviceladder.metrics.interactions.store import store_root

    root = store_root()
    if not root.is_dir():
        return 0
    with (root / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        try:
            stale = [p for p in root.iterdir() if p.name.startswith((".staging-", ".backup-", ".duckdb-tmp"))]
            for path in stale:
                shutil.rmtree(path, ignore_errors=True)
                logger.warning("removed %s, left by an import that was stopped", path.name)
            return len(stale)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
