"""The upload worker survives (issue 11, item 14): jobs a dead worker left Running are marked failed and their
upload removed, staging folders of killed imports are removed, and `health` / GET /api/health report the
worker and the queue."""

import json
import os

import pytest
from django.test import Client
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.cli.main import main
from serviceladder.metrics.interactions.store import store_lock, store_root
from serviceladder.metrics.models import ImportJob
from serviceladder.metrics.worker_state import (
    heartbeat_path,
    heartbeat_write,
    recover_after_crash,
    staging_clean,
    worker_health,
)
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_catalogue_compile(monkeypatch):
    monkeypatch.setattr("serviceladder.cli.main.setup_django", lambda: None)


@pytest.fixture
def hr(db):
    return user_with_roles("hr-health", Role.HR)


def _job(tmp_path, status, hr, name="a.csv"):
    upload = tmp_path / f"upload-{name}"
    upload.write_text("工号,月份\n")
    return ImportJob.objects.create(
        kind="metrics", file_name=name, stored_path=str(upload), status=status, created_by=hr
    ), upload


def _dead_heartbeat():
    """A heartbeat left by a worker process that no longer exists."""
    heartbeat_write(timezone.now())
    beat = json.loads(heartbeat_path().read_text())
    beat["pid"] = 2**22 + 12345  # above the default pid_max: no such process
    heartbeat_path().write_text(json.dumps(beat))


def test_a_job_left_running_by_a_dead_worker_is_failed_and_its_upload_removed(tmp_path, hr):
    running, running_file = _job(tmp_path, ImportJob.Status.RUNNING, hr, "running.csv")
    queued, queued_file = _job(tmp_path, ImportJob.Status.QUEUED, hr, "queued.csv")
    _dead_heartbeat()
    assert recover_after_crash()["jobs_failed"] == 1
    running.refresh_from_db()
    assert running.status == ImportJob.Status.FAILED
    assert running.stored_path == "" and not running_file.exists()
    assert "worker stopped" in running.message and running.finished_at is not None
    queued.refresh_from_db()
    assert queued.status == ImportJob.Status.QUEUED and queued_file.exists()  # the next worker runs it


def test_nothing_is_touched_while_a_live_worker_beats(tmp_path, hr):
    running, running_file = _job(tmp_path, ImportJob.Status.RUNNING, hr)
    (store_root() / ".staging-live").mkdir(parents=True)
    heartbeat_write(timezone.now())  # this process beats: a live worker
    assert recover_after_crash() == {"jobs_failed": 0, "staging_removed": 0}
    running.refresh_from_db()
    assert running.status == ImportJob.Status.RUNNING and running_file.exists()
    assert (store_root() / ".staging-live").is_dir()


def test_staging_folders_of_a_killed_import_are_removed_unless_an_import_runs():
    root = store_root()
    (root / "month=2025-01").mkdir(parents=True)
    (root / "month=2025-01" / "part.parquet").write_bytes(b"kept")
    for name in (".staging-0123", ".backup-4567", ".duckdb-tmp"):
        (root / name / "month=2025-01").mkdir(parents=True)
    with store_lock(root):  # a CLI import is running: its staging folder is in use
        assert staging_clean() == 0
    assert staging_clean() == 3
    assert sorted(p.name for p in root.iterdir()) == [".lock", "month=2025-01"]


def test_health_command_says_down_and_exits_1_without_a_worker(capsys, hr, tmp_path):
    _job(tmp_path, ImportJob.Status.QUEUED, hr)
    assert main(["health"]) == 1
    out = capsys.readouterr().out
    assert "DOWN" in out and "1 waiting, 0 running" in out
    _dead_heartbeat()
    assert main(["health"]) == 1
    assert "DOWN (last heartbeat" in capsys.readouterr().out


def test_health_command_reports_a_running_worker(capsys):
    heartbeat_write(timezone.now())
    assert main(["health"]) == 0
    assert f"running (pid {os.getpid()}" in capsys.readouterr().out
    assert main(["health", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["worker"] == "running" and state["queued"] == 0


def test_health_api_for_hr_and_admin_only(hr):
    client = Client()
    client.force_login(hr)
    heartbeat_write(timezone.now())
    body = client.get("/api/health").json()
    assert body["worker"] == "running" and body["pid"] == os.getpid()
    assert body == {**worker_health(), "last_beat_seconds": body["last_beat_seconds"]}
    client.force_login(user_with_roles("agent-health", Role.AGENT))
    response = client.get("/api/health")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
