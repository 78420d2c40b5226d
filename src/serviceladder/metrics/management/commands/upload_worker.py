"""`manage upload_worker`: django-tasks-db's db_worker, with the heartbeat `serve` and `health` read; it
also runs the daily job (serviceladder.daily), queued here when the worker starts."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from serviceladder.metrics.worker_state import heartbeat_start


class Command(DbWorker):
    help = "Run the upload worker (django-tasks-db db_worker) and write its heartbeat."

    def handle(self, *args, **options):
        from serviceladder.daily.tasks import daily_job_ensure_queued

        stop = heartbeat_start()
        daily_job_ensure_queued()  # the daily job runs in this worker: queue its first run (daily/tasks.py)
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
