# ruff: noqa: S608 - SQL text from integers and file paths the benchmark itself chose
"""Benchmark: `serviceladder import interactions` against the reference DuckDB query (issue 4).

    PYTHONPATH=src python bench/ingest.py --rows 10000000

1. generates a canonical Parquet file of N interactions (10k agents, 2M customers, 12 months) with DuckDB SQL;
2. creates a fresh database with those 10k employees (not timed);
3. runs the real import command in a subprocess (file -> raw store -> monthly figures in the database), timed;
4. runs the reference, timed: the issue's query plus a month-partitioned Parquet copy of the input;
5. checks every stored figure against the reference (tolerance 1e-9) and prints both times, the product's peak
   memory, rows/s, and the ratio product/reference as the last line.

With `--incremental` (issue 12, the monthly update) it times the common case instead: the file is split at its
last month; months 1-11 go into a fresh home (not timed), then the last month's import command is timed; the
baseline is a full import of the whole file into another fresh home in the same run. It checks that only the
last month and the one before it are reported as recomputed, that every stored figure of the incremental home
equals the reference query over the whole file (tolerance 1e-9), and prints `incremental ratio: X.XX`
(last month / full import) as the last line. `--repeat K` times the last month K times (each into a fresh
copy of the 11-month home) and the full import K times, and prints each run, the median and the spread.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
AGENTS, CUSTOMERS, MONTHS = 10_000, 2_000_000, 12

REFERENCE = """
with x as (
  select *, case when customer_id is null then null else
    lead(started_at) over (partition by customer_id order by started_at, interaction_id) end as next_contact
  from read_parquet('FILE') where answered)
select agent_id, strftime(started_at, '%Y-%m') as month, count(*) as contacts,
  avg(talk_seconds + hold_seconds + after_call_work_seconds) as aht_seconds,
  avg(csat) as csat_mean, count(csat) as csat_rated,
  avg(case when csat >= 4 then 1.0 when csat is not null then 0.0 end) as csat_top2_share,
  avg(case when resolved and (next_contact is null or next_contact > started_at + interval 7 day) then 1.0 else 0.0 end) as fcr_rate,
  avg(resolved::int) as resolution_rate, avg(complaint::int) as complaint_rate,
  avg(first_response_seconds) as first_response_seconds_mean,
  avg(case when first_response_seconds is null then null when first_response_seconds <= 60 then 1.0 else 0.0 end) as on_time_response_rate,
  avg(after_call_work_seconds) as acw_seconds
from x group by all
"""  # noqa: E501 - the reference, as written in the issue (plus issue 16's after-call work)
FIGURES = [
    "contacts",
    "aht_seconds",
    "csat_mean",
    "csat_rated",
    "csat_top2_share",
    "fcr_rate",
    "resolution_rate",
    "complaint_rate",
    "first_response_seconds_mean",
    "on_time_response_rate",
    "acw_seconds",  # issue 16; no abusive column in the file: abusive_rate must stay empty (checked below)
]


def generate(path: Path, rows: int) -> None:
    """Deterministic synthetic data (hash-based, so the same N gives the same file)."""
    h = "hash(i * {k} + {s})"

    def r(k: int, mod: int) -> str:
        return f"({h.format(k=k, s=k * 7919)} % {mod})"

    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
          SELECT 'I' || lpad(i::VARCHAR, 10, '0') AS interaction_id,
            'A' || lpad({r(3, AGENTS)}::VARCHAR, 5, '0') AS agent_id,
            CASE WHEN {r(5, 50)} = 0 THEN NULL ELSE 'C' || {r(7, CUSTOMERS)}::VARCHAR END AS customer_id,
            ['phone', 'chat', 'email', 'ticket'][1 + {r(11, 4)}::INT] AS channel,
            TIMESTAMP '2025-01-01' + to_seconds({r(13, 365 * 86400)}::BIGINT) AS started_at,
            {r(17, 12)} <> 0 AS answered,
            talk_seconds, hold_seconds, after_call_work_seconds, first_response_seconds, resolved, csat,
            complaint
          FROM (
            SELECT i, {r(17, 12)} <> 0 AS ans,
              CASE WHEN ans THEN 30 + {r(19, 900)}::INT END AS talk_seconds,
              CASE WHEN ans THEN CASE WHEN {r(23, 3)} = 0 THEN {r(29, 120)}::INT ELSE 0 END END
                AS hold_seconds,
              CASE WHEN ans THEN {r(31, 180)}::INT END AS after_call_work_seconds,
              CASE WHEN ans AND {r(37, 20)} <> 0 THEN {r(41, 150)}::INT END AS first_response_seconds,
              CASE WHEN ans THEN {r(43, 10)} < 8 END AS resolved,
              CASE WHEN ans AND {r(47, 5)} < 2 THEN 1 + {r(53, 5)}::INT END AS csat,
              CASE WHEN ans THEN {r(59, 100)} < 3 END AS complaint
            FROM range({int(rows)}) t(i)
          )
        ) TO '{path}' (FORMAT parquet)
        """
    )
    con.close()


def setup_database(env: dict[str, str]) -> None:
    code = f"""
import datetime as dt, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "serviceladder.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from serviceladder.org.models import Employee
from tests.factories import user_with_roles
Employee.objects.bulk_create(
    [Employee(number=f"A{{i:05d}}", name=f"Agent {{i}}", hire_date=dt.date(2020, 1, 1))
     for i in range({AGENTS})],
    batch_size=2000)
user_with_roles("bench-hr", "hr")
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def product_command() -> list[str]:
    probe = subprocess.run(
        [sys.executable, "-m", "serviceladder", "import", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    if probe.returncode == 0 and "interactions" in probe.stdout:
        return [sys.executable, "-m", "serviceladder", "import", "interactions"]
    return [sys.executable, str(ROOT / "bench" / "run_interactions_cli.py"), "import", "interactions"]


def run_product(
    cmd: list[str], env: dict[str, str], stdout=None, cpu: list | None = None
) -> tuple[float, int]:
    """Wall time and peak RSS of the command; its CPU time (user + system) is appended to `cpu`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=stdout)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"product exited with {proc.returncode}")
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss * 1024  # ru_maxrss is KiB on Linux


def run_reference(path: Path, out: Path | None, cpu: list | None = None) -> tuple[float, float, list[tuple]]:
    """Wall times of the query and of query + copy, and the query's rows; the CPU time of both (every
    thread of this process, user + system) is appended to `cpu`."""
    con = duckdb.connect()
    cpu_start = time.process_time()
    start = time.perf_counter()
    rows = con.execute(REFERENCE.replace("FILE", str(path))).fetchall()
    query = time.perf_counter() - start
    if out is not None:
        con.execute(
            f"COPY (SELECT *, strftime(started_at, '%Y-%m') AS month FROM read_parquet('{path}')) "
            f"TO '{out}' (FORMAT parquet, PARTITION_BY (month))"
        )
    total = time.perf_counter() - start
    if cpu is not None:
        cpu.append(time.process_time() - cpu_start)
    con.close()
    return query, total, rows


def stored_figures(env: dict[str, str]) -> dict[tuple[str, str], tuple]:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "serviceladder.settings"
    import django

    django.setup()
    from serviceladder.metrics.models import MonthlyMetric

    # The generated file has no abusive column: its rate is empty everywhere, never 0.
    assert not MonthlyMetric.objects.filter(abusive_rate__isnull=False).exists(), "abusive_rate without data"
    return {
        (number, month): values
        for number, month, *values in MonthlyMetric.objects.values_list("employee__number", "month", *FIGURES)
    }


def compare(reference: list[tuple], stored: dict[tuple[str, str], tuple]) -> list[str]:
    problems = []
    seen = set()
    for agent, month, *ref in reference:
        seen.add((agent, month))
        got = stored.get((agent, month))
        if got is None:
            problems.append(f"{agent} {month}: missing")
            continue
        for name, a, b in zip(FIGURES, got, ref, strict=True):
            if a is None or b is None:
                if a is not b:
                    problems.append(f"{agent} {month} {name}: {a} != {b}")
            elif not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
                problems.append(f"{agent} {month} {name}: {a} != {b}")
    extra = [k for k, v in stored.items() if k not in seen and v[0]]
    problems += [f"{a} {m}: not in the reference" for a, m in extra]
    return problems


def split_last_month(data: Path, work: Path) -> tuple[Path, Path, str]:
    """The file's rows before its last month, and those of the last month (months by started_at)."""
    con = duckdb.connect()
    last = con.execute(f"SELECT strftime(max(started_at), '%Y-%m') FROM read_parquet('{data}')").fetchone()[0]
    cut = f"TIMESTAMP '{last}-01'"
    head, tail = work / f"{data.stem}-before-{last}.parquet", work / f"{data.stem}-{last}.parquet"
    for out, cond in ((head, f"started_at < {cut}"), (tail, f"started_at >= {cut}")):
        if not out.exists():
            rows = f"SELECT * FROM read_parquet('{data}') WHERE {cond}"
            con.execute(f"COPY ({rows}) TO '{out}' (FORMAT parquet)")
    con.close()
    return head, tail, last


def _spread(times: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"median {statistics.median(times):.2f}s (min {min(times):.2f}, max {max(times):.2f}; runs {runs})"


def incremental(args, work: Path, data: Path, base_env: dict[str, str]) -> int:
    """Time the last month's import into a store holding the months before it, against a full import."""
    head, tail, last = split_last_month(data, work)
    previous = f"{int(last[:4]) - (last[5:] == '01'):04d}-{(int(last[5:]) - 2) % 12 + 1:02d}"
    cmd = product_command()

    def env_for(home: Path) -> dict[str, str]:
        return {**base_env, "SERVICELADDER_HOME": str(home)}

    ready = work / "home-11-months"
    shutil.rmtree(ready, ignore_errors=True)
    setup_database(env_for(ready))
    run_product([*cmd, str(head), "--as", "bench-hr"], env_for(ready), stdout=subprocess.DEVNULL)
    inc_times, inc_rss, full_times, full_rss, inc_cpu, full_cpu = [], [], [], [], [], []
    home = work / "home-incremental"
    out_file = work / "incremental-report.txt"
    for _ in range(args.repeat):
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(ready, home)
        with out_file.open("w") as out:
            t, rss = run_product(
                [*cmd, str(tail), "--as", "bench-hr"], env_for(home), stdout=out, cpu=inc_cpu
            )
        inc_times.append(t)
        inc_rss.append(rss)
        full = work / "home-full"
        shutil.rmtree(full, ignore_errors=True)
        setup_database(env_for(full))
        t, rss = run_product(
            [*cmd, str(data), "--as", "bench-hr"], env_for(full), stdout=subprocess.DEVNULL, cpu=full_cpu
        )
        full_times.append(t)
        full_rss.append(rss)
    report = out_file.read_text()
    recomputed = report.split("figures recomputed: ")[-1].split(" (")[0].strip()
    _query, _total, ref_rows = run_reference(data, None)
    problems = compare(ref_rows, stored_figures(env_for(home)))
    print(f"rows: {args.rows:,}; last month {last}: {tail.name}; agent-months: {len(ref_rows):,}")
    print(f"last month's import (CLI subprocess): {_spread(inc_times)}, peak RSS {max(inc_rss) >> 20} MiB")
    print(f"full import of the whole file: {_spread(full_times)}, peak RSS {max(full_rss) >> 20} MiB")
    pairs = ", ".join(f"{a / b:.3f}" for a, b in zip(inc_times, full_times, strict=True))
    print(f"per-run ratios (each last-month import / the full import after it): {pairs}")
    print(f"CPU time (user + system): last month {_spread(inc_cpu)}; full import {_spread(full_cpu)}")
    print(f"CPU ratio (medians): {statistics.median(inc_cpu) / statistics.median(full_cpu):.3f}")
    print(f"figures recomputed by the last month's import: {recomputed}")
    ok = True
    if recomputed != f"{previous}, {last}":
        print(f"UNEXPECTED: recomputed {recomputed!r}, expected {previous}, {last}")
        ok = False
    if problems:
        print(f"MISMATCH: {len(problems)} figure(s) differ, e.g.:", *problems[:10], sep="\n  ")
        ok = False
    else:
        print("every stored figure equals the reference over the whole file (tolerance 1e-9)")
    print(f"incremental ratio: {statistics.median(inc_times) / statistics.median(full_times):.2f}")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--workdir", type=Path, default=None, help="keep files here (default: a temp dir, removed)"
    )
    ap.add_argument(
        "--incremental", action="store_true", help="time the last month's import into a store of the rest"
    )
    ap.add_argument("--repeat", type=int, default=1, help="with --incremental: runs of each import")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="serviceladder-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / f"interactions-{args.rows}.parquet"
        if not data.exists():
            t = time.perf_counter()
            generate(data, args.rows)
            size = data.stat().st_size >> 20
            print(f"generated {args.rows:,} rows in {time.perf_counter() - t:.1f}s ({size} MiB)")
        home = work / "home"
        shutil.rmtree(home, ignore_errors=True)
        env = {
            **os.environ,
            "SERVICELADDER_HOME": str(home),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        env.pop("DATABASE_URL", None) if os.environ.get("BENCH_SQLITE") else None
        if args.incremental:
            env.pop("DATABASE_URL", None)  # the figures are on SQLite
            # As installed, the product runs from bytecode: compile it once, so that neither import pays for
            # compiling ~1,000 modules (PYTHONDONTWRITEBYTECODE would otherwise make every run do so).
            compileall.compile_dir(ROOT / "src", quiet=1)
            return incremental(args, work, data, env)
        setup_database(env)
        cmd = [*product_command(), str(data), "--as", "bench-hr"]
        cpu: list[float] = []
        product, rss = run_product(cmd, env, cpu=cpu)
        ref_dir = work / "reference-copy"
        shutil.rmtree(ref_dir, ignore_errors=True)
        query, reference, ref_rows = run_reference(data, ref_dir, cpu=cpu)
        problems = compare(ref_rows, stored_figures(env))
        print(f"rows: {args.rows:,}; agent-months: {len(ref_rows):,}")
        print(f"product (CLI subprocess, file -> store -> database): {product:.2f}s")
        print(f"reference (query {query:.2f}s + partitioned copy {reference - query:.2f}s): {reference:.2f}s")
        print(f"product peak RSS: {rss / (1 << 20):.0f} MiB")
        print(f"product rows/s: {args.rows / product:,.0f}")
        print(
            f"CPU time (user + system): product {cpu[0]:.2f}s, reference {cpu[1]:.2f}s; "
            f"CPU ratio product/reference: {cpu[0] / cpu[1]:.2f}"
        )
        if problems:
            print(f"MISMATCH: {len(problems)} figure(s) differ, e.g.:", *problems[:10], sep="\n  ")
        else:
            print("every stored figure equals the reference (tolerance 1e-9)")
        print(f"ratio product/reference: {product / reference:.2f}")
        return 1 if problems else 0
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
