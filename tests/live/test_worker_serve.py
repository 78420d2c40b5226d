"""`serve` restarts its upload worker when it dies, and removes staging folders of killed imports at start
(issue 11, item 14). The real server and worker processes, on SQLite."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.live.serve_process import free_port, serve_process, wait_until_up

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.sqlite_only  # a throw-away SQLite home


def _beating_pid(home: Path, other_than: int | None, seconds: float = 120) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            pid = json.loads((home / "worker-heartbeat.json").read_text())["pid"]
        except (OSError, ValueError, KeyError):
            pid = None
        if pid and pid != other_than:
            return pid
        time.sleep(0.3)
    raise AssertionError("no worker heartbeat")


def test_serve_restarts_a_killed_worker_and_cleans_staging_at_start(tmp_path):
    home = tmp_path / "home"
    staging = home / "interactions" / ".staging-killed"
    (staging / "month=2025-01").mkdir(parents=True)
    env = {**os.environ, "SERVICELADDER_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = free_port()
    log = tmp_path / "serve.log"
    with serve_process(env, port, log=log) as server:
        wait_until_up(f"http://127.0.0.1:{port}", server)
        first = _beating_pid(home, None)
        assert not staging.exists()
        os.kill(first, signal.SIGKILL)
        second = _beating_pid(home, first)
        assert second != first
        health = subprocess.run(
            [sys.executable, "-m", "serviceladder", "health"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert health.returncode == 0, health.stdout + health.stderr
        assert f"running (pid {second}" in health.stdout
    text = log.read_text()
    assert "1 staging folder(s) removed" in text
    assert "the upload worker exited with code -9; restarting it in 1 s" in text
