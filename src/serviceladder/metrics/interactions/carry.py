"""Figures carried over: a month whose own contacts did not change is not recomputed from scratch.

The common import is one new month arriving into a store that already holds the months before it. The
month before it must be recomputed only because FCR looks forward: a contact near its end may be followed by
a repeat in the new month. Every other figure of that month, and the FCR of its contacts whose window ends
inside it, depend on its own rows alone.

So whenever a month's figures are computed in full, they are kept beside its partition as a small summary
(one row per agent: the stored figures plus FCR_PART_COLUMNS), named after a fingerprint of the month's data
files (name, size, modification time) and the metric parameters. A later import that recomputes the month
without changing its rows reads that summary and re-judges only the contacts near the month's end against
the store as it will be (definitions.near_end_repeats_sql); the result equals a full recompute. A summary
that does not match (another file, other parameters, a store from before summaries) is not used, and the
month is recomputed in full, which writes a new one.

The summary is `_figures-<fingerprint>.pq` in the partition folder: not `*.parquet`, and with a leading
underscore, so readers of the store (DuckDB globs, Spark) leave it out of the interactions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from serviceladder.metrics.interactions.definitions import FCR_FROM_PARTS, MetricParams, near_end_repeats_sql
from serviceladder.metrics.interactions.reader import lit
from serviceladder.metrics.interactions.store import StagedStore, partition_dir

SUMMARY_PREFIX = "_figures-"
SUMMARY_SUFFIX = ".pq"


def _next_month_start(month: str) -> dt.datetime:
    y, m = map(int, month.split("-"))
    return dt.datetime(y + m // 12, m % 12 + 1, 1)


def _summary_path(staged: StagedStore, month: str, params: MetricParams) -> Path | None:
    """Where the summary of `month` (as the store will be after commit) lives; None without data files."""
    files = staged.files([month])
    if not files:
        return None
    digest = hashlib.sha256(json.dumps(params.as_json(), sort_keys=True).encode())
    for name in sorted(files):
        st = os.stat(name)
        digest.update(f"{Path(name).name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    base = staged.staging if month in staged.months else staged.root
    return partition_dir(base, month) / f"{SUMMARY_PREFIX}{digest.hexdigest()[:32]}{SUMMARY_SUFFIX}"


def reusable_months(staged: StagedStore, months: set[str], params: MetricParams) -> dict[str, Path]:
    """The months among `months` whose rows this import leaves as they are and whose summary matches
    their data: month -> summary."""
    out = {}
    for month in sorted(months - staged.months):
        path = _summary_path(staged, month, params)
        if path is not None and path.is_file():
            out[month] = path
    return out


def summaries_write(con, staged: StagedStore, months: list[str], params: MetricParams) -> None:
    """Keep the figures of `months` just computed in full (the temp table `run`) as their summaries.

    A summary depends on its month's rows only, so one written beside a partition that stays is right for
    it whether or not this import commits; older summaries of the month are removed."""
    for month in months:
        path = _summary_path(staged, month, params)
        if path is None or path.is_file():
            continue
        tmp = path.with_name(f".{path.name}.tmp")
        con.execute(
            f"COPY (SELECT * EXCLUDE (employee_id, month) FROM run WHERE month = {lit(month)}) "
            f"TO {lit(str(tmp))} (FORMAT parquet)"
        )
        os.replace(tmp, path)
        for old in path.parent.glob(f"{SUMMARY_PREFIX}*{SUMMARY_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)


def near_end_run(con, staged: StagedStore, month: str, summary: Path, params: MetricParams) -> None:
    """Fill the temp table `run` (as monthly_metrics_compute does) for `month` from its summary: only its
    contacts from `fcr_window_days` before the next month are re-judged, against what follows them in the
    store as it will be."""
    start = _next_month_start(month)
    cut = start - dt.timedelta(days=params.fcr_window_days)
    horizon = start + dt.timedelta(days=params.fcr_window_days)
    rows = _read(staged.files([month]))
    near_end = (
        f"(SELECT agent_id, resolved, started_at, customer_id, interaction_id FROM {rows} "
        f"WHERE answered AND customer_id IS NOT NULL AND started_at >= TIMESTAMP {_ts(cut)})"
    )
    ahead = []
    at = start
    while at <= horizon:
        ahead.append(at.strftime("%Y-%m"))
        at = _next_month_start(ahead[-1])
    ahead_files = staged.files(ahead)
    look_ahead = None
    if ahead_files:
        look_ahead = (
            f"(SELECT customer_id, started_at, interaction_id FROM {_read(ahead_files)} "
            f"WHERE answered AND customer_id IS NOT NULL AND started_at < TIMESTAMP {_ts(horizon)})"
        )
    repeats = near_end_repeats_sql(near_end, look_ahead=look_ahead, params=params)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE run AS SELECT e.id AS employee_id, s.agent_id, {lit(month)} AS month, "
        f"s.* EXCLUDE (agent_id, fcr_rate), {FCR_FROM_PARTS} AS fcr_rate "
        f"FROM read_parquet({lit(str(summary))}) s LEFT JOIN ({repeats}) t USING (agent_id) "
        "LEFT JOIN employee_ids e ON e.number = s.agent_id"
    )


def _read(files: list[str]) -> str:
    return f"read_parquet([{', '.join(lit(f) for f in files)}], hive_partitioning = false)"


def _ts(value: dt.datetime) -> str:
    return lit(value.strftime("%Y-%m-%d %H:%M:%S"))
