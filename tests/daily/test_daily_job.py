"""The daily job: each (day, step) runs once, a failed step is tried again, missed days are caught up
(at most 31 days back), and the job queues its next run in the worker (no cron)."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from serviceladder.daily import registry
from serviceladder.daily.models import DailyRun
from serviceladder.daily.services import (
    DONE,
    FAILED,
    MAX_CATCH_UP_DAYS,
    SKIPPED,
    daily_catch_up,
    daily_health,
    daily_run,
    days_to_run,
)
from serviceladder.daily.tasks import daily_job, daily_job_ensure_queued, daily_job_schedule, next_run_at

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def calls(monkeypatch):
    """Two test steps instead of the registered ones; the days each ran for."""
    seen: dict[str, list] = {"a.count": [], "b.count": []}
    monkeypatch.setattr(registry, "_steps", {})
    registry.daily_step("a.count", lambda day: seen["a.count"].append(day) or {"n": 1})
    registry.daily_step("b.count", lambda day: seen["b.count"].append(day))
    return seen


def test_days_to_run_catches_up_from_the_last_day_at_most_31_days():
    assert days_to_run(DAY, None) == [DAY]
    assert days_to_run(DAY, DAY) == [DAY]
    assert days_to_run(DAY, DAY - dt.timedelta(days=3)) == [DAY - dt.timedelta(days=n) for n in (3, 2, 1, 0)]
    long_ago = days_to_run(DAY, DAY - dt.timedelta(days=400))
    assert len(long_ago) == MAX_CATCH_UP_DAYS and long_ago[-1] == DAY


@pytest.mark.django_db
def test_each_step_runs_once_per_day(calls):
    first = daily_run(DAY)
    assert [(o.step, o.status) for o in first] == [("a.count", DONE), ("b.count", DONE)]
    again = daily_run(DAY)
    assert [o.status for o in again] == [SKIPPED, SKIPPED]
    assert calls == {"a.count": [DAY], "b.count": [DAY]}
    row = DailyRun.objects.get(day=DAY, step="a.count")
    assert (row.status, row.result, row.attempts) == ("done", {"n": 1}, 1)
    assert row.finished_at is not None


@pytest.mark.django_db
def test_a_failed_step_is_tried_again_and_the_others_still_run(calls):
    attempts = []

    def flaky(day):
        attempts.append(day)
        if len(attempts) == 1:
            raise RuntimeError("mail server down")
        return {"ok": True}

    registry.daily_step("a.flaky", flaky)
    outcomes = {o.step: o.status for o in daily_run(DAY)}
    assert outcomes == {"a.count": DONE, "a.flaky": FAILED, "b.count": DONE}
    assert "mail server down" in DailyRun.objects.get(step="a.flaky").result["error"]
    assert {o.step: o.status for o in daily_run(DAY)} == {
        "a.count": SKIPPED,
        "a.flaky": DONE,
        "b.count": SKIPPED,
    }
    assert DailyRun.objects.get(step="a.flaky").attempts == 2


@pytest.mark.django_db
def test_a_step_left_running_by_a_dead_worker_is_taken_over_only_when_stale(calls):
    started = timezone.now() - dt.timedelta(hours=1)
    DailyRun.objects.create(day=DAY, step="a.count", started_at=started)
    assert [o.status for o in daily_run(DAY, only=["a.count"])] == [SKIPPED]
    DailyRun.objects.filter(step="a.count").update(started_at=timezone.now() - dt.timedelta(hours=7))
    assert [o.status for o in daily_run(DAY, only=["a.count"])] == [DONE]


@pytest.mark.django_db
def test_catching_up_runs_every_missed_day_once_bounded(calls, caplog):
    DailyRun.objects.create(
        day=DAY - dt.timedelta(days=3), step="a.count", started_at=timezone.now(), status="done"
    )
    daily_catch_up(DAY)
    assert calls["a.count"] == [DAY - dt.timedelta(days=n) for n in (2, 1, 0)]
    assert calls["b.count"] == [
        DAY - dt.timedelta(days=n) for n in (3, 2, 1, 0)
    ]  # a new step: from the last day
    daily_catch_up(DAY)
    assert len(calls["a.count"]) == 3
    later = DAY + dt.timedelta(days=100)
    daily_catch_up(later)
    assert len(calls["a.count"]) == 3 + MAX_CATCH_UP_DAYS
    assert "catching up only the last 31 days" in caplog.text


@pytest.mark.django_db
def test_the_job_runs_and_queues_its_next_run_for_after_midnight(calls):
    assert daily_job_ensure_queued() is True
    assert daily_job_ensure_queued() is False  # one is queued already
    queued = DBTaskResult.objects.filter(task_path=daily_job.module_path, status="READY")
    assert queued.count() == 1
    queued.delete()
    daily_job.call()
    today = timezone.localdate()
    assert calls["a.count"] == [today]
    nxt = DBTaskResult.objects.get(task_path=daily_job.module_path, status="READY")
    local = timezone.localtime(nxt.run_after)
    assert (local.date(), local.time()) == (today + dt.timedelta(days=1), dt.time(0, 1))
    assert daily_health()["last_day"] == today.isoformat()
    assert daily_health()["next_run_at"] == nxt.run_after.isoformat()


@pytest.mark.django_db
def test_two_queued_runs_are_cut_back_to_one(calls):
    daily_job.enqueue()
    daily_job.enqueue()
    assert daily_job_schedule(None) is False
    assert DBTaskResult.objects.filter(task_path=daily_job.module_path, status="READY").count() == 1


def test_the_next_run_is_the_next_local_midnight_plus_a_minute(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    now = dt.datetime(2026, 3, 2, 15, 59, tzinfo=dt.UTC)  # 23:59 in Shanghai
    assert next_run_at(now) == dt.datetime(2026, 3, 2, 16, 1, tzinfo=dt.UTC)  # 00:01 on the 3rd there
    after = dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC)  # 00:30 on the 3rd
    assert timezone.localtime(next_run_at(after)).date() == dt.date(2026, 3, 4)


@pytest.mark.django_db
def test_the_worker_queues_the_first_run_when_it_starts(monkeypatch):
    from serviceladder.metrics.management.commands import upload_worker

    monkeypatch.setattr(upload_worker.DbWorker, "handle", lambda self, *a, **k: None)
    upload_worker.Command().handle()
    assert DBTaskResult.objects.filter(task_path=daily_job.module_path, status="READY").count() == 1
    upload_worker.Command().handle()
    assert DBTaskResult.objects.filter(task_path=daily_job.module_path, status="READY").count() == 1
