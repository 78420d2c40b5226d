"""Eligibility snapshot benchmark: `python bench/eligibility_snapshot.py --agents 2000`.

Builds the demo organisation with N agents in a temporary SQLite database, then, through Django's test client
signed in as HR and as the demo's department head, requests /eligibility/ computed live (no snapshot) and
read from the eligibility snapshot (insights), and prints per user and mode the p50 / p95 time and the query
count, plus how long a snapshot refresh takes:

    refresh  2000 agents  1234 ms  (4,321 rows)
    hr    live      p50 X ms  p95 Y ms  queries Q
    hr    snapshot  p50 X ms  p95 Y ms  queries Q
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eligibility_page import setup  # noqa: E402  (the same Django set-up as the list's benchmark)


def build(agents: int, months: int, seed: int) -> float:
    from django.test.utils import override_settings
    from django.utils import timezone

    from serviceladder.audit.services import Actor
    from serviceladder.demo import generator
    from serviceladder.demo.loader import demo_load

    started = time.monotonic()
    org = generator.generate(seed=seed, agents=agents, months=months, today=timezone.localdate())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        demo_load(org=org, actor=Actor(user=None, channel="cli"))
    return time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(client, path: str, requests: int) -> tuple[float, float, int]:
    """p50 and p95 in ms over `requests` timed requests (after one warm-up), and the queries of one."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times), percentile(times, 0.95), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=2000)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per user and mode")
    parser.add_argument("--language", choices=("zh-hans", "en"), default="zh-hans")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sl-bench-snapshot-") as tmp:
        setup(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from serviceladder.insights.models import EligibilityRow, EligibilitySnapshotRun
        from serviceladder.insights.services import SNAPSHOT_MANUAL, eligibility_snapshot_refresh
        from serviceladder.org.selectors import today

        seconds = build(args.agents, args.months, args.seed)
        print(f"demo built: {args.agents} agents, {args.months} months in {seconds:.0f} s")
        EligibilitySnapshotRun.objects.all().delete()  # the demo's load refreshed it: measure live first

        users = get_user_model().objects
        clients = {}
        for name in ("hr", "head"):
            client = Client()
            client.force_login(users.get(username=name))
            client.cookies["serviceladder_language"] = args.language
            clients[name] = client

        results = {}
        for name, client in clients.items():
            results[(name, "live")] = measure(client, "/eligibility/", args.requests)

        durations = []
        for _ in range(3):
            started = time.perf_counter()
            run = eligibility_snapshot_refresh(as_of=today(), trigger=SNAPSHOT_MANUAL)
            durations.append((time.perf_counter() - started) * 1000)
        rows = EligibilityRow.objects.filter(run=run).count()
        each = ", ".join(f"{d:.0f}" for d in durations)
        print(
            f"refresh  {run.people_count} people  {rows} rows  "
            f"median {statistics.median(durations):.0f} ms  (runs: {each})"
        )
        for name, client in clients.items():
            results[(name, "snapshot")] = measure(client, "/eligibility/", args.requests)

        for (name, mode), (p50, p95, queries) in results.items():
            print(f"{name:5} {mode:9} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  queries {queries}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
