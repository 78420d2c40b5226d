"""An import, DuckDB side: file -> checks -> agents -> deduplicated month partitions -> monthly figures.

No Django here: the service (metrics/services.py) passes the employee lookup in and writes the figures out.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS, MetricParams, monthly_metrics_sql
from serviceladder.metrics.interactions.mapping import Mapping
from serviceladder.metrics.interactions.reader import Problem, lit, problems_find, source_open
from serviceladder.metrics.interactions.schema import COLUMN_NAMES
from serviceladder.metrics.interactions.store import StagedStore, partition_files, stored_months

FILE_REJECTED = _(
    "%(path)s was not imported: %(problems)s bad value(s), %(unmatched)s row(s) with an agent who matches "
    "no employee."
)
NOTHING_TO_IMPORT = _("%(path)s holds no interaction rows.")

Progress = Callable[[str, float], None]
_TIMING = bool(os.environ.get("SERVICELADDER_TIMING"))


class ImportRejected(ValidationFailed):
    """The whole file is refused; `problems` and `unmatched` say why (row, column, value / agent, rows)."""

    code = "interactions_rejected"
    message = FILE_REJECTED

    def __init__(self, *, path: str, problem_total: int, problems: list[Problem], unmatched: dict[str, int]):
        self.problem_total = problem_total
        self.problems = problems
        self.unmatched = unmatched
        super().__init__(path=path, problems=problem_total, unmatched=sum(unmatched.values()))


@dataclass
class EmployeeLookup:
    by_number: dict[str, int]  # employee number -> employee id
    by_name: dict[str, list[str]] = field(default_factory=dict)  # name -> employee numbers


@dataclass
class Staged:
    rows_read: int
    imported: int
    duplicates: int
    unanswered: int
    no_customer_id: int
    unmatched: dict[str, int]
    months_touched: list[str]
    months_recomputed: list[str]
    metrics: list[tuple]  # (agent number, month, *METRIC_COLUMNS)
    store: StagedStore


def _month_start(month: str) -> dt.datetime:
    return dt.datetime.strptime(month, "%Y-%m")


def _next_month(month: str) -> str:
    y, m = map(int, month.split("-"))
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def _months_between(first: str, last: str) -> list[str]:
    out = [first]
    while out[-1] < last:
        out.append(_next_month(out[-1]))
    return out


def affected_months(touched: set[str], fcr_window_days: int) -> set[str]:
    """A change in month M can change the FCR of contacts up to N days before M starts."""
    out = set(touched)
    for month in touched:
        start = _month_start(month)
        out.add((start - dt.timedelta(days=fcr_window_days)).strftime("%Y-%m"))
        out.update(_months_between((start - dt.timedelta(days=fcr_window_days)).strftime("%Y-%m"), month))
    return out


@contextmanager
def _watch(con: duckdb.DuckDBPyConnection, progress: Progress | None, label: str, lo: float, hi: float):
    """Report DuckDB's own progress for the running query, scaled into [lo, hi]."""
    start = time.perf_counter()
    stop = threading.Event()
    thread = None
    if progress is not None:
        progress(label, lo)

        def poll() -> None:
            while not stop.wait(0.25):
                try:
                    pct = con.query_progress()
                except duckdb.Error:
                    continue
                if pct is not None and pct >= 0:
                    progress(label, lo + (hi - lo) * min(pct, 100.0) / 100.0)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread is not None:
            thread.join()
            progress(label, hi)
        if _TIMING:
            print(f"[timing] {label}: {time.perf_counter() - start:.2f}s", file=sys.stderr)


def connect(root: Path) -> duckdb.DuckDBPyConnection:
    tmp = root / ".duckdb-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        config={
            "threads": max(1, os.cpu_count() or 1),
            "preserve_insertion_order": False,
            "temp_directory": str(tmp),
            "memory_limit": os.environ.get("SERVICELADDER_DUCKDB_MEMORY", "1GB"),
            # Small write buffers: a month-partitioned COPY otherwise holds ~1 GB of row groups.
            "write_buffer_row_group_count": 1,
            "partitioned_write_flush_threshold": 122880,
        }
    )
    return con


def _match_agents(con, lookup: EmployeeLookup, by: str, agent_rows: dict[str, int]):
    """Return (unmatched key -> rows, name -> number for name matching)."""
    unmatched: dict[str, int] = {}
    names: dict[str, str] = {}
    for key, n in agent_rows.items():
        if by == "number":
            if key not in lookup.by_number:
                unmatched[key] = n
        else:
            numbers = lookup.by_name.get(key, [])
            if len(numbers) == 1:
                names[key] = numbers[0]
            else:
                unmatched[key if not numbers else f"{key} ({'/'.join(sorted(numbers))})"] = n
    return unmatched, names


def stage_import(
    *,
    path: Path,
    mapping: Mapping,
    employees: EmployeeLookup,
    root: Path,
    skip_unmatched: bool = False,
    replace_month: str | None = None,
    params: MetricParams = DEFAULT_PARAMS,
    progress: Progress | None = None,
) -> Staged:
    con = connect(root)
    try:
        return _stage(con, path, mapping, employees, root, skip_unmatched, replace_month, params, progress)
    finally:
        con.close()


def _stage(con, path, mapping, employees, root, skip_unmatched, replace_month, params, progress) -> Staged:
    with _watch(con, progress, "reading", 0.0, 0.05):
        source = source_open(con, path, mapping)
    if mapping.agent_match == "number" and not stored_months(root):
        staged = _stage_optimistic(con, source, employees, root, replace_month, params, progress)
        if staged is not None:
            return staged
    with _watch(con, progress, "checking", 0.05, 0.3):
        problem_total, problems = problems_find(con, source, mapping)
    with _watch(con, progress, "checking", 0.05, 0.3):
        stats = con.execute(
            "SELECT agent_id, strftime(started_at, '%Y-%m') AS month, count(*), "
            "count(*) FILTER (WHERE NOT answered), count(*) FILTER (WHERE answered AND customer_id IS NULL) "
            "FROM parsed GROUP BY ALL"
        ).fetchall()
    agent_rows: dict[str, int] = {}
    for agent, _month, n, *_rest in stats:
        if agent is not None:
            agent_rows[agent] = agent_rows.get(agent, 0) + n
    rows_read = sum(s[2] for s in stats)
    unmatched, names = _match_agents(con, employees, mapping.agent_match, agent_rows)
    if problem_total or (unmatched and not skip_unmatched):
        raise ImportRejected(
            path=str(path), problem_total=problem_total, problems=problems, unmatched=unmatched
        )

    cols = ", ".join(COLUMN_NAMES)
    if mapping.agent_match == "name":
        con.execute("CREATE TEMP TABLE agent_map (agent_key VARCHAR, number VARCHAR)")
        con.executemany("INSERT INTO agent_map VALUES (?, ?)", list(names.items()))
        con.execute(
            "CREATE VIEW matched AS SELECT p.* REPLACE (m.number AS agent_id) FROM parsed p "
            "JOIN agent_map m ON p.agent_id = m.agent_key"
        )
    elif unmatched:
        con.execute("CREATE TEMP TABLE skipped (agent_key VARCHAR)")
        con.executemany("INSERT INTO skipped VALUES (?)", [(k,) for k in unmatched])
        con.execute(
            "CREATE VIEW matched AS SELECT * FROM parsed "
            "WHERE agent_id NOT IN (SELECT agent_key FROM skipped)"
        )
    else:
        con.execute("CREATE VIEW matched AS SELECT * FROM parsed")

    kept = [s for s in stats if s[0] is not None and s[0] not in unmatched]
    total = sum(s[2] for s in kept)
    with _watch(con, progress, "checking", 0.3, 0.35):
        maybe_dupes = con.execute("SELECT count(DISTINCT interaction_id) FROM matched").fetchone()[0] != total
    if maybe_dupes:
        con.execute(
            f"CREATE VIEW new_rows AS SELECT {cols}, strftime(started_at, '%Y-%m') AS month FROM matched "
            "QUALIFY row_number() OVER (PARTITION BY interaction_id ORDER BY _row DESC) = 1"
        )
        kept = con.execute(
            "SELECT agent_id, month, count(*), count(*) FILTER (WHERE NOT answered), "
            "count(*) FILTER (WHERE answered AND customer_id IS NULL) FROM new_rows GROUP BY ALL"
        ).fetchall()
    else:
        con.execute(
            f"CREATE VIEW new_rows AS SELECT {cols}, strftime(started_at, '%Y-%m') AS month FROM matched"
        )
    imported = sum(s[2] for s in kept)
    if imported == 0 and replace_month is None:
        raise ValidationFailed(NOTHING_TO_IMPORT, path=str(path))
    duplicates = rows_read - sum(unmatched.values()) - imported

    existing = [m for m in stored_months(root) if m != replace_month]
    touched = {s[1] for s in kept} | ({replace_month} if replace_month else set())
    if existing:
        con.execute("CREATE TEMP TABLE new_ids AS SELECT DISTINCT interaction_id FROM new_rows")
        with _watch(con, progress, "merging", 0.35, 0.45):
            seen = con.execute(
                "SELECT strftime(started_at, '%Y-%m'), count(*) FROM read_parquet("
                f"{_file_list(partition_files(root, existing))}, hive_partitioning = false) "
                "WHERE interaction_id IN (SELECT interaction_id FROM new_ids) GROUP BY 1"
            ).fetchall()
        duplicates += sum(n for _m, n in seen)
        touched |= {m for m, _n in seen}

    staged = StagedStore(root=root, months=touched)
    try:
        keep_files = partition_files(root, sorted(m for m in touched if m in existing))
        union = ""
        if keep_files:
            union = (
                f" UNION ALL SELECT {cols}, strftime(started_at, '%Y-%m') AS month "
                f"FROM read_parquet({_file_list(keep_files)}, hive_partitioning = false) "
                "WHERE interaction_id NOT IN (SELECT interaction_id FROM new_ids)"
            )
        with _watch(con, progress, "storing", 0.45, 0.8):
            con.execute(
                f"COPY (SELECT {cols}, month FROM new_rows{union}) TO {lit(str(staged.staging))} "
                "(FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
            )
        recompute = affected_months(touched, params.fcr_window_days)
        with _watch(con, progress, "computing", 0.8, 0.95):
            metrics = monthly_metrics_compute(con, staged, recompute, params)
    except BaseException:
        staged.finish()
        raise
    return Staged(
        rows_read=rows_read,
        imported=imported,
        duplicates=duplicates,
        unanswered=sum(s[3] for s in kept),
        no_customer_id=sum(s[4] for s in kept),
        unmatched=unmatched,
        months_touched=sorted(touched),
        months_recomputed=sorted(recompute),
        metrics=metrics,
        store=staged,
    )


_BAD_ROW = "serviceladder: row needs checking"


def _stage_optimistic(con, source, employees, root, replace_month, params, progress) -> Staged | None:
    """First import into an empty store, assuming a clean file: one summary pass, one guarded COPY, the
    figures. Any bad value, repeated id or unknown agent returns None and the careful path takes over
    (and produces the full report)."""
    with _watch(con, progress, "checking", 0.05, 0.3):
        rows_read, distinct, unanswered, no_customer = con.execute(
            # Distinct 64-bit hashes are distinct ids; equal hashes (a repeat, or a rare collision) send the
            # file to the careful path, which deduplicates on the ids themselves.
            "SELECT count(*), count(DISTINCT hash(interaction_id)), count(*) FILTER (WHERE NOT answered), "
            "count(*) FILTER (WHERE answered AND customer_id IS NULL) FROM parsed"
        ).fetchone()
    if rows_read == 0 or distinct != rows_read:
        return None
    bad = (
        " OR ".join(f"coalesce(({cond}), FALSE)" for _name, cond, _raw, _allowed in source.checks) or "FALSE"
    )
    cols = ", ".join(COLUMN_NAMES)
    staged = StagedStore(root=root)
    try:
        with _watch(con, progress, "storing", 0.3, 0.7):
            try:
                con.execute(
                    f"COPY (SELECT {cols}, strftime(started_at, '%Y-%m') AS month FROM ("
                    f"SELECT {source.select} FROM raw "
                    f"WHERE CASE WHEN {bad} THEN error({lit(_BAD_ROW)}) ELSE TRUE END)) "
                    f"TO {lit(str(staged.staging))} "
                    "(FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
                )
            except duckdb.Error as exc:
                if _BAD_ROW in str(exc):
                    staged.finish()
                    return None
                raise
        touched = {
            p.name.removeprefix("month=") for p in staged.staging.iterdir() if p.name.startswith("month=")
        } | ({replace_month} if replace_month else set())
        staged.months = touched
        recompute = affected_months(touched, params.fcr_window_days)
        with _watch(con, progress, "computing", 0.7, 0.95):
            metrics = monthly_metrics_compute(con, staged, recompute, params)
        if any(agent not in employees.by_number for agent, *_rest in metrics):
            staged.finish()
            return None
    except BaseException:
        staged.finish()
        raise
    return Staged(
        rows_read=rows_read,
        imported=rows_read,
        duplicates=0,
        unanswered=unanswered,
        no_customer_id=no_customer,
        unmatched={},
        months_touched=sorted(touched),
        months_recomputed=sorted(recompute),
        metrics=metrics,
        store=staged,
    )


def monthly_metrics_compute(con, staged: StagedStore, months: set[str], params: MetricParams) -> list[tuple]:
    """Figures for these months from the store as it will be after commit, one month at a time.

    Each month reads its own rows plus the first N days of what follows (the FCR look-ahead), so memory
    stays bounded by a month of data whatever the store holds.
    """
    out: list[tuple] = []
    for month in sorted(months):
        if not staged.files([month]):
            continue
        start, end = _month_start(month), _month_start(_next_month(month))
        horizon = end + dt.timedelta(days=params.fcr_window_days)
        files = staged.files(_months_between(month, horizon.strftime("%Y-%m")))
        where = (
            f"started_at >= TIMESTAMP {lit(start.strftime('%Y-%m-%d'))} "
            f"AND started_at < TIMESTAMP {lit(horizon.strftime('%Y-%m-%d %H:%M:%S'))}"
        )
        relation = f"read_parquet({_file_list(files)}, hive_partitioning = false)"
        sql = monthly_metrics_sql(relation, params=params, where=where)
        out.extend(con.execute(f"SELECT * FROM ({sql}) WHERE month = {lit(month)}").fetchall())
    return out


def _file_list(files: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in files) + "]"
