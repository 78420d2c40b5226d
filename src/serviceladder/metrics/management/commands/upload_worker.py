"""`manage upload_worker`: django-tasks-db's db_worker, with the heartbeat `serve` and `health` read."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from serviceladder.metrics.worker_state import heartbeat_start


class Command(DbWorker):
    help = "Run the upload worker (django-tasks-db db_worker) and write its heartbeat."

    def handle(self, *args, **options):
        stop = heartbeat_start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
