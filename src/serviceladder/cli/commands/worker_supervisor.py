"""`serve` keeps its upload worker alive: a worker that exits is restarted after a back-off (1 s, doubling up
to 60 s; back to 1 s once a worker has run for a minute), each time logged, and the jobs it left Running
are marked failed first (issue 11, item 14)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable

from django.utils.translation import gettext as _

FIRST_DELAY, MAX_DELAY, STEADY_SECONDS, POLL_SECONDS = 1.0, 60.0, 60.0, 0.5


def _log(message: str) -> None:
    print(f"serviceladder: {message}", file=sys.stderr, flush=True)


class WorkerSupervisor:
    def __init__(self, start: Callable[[], subprocess.Popen]) -> None:
        self._start = start
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.worker: subprocess.Popen | None = None
        self.restarts = 0

    def start(self) -> WorkerSupervisor:
        self._recover()
        self.worker = self._start()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()
        return self

    def _recover(self) -> None:
        from django.db import close_old_connections

        from serviceladder.metrics.worker_state import recover_after_crash

        try:
            done = recover_after_crash()
        except Exception as exc:  # noqa: BLE001 - a failed clean-up must not keep the worker down
            _log(_("cleaning up after the upload worker failed: %(error)s") % {"error": exc})
            return
        finally:
            close_old_connections()
        if done["jobs_failed"] or done["staging_removed"]:
            _log(
                _("%(jobs)s import job(s) left running marked failed, %(folders)s staging folder(s) removed")
                % {"jobs": done["jobs_failed"], "folders": done["staging_removed"]}
            )

    def _watch(self) -> None:
        delay = FIRST_DELAY
        started = time.monotonic()
        while not self._stopping.wait(POLL_SECONDS):
            code = self.worker.poll()
            if code is None:
                continue
            if time.monotonic() - started >= STEADY_SECONDS:
                delay = FIRST_DELAY
            _log(
                _("the upload worker exited with code %(code)s; restarting it in %(delay)s s")
                % {"code": code, "delay": f"{delay:g}"}
            )
            if self._stopping.wait(delay):
                return
            self._recover()
            self.worker = self._start()
            self.restarts += 1
            started = time.monotonic()
            delay = min(delay * 2, MAX_DELAY)

    def stop(self, stop_worker: Callable[[subprocess.Popen], None]) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(5)
        if self.worker is not None:
            stop_worker(self.worker)
