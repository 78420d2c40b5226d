"""Two runners at once (two servers' workers): each (day, step) still runs exactly once."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from serviceladder.daily import registry
from serviceladder.daily.models import DailyRun
from serviceladder.daily.services import DONE, SKIPPED, daily_catch_up, daily_run

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 3, 2)


def run_at_once(count, fn):
    barrier = threading.Barrier(count)
    errors, results = [], []

    def work(i):
        try:
            barrier.wait()
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


@pytest.fixture
def slow_step(monkeypatch):
    ran = []
    lock = threading.Lock()

    def step(day):
        with lock:
            ran.append(day)
        time.sleep(0.2)  # long enough for the other runner to try the same (day, step)
        return {}

    monkeypatch.setattr(registry, "_steps", {})
    registry.daily_step("test.slow", step)
    return ran


@pytest.mark.postgres_only  # SQLite's in-memory test database locks whole tables across threads
def test_two_runners_at_once_run_a_step_once(slow_step):
    results = run_at_once(2, lambda i: daily_run(DAY))
    statuses = sorted(o.status for outcomes in results for o in outcomes)
    assert statuses == [DONE, SKIPPED]
    assert slow_step == [DAY]
    assert DailyRun.objects.get(day=DAY, step="test.slow").status == "done"


@pytest.mark.postgres_only
def test_two_catch_ups_at_once_run_each_missed_day_once(slow_step):
    DailyRun.objects.create(
        day=DAY - dt.timedelta(days=4), step="test.slow", status="done", started_at="2026-02-26T00:01Z"
    )
    run_at_once(3, lambda i: daily_catch_up(DAY))
    assert sorted(slow_step) == [DAY - dt.timedelta(days=n) for n in (3, 2, 1, 0)]


def test_a_second_runner_skips_what_the_first_holds(slow_step):
    """On SQLite (one writer at a time) the second runner comes after the first and finds its row."""
    assert connection.vendor in {"sqlite", "postgresql"}
    first = daily_run(DAY)
    second = daily_run(DAY)
    assert [o.status for o in first] == [DONE] and [o.status for o in second] == [SKIPPED]
    assert slow_step == [DAY]
