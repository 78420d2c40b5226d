"""An import, DuckDB side: file -> checks -> agents -> deduplicated month partitions -> monthly figures.

No Django here: the service (metrics/services.py) passes the employee lookup in and writes the figures out.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
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
from serviceladder.core.limits import PROBLEMS_SHOWN
from serviceladder.metrics.interactions import carry
from serviceladder.metrics.interactions.agents import EmployeeLookup, match_agents, near_misses
from serviceladder.metrics.interactions.definitions import (
    DEFAULT_PARAMS,
    METRIC_COLUMNS,
    MetricParams,
    monthly_metrics_sql,
)
from serviceladder.metrics.interactions.ids import CONFLICTS_LISTED, Conflicts, IdConflict, IdsConflict
from serviceladder.metrics.interactions.mapping import Mapping
from serviceladder.metrics.interactions.reader import (
    Problem,
    durations_check,
    lit,
    problems_find,
    source_open,
)
from serviceladder.metrics.interactions.schema import COLUMN_NAMES
from serviceladder.metrics.interactions.store import (
    COPY_OPTIONS,
    MONTH_KEY_SQL,
    StagedStore,
    files_lacking,
    partition_files,
    store_read,
    stored_months,
)
from serviceladder.metrics.months import MESSAGES, month_of, month_problem_params, month_problem_sql

FILE_REJECTED = _(
    "%(path)s was not imported: %(problems)s bad value(s), %(unmatched)s row(s) with an agent who matches "
    "no employee."
)
FILE_REJECTED_MONTHS = _(
    "%(path)s was not imported: %(problems)s bad value(s), %(unmatched)s row(s) with an agent who matches "
    "no employee, %(months)s row(s) in a month that has not begun or in which the agent was not employed."
)
NOTHING_TO_IMPORT = _("%(path)s holds no interaction rows.")

Progress = Callable[[str, float], None]
_TIMING = bool(os.environ.get("SERVICELADDER_TIMING"))


class ImportRejected(ValidationFailed):
    """The whole file is refused; `problems` and `unmatched` say why (row, column, value / agent, rows).

    `problem_total` counts every listed kind of problem: the bad values and the rows in an impossible month
    (`impossible_months` of them; the first are in `problems`, with their reason)."""

    code = "interactions_rejected"
    message = FILE_REJECTED

    def __init__(
        self,
        *,
        path: str,
        problem_total: int,
        problems: list[Problem],
        unmatched: dict[str, int],
        near: dict[str, list[str]] | None = None,
        impossible_months: int = 0,
    ):
        self.problem_total = problem_total + impossible_months
        self.problems = problems
        self.unmatched = unmatched
        self.near = near or {}  # unmatched agent -> employees' names that are close to it
        self.impossible_months = impossible_months
        data = {"path": path, "problems": problem_total, "unmatched": sum(unmatched.values())}
        if impossible_months:
            super().__init__(FILE_REJECTED_MONTHS, months=impossible_months, **data)
        else:
            super().__init__(**data)


class FirstImportNotClean(Exception):  # noqa: N818 - a signal to take the careful path, not an error
    """A first import's figures name an agent who matches no employee: the careful path must produce the
    report (and leave those rows out only with --skip-unmatched)."""


@dataclass
class Staged:
    """The store as it will be after commit, and its figures, handed over a run of months at a time.

    On the first-import path the counts come from the figures (`counted_by_figures`): they are filled in
    once `figures` has been read to the end.
    """

    rows_read: int
    imported: int
    duplicates: int
    unanswered: int
    no_customer_id: int
    unmatched: dict[str, int]
    months_touched: list[str]
    months_recomputed: list[str]
    figures: FigureStream
    store: StagedStore
    counted_by_figures: bool = False
    id_conflicts: int = 0
    id_conflict_examples: list[IdConflict] = field(default_factory=list)
    # Rows left out (skip_unmatched) for an impossible month, and the first (agent, month) groups of them.
    impossible_rows: int = 0
    impossible: list[dict] = field(default_factory=list)

    def settle(self) -> None:
        """After `figures` is read to the end: take the counts from it on the first-import path."""
        totals = self.figures.totals
        if self.counted_by_figures:
            self.rows_read = self.imported = totals.contacts + totals.unanswered
            self.unanswered = totals.unanswered
            self.no_customer_id = totals.no_customer_id

    def discard(self) -> None:
        self.figures.close()
        self.store.finish()


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


def _near(months: set[str]) -> set[str]:
    """The months an import looks for its ids in: those it brings contacts for and the month on either side
    (a corrected start time moves a contact into the next or previous month), not the whole store. A
    repeated id further away is kept as a second contact (an id that restarts, or another contact)."""
    out = set(months)
    for month in months:
        out.add(_next_month(month))
        out.add((_month_start(month) - dt.timedelta(days=1)).strftime("%Y-%m"))
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
    start, cpu = time.perf_counter(), time.process_time()
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
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"[timing] {label}: {wall:.2f}s (cpu {cpu:.2f}s)", file=sys.stderr)


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
    careful: bool = False,
    strict_ids: bool = False,
) -> Staged:
    """Write the file's rows into a staged copy of the store; the figures are computed while the caller
    reads `Staged.figures` (which owns the DuckDB connection from then on). Without `careful`, a first
    import into an empty store assumes a clean file (see `_stage_optimistic`); reading its figures may
    then raise FirstImportNotClean, and the caller stages again with `careful=True`. With `strict_ids`, an
    id that comes again with another agent or start time refuses the file (IdsConflict)."""
    con = connect(root)
    try:
        return _stage(
            con,
            path,
            mapping,
            employees,
            root,
            skip_unmatched,
            replace_month,
            params,
            progress,
            careful,
            strict_ids,
        )
    except BaseException:
        con.close()
        raise


def _stage(
    con, path, mapping, employees, root, skip_unmatched, replace_month, params, progress, careful, strict_ids
) -> Staged:
    with _watch(con, progress, "reading", 0.0, 0.05):
        source = source_open(con, path, mapping)
    return source.staged_within_limits(
        lambda: _stage_source(
            con,
            source,
            path,
            mapping,
            employees,
            root,
            skip_unmatched,
            replace_month,
            params,
            progress,
            careful,
            strict_ids,
        )
    )


def _stage_source(
    con,
    source,
    path,
    mapping,
    employees,
    root,
    skip_unmatched,
    replace_month,
    params,
    progress,
    careful,
    strict_ids,
) -> Staged:
    with _watch(con, progress, "reading", 0.0, 0.05):
        durations_check(con, source, mapping, path)
    if not careful and mapping.agent_match == "number" and _new_months_only(con, root, replace_month):
        staged = _stage_optimistic(con, source, employees, root, replace_month, params, progress)
        if staged is not None:
            return staged
    with _watch(con, progress, "checking", 0.05, 0.3):
        problem_total, problems = problems_find(con, source, mapping)
    with _watch(con, progress, "checking", 0.05, 0.3):
        con.execute(
            # The month as a yyyymm integer per row, as text per group: far fewer strings formatted.
            "CREATE TEMP TABLE month_stats AS SELECT agent_id, "
            "printf('%04d-%02d', ym // 100, ym % 100) AS month, n, unanswered, no_customer_id FROM ("
            f"SELECT agent_id, {MONTH_KEY_SQL} AS ym, "
            "count(*) AS n, count(*) FILTER (WHERE NOT answered) AS unanswered, "
            "count(*) FILTER (WHERE answered AND customer_id IS NULL) AS no_customer_id "
            "FROM parsed GROUP BY ALL)"
        )
        stats = con.execute("SELECT * FROM month_stats").fetchall()
    agent_rows: dict[str, int] = {}
    for agent, _month, n, *_rest in stats:
        if agent is not None:
            agent_rows[agent] = agent_rows.get(agent, 0) + n
    rows_read = sum(s[2] for s in stats)
    unmatched, names = match_agents(con, employees, mapping.agent_match, agent_rows)
    if mapping.agent_match == "name":
        con.execute("CREATE TEMP TABLE agent_map (agent_key VARCHAR, number VARCHAR)")
        if names:  # none when every name is unknown: the file is rejected below
            con.executemany("INSERT INTO agent_map VALUES (?, ?)", list(names.items()))
    # With skip_unmatched, the rows of agents who match no employee are left out anyway: not counted twice.
    impossible = _impossible_months(con, employees, mapping.agent_match, matched_only=skip_unmatched)
    impossible_rows = sum(g["rows"] for g in impossible)
    if problem_total or ((unmatched or impossible_rows) and not skip_unmatched):
        if impossible_rows:
            found = problems + _impossible_rows(con, source, employees.today)
            problems = sorted(found, key=lambda p: (p.sheet, p.row, p.column))
        near = near_misses(unmatched, employees) if mapping.agent_match == "name" else {}
        raise ImportRejected(
            path=str(path),
            problem_total=problem_total,
            problems=problems[:PROBLEMS_LISTED],
            unmatched=unmatched,
            near=near,
            impossible_months=impossible_rows,
        )

    cols = ", ".join(COLUMN_NAMES)
    known = "parsed"
    if mapping.agent_match == "name":
        known = "known"
        con.execute(
            "CREATE VIEW known AS SELECT p.* REPLACE (m.number AS agent_id) FROM parsed p "
            "LEFT JOIN agent_map m ON p.agent_id = m.agent_key "
            "WHERE m.number IS NOT NULL OR p.agent_id IS NULL"  # no agent: a queue contact
        )
    elif unmatched:
        known = "known"
        con.execute("CREATE TEMP TABLE skipped (agent_key VARCHAR)")
        con.executemany("INSERT INTO skipped VALUES (?)", [(k,) for k in unmatched])
        con.execute(
            "CREATE VIEW known AS SELECT * FROM parsed "
            "WHERE agent_id IS NULL OR agent_id NOT IN (SELECT agent_key FROM skipped)"
        )
    if impossible:
        # Only here (skip_unmatched, and some rows are in an impossible month) does every row pay for its
        # month's text: a clean file goes straight through.
        con.execute(
            f"CREATE VIEW matched AS SELECT k.* FROM {known} k ANTI JOIN impossible i "
            "ON k.agent_id = i.number AND strftime(k.started_at, '%Y-%m') = i.month"
        )
    else:
        con.execute(f"CREATE VIEW matched AS SELECT * FROM {known}")

    left_out = {(g["agent"], g["month"]) for g in impossible}
    # Rows without an agent (unanswered queue contacts) are kept: they count for their queue.
    kept = [s for s in stats if s[0] not in unmatched and (s[0], s[1]) not in left_out]
    total = sum(s[2] for s in kept)
    with _watch(con, progress, "checking", 0.3, 0.35):
        # The file's distinct ids, kept: the check against the store below needs them too.
        con.execute("CREATE TEMP TABLE new_ids AS SELECT DISTINCT interaction_id FROM matched")
        maybe_dupes = con.execute("SELECT count(*) FROM new_ids").fetchone()[0] != total
    conflicts = Conflicts()
    if maybe_dupes:
        with _watch(con, progress, "checking", 0.3, 0.35):
            conflicts.within_file(con)
        con.execute(
            f"CREATE VIEW new_rows AS SELECT {cols}, strftime(started_at, '%Y-%m') AS month, _row "
            "FROM matched QUALIFY row_number() OVER (PARTITION BY interaction_id ORDER BY _row DESC) = 1"
        )
        kept = con.execute(
            "SELECT agent_id, month, count(*), count(*) FILTER (WHERE NOT answered), "
            "count(*) FILTER (WHERE answered AND customer_id IS NULL) FROM new_rows GROUP BY ALL"
        ).fetchall()
    else:
        con.execute(
            f"CREATE VIEW new_rows AS SELECT {cols}, strftime(started_at, '%Y-%m') AS month, _row "
            "FROM matched"
        )
    imported = sum(s[2] for s in kept)
    if imported == 0 and replace_month is None:
        raise ValidationFailed(NOTHING_TO_IMPORT, path=str(path))
    duplicates = rows_read - sum(unmatched.values()) - impossible_rows - imported

    existing = [m for m in stored_months(root) if m != replace_month]
    touched = {s[1] for s in kept} | ({replace_month} if replace_month else set())
    checked = [m for m in existing if m in _near(touched)]
    if checked:
        with _watch(con, progress, "merging", 0.35, 0.45):
            con.execute(
                "CREATE TEMP TABLE stored_again AS SELECT interaction_id, agent_id, started_at "
                f"FROM {_read(partition_files(root, checked))} "
                "WHERE interaction_id IN (SELECT interaction_id FROM new_ids)"
            )
            seen = con.execute(
                "SELECT strftime(started_at, '%Y-%m'), count(*) FROM stored_again GROUP BY 1"
            ).fetchall()
            if seen:
                conflicts.with_store(con)
        duplicates += sum(n for _m, n in seen)
        touched |= {m for m, _n in seen}
    if mapping.agent_match == "name":
        conflicts.agents_as_named(con, employees.by_name)
    if strict_ids and conflicts.total:
        raise IdsConflict(path=str(path), total=conflicts.total, conflicts=conflicts.examples)

    staged = StagedStore(root=root, months=touched)
    try:
        keep_files = partition_files(root, sorted(m for m in touched if m in existing))
        union = ""
        if keep_files:
            kept_rows = store_read(keep_files, files_lacking(con, keep_files))
            union = (
                f" UNION ALL SELECT {cols}, {MONTH_KEY_SQL} AS month FROM {kept_rows} "
                "WHERE interaction_id NOT IN (SELECT interaction_id FROM new_ids)"
            )
        with _watch(con, progress, "storing", 0.45, 0.8):
            con.execute(
                f"COPY (SELECT {cols}, {MONTH_KEY_SQL} AS month FROM new_rows{union}) "
                f"TO {lit(str(staged.staging))} ({COPY_OPTIONS})"
            )
            staged.name_partitions()
        recompute = affected_months(touched, params.fcr_window_days)
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
        figures=FigureStream(
            con, staged, recompute, params, employees.by_number, progress=progress, span=(0.8, 0.98)
        ),
        store=staged,
        id_conflicts=conflicts.total,
        id_conflict_examples=conflicts.examples[:CONFLICTS_LISTED],
        impossible_rows=impossible_rows,
        impossible=[_group_report(g, employees.today) for g in impossible[:PROBLEMS_SHOWN]],
    )


# How many problems (and impossible months) an import lists; all of them are counted.
PROBLEMS_LISTED = 1000


def _employment_table(con, lookup: EmployeeLookup) -> None:
    """`employment`: each employee's number, hire and leave dates and their months ('YYYY-MM')."""
    numbers = list(lookup.employment)
    hired = [lookup.employment[n][0] for n in numbers]
    left = [lookup.employment[n][1] for n in numbers]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE employment AS SELECT unnest(?::VARCHAR[]) AS number, "
        "unnest(?::DATE[]) AS hired, unnest(?::DATE[]) AS left_on, "
        "unnest(?::VARCHAR[]) AS hire_month, unnest(?::VARCHAR[]) AS leave_month",
        [
            numbers,
            hired,
            left,
            [month_of(d) if d else None for d in hired],
            [month_of(d) if d else None for d in left],
        ],
    )


def _impossible_months(con, lookup: EmployeeLookup, agent_match: str, *, matched_only: bool) -> list[dict]:
    """The (agent, month) groups of `month_stats` in a month that has not begun or outside the agent's
    employment (metrics/months.py), as the table `impossible` and as dicts (agent, month, rows, reason,
    number, hired, left), in agent and month order. DuckDB judges the groups (one per agent and month), not
    the rows. An agent who matches no employee can only be in a month that has not begun; `matched_only`
    leaves those agents out altogether."""
    if lookup.today is None:
        return []
    _employment_table(con, lookup)
    number = "m.number" if agent_match == "name" else "s.agent_id"
    join = "LEFT JOIN agent_map m ON m.agent_key = s.agent_id " if agent_match == "name" else ""
    reason = month_problem_sql("s.month", "e.hire_month", "e.leave_month", today=lookup.today)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE impossible AS SELECT * FROM ("
        f"SELECT s.agent_id, s.month, s.n, {reason} AS reason, e.number, e.hired, e.left_on "
        f"FROM month_stats s {join}LEFT JOIN employment e ON e.number = {number} "
        "WHERE s.agent_id IS NOT NULL AND s.month IS NOT NULL"
        f"{' AND e.number IS NOT NULL' if matched_only else ''}) WHERE reason IS NOT NULL"
    )
    rows = con.execute("SELECT * FROM impossible ORDER BY agent_id, month").fetchall()
    return [
        {"agent": a, "month": m, "rows": n, "reason": r, "number": num, "hired": h, "left": lo}
        for a, m, n, r, num, h, lo in rows
    ]


def _group_report(group: dict, today: dt.date) -> dict:
    """One left-out (agent, month) group for the report (JSON): its reason code and the message's values."""
    params = month_problem_params(
        group["reason"], today=today, number=group["number"], hired=group["hired"], left=group["left"]
    )
    return {
        "agent": group["agent"],
        "month": group["month"],
        "rows": group["rows"],
        "reason": group["reason"],
        "params": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()},
    }


def _impossible_rows(con, source, today: dt.date, limit: int = PROBLEMS_LISTED) -> list[Problem]:
    """The first rows of the `impossible` groups, each with the started_at value as the file has it and
    the reason in words."""
    found = con.execute(
        "SELECT p._row, i.reason, i.number, i.hired, i.left_on FROM parsed p JOIN impossible i "
        "ON p.agent_id = i.agent_id AND strftime(p.started_at, '%Y-%m') = i.month "
        f"ORDER BY p._row LIMIT {int(limit)}"
    ).fetchall()
    if not found:
        return []
    label, raw = source.raw.get("started_at", ("started_at", "NULL"))
    rows = ", ".join(str(int(r[0])) for r in found)
    values = dict(
        con.execute(f"SELECT _row, coalesce(({raw})::VARCHAR, '') FROM raw WHERE _row IN ({rows})").fetchall()
    )
    return [
        Problem(
            row=row,
            column=label,
            value=values.get(row, ""),
            message=MESSAGES[reason],
            params=month_problem_params(reason, today=today, number=number, hired=hired, left=left),
        )
        for row, reason, number, hired, left in found
    ]


_BAD_ROW = "serviceladder: row needs checking"


class _Background:
    """Run fn(con, *args) in a thread on its own DuckDB connection; `result` waits, closes it, re-raises."""

    def __init__(self, fn, con, *args) -> None:
        self._con, self._out = con, {}

        def run() -> None:
            try:
                self._out["value"] = fn(con, *args)
            except BaseException as exc:  # noqa: BLE001 - re-raised by result() in the caller's thread
                self._out["error"] = exc

        self._thread = threading.Thread(target=run, name="duckdb-background", daemon=True)
        self._thread.start()

    def result(self):
        self._thread.join()
        self._con.close()
        if "error" in self._out:
            raise self._out["error"]
        return self._out["value"]


def _ids_unique(con, source) -> bool:
    """True when no interaction_id repeats in the file.

    Exports usually list contacts in id order, so first one streaming pass checks that the ids strictly
    increase down the file (no hash table, no sort); only a file that is not in id order pays for counting
    distinct ids. Distinct 64-bit hashes are distinct ids; equal hashes (a repeat, or a rare collision) send
    the file to the careful path, which deduplicates on the ids themselves.
    """
    return _ids_increasing(con, source.id_order) or _ids_distinct(con, source.id_order)


def _ids_increasing(con, expr: str) -> bool:
    """Whether `expr` over `raw` strictly increases from row to row (no nulls).

    lag() OVER () runs as DuckDB's streaming window, in file order. Whatever the order, one chain of rows
    in which every id is greater than the one before proves the ids distinct; exactly one row without a
    predecessor confirms that the chain covers the file.
    """
    con.execute("SET SESSION preserve_insertion_order = true")
    try:
        firsts, nulls, steps_back = con.execute(
            "SELECT count(*) FILTER (WHERE prev IS NULL), count(*) FILTER (WHERE id IS NULL), "
            "count(*) FILTER (WHERE prev >= id) "
            f"FROM (SELECT {expr} AS id, lag({expr}) OVER () AS prev FROM raw)"
        ).fetchone()
    finally:
        con.execute("SET SESSION preserve_insertion_order = false")
    return firsts <= 1 and not nulls and not steps_back


def _ids_distinct(con, expr: str) -> bool:
    rows, distinct = con.execute(f"SELECT count(*), count(DISTINCT hash({expr})) FROM raw").fetchone()
    return rows == distinct


def _new_months_only(con, root: Path, replace_month: str | None) -> bool:
    """Whether the file may take the optimistic path: the store is empty, or (no --replace-month) none of
    the months the file brings contacts for is stored yet, the common monthly update. The months come from
    the file's start times alone (one column; a value that does not parse has no month and counts later, as
    a bad value); `_stage_optimistic` checks again what it actually wrote."""
    existing = stored_months(root)
    if not existing:
        return True
    if replace_month is not None:
        return False
    months = con.execute(
        f"SELECT DISTINCT {MONTH_KEY_SQL} FROM (SELECT started_at FROM parsed) WHERE started_at IS NOT NULL"
    ).fetchall()
    keys = {f"{k // 100:04d}-{k % 100:02d}" for (k,) in months}
    return not keys & set(existing)


def _stage_optimistic(con, source, employees, root, replace_month, params, progress) -> Staged | None:
    """A file of new months only (a first import into an empty store, or the next month arriving),
    assuming a clean file: an id check and one guarded COPY; the figures then also give the report's
    counts. A bad value, a repeated id (in the file, or stored in a month next to the file's), or a month
    already stored returns None, an unknown agent or a contact in an impossible month raises
    FirstImportNotClean while the figures are read, and the careful path takes over (and produces the full
    report); both paths store the same rows and figures."""
    existing = set(stored_months(root))
    if source.kind == "parquet":
        # The id check (mostly one streaming, single-threaded pass) runs beside the COPY on a second DuckDB
        # connection; a file with a repeated id then throws the staged partitions away.
        check = _Background(_ids_unique, con.cursor(), source)
    else:  # an Arrow table registered on `con` is not visible to another connection
        with _watch(con, progress, "checking", 0.05, 0.15):
            if not _ids_unique(con, source):
                return None
        check = None
    # A NULL condition leaves the row alone, as FALSE would (CASE WHEN NULL takes the ELSE branch): no
    # coalesce() per condition, ~4% fewer instructions in the COPY.
    bad = " OR ".join(f"({cond})" for _name, cond, _raw, _allowed in source.checks) or "FALSE"
    cols = ", ".join(COLUMN_NAMES)
    staged = StagedStore(root=root)
    try:
        with _watch(con, progress, "storing", 0.15, 0.6):
            try:
                con.execute(
                    f"COPY (SELECT {cols}, {MONTH_KEY_SQL} AS month FROM ("
                    f"SELECT {source.select} FROM raw "
                    f"WHERE CASE WHEN {bad} THEN error({lit(_BAD_ROW)}) ELSE TRUE END)) "
                    f"TO {lit(str(staged.staging))} ({COPY_OPTIONS})"
                )
            except duckdb.Error as exc:
                if _BAD_ROW in str(exc):
                    staged.finish()
                    return None
                raise
            finally:
                unique = check.result() if check is not None else True
        if not unique:
            staged.finish()
            return None
        written = staged.name_partitions()
        touched = written | ({replace_month} if replace_month else set())
        staged.months = touched
        if not written or written & existing or _stored_again(con, root, staged, existing, written):
            staged.finish()
            return None
    except BaseException:
        staged.finish()
        raise
    recompute = affected_months(touched, params.fcr_window_days)
    figures = FigureStream(
        con,
        staged,
        recompute,
        params,
        employees.by_number,
        progress=progress,
        strict=employees,
        counted=touched,
    )
    return Staged(
        rows_read=0,
        imported=0,
        duplicates=0,
        unanswered=0,
        no_customer_id=0,
        unmatched={},
        months_touched=sorted(touched),
        months_recomputed=sorted(recompute),
        figures=figures,
        store=staged,
        counted_by_figures=True,
    )


def _stored_again(con, root: Path, staged: StagedStore, existing: set[str], written: set[str]) -> bool:
    """Whether an id just staged is stored already in a month next to the file's (see `_near`)."""
    near = sorted(existing & _near(written))
    if not near:
        return False
    (found,) = con.execute(
        f"SELECT count(*) FROM {_read(partition_files(root, near))} WHERE interaction_id IN "
        f"(SELECT interaction_id FROM {_read(staged.files(sorted(written)))})"
    ).fetchone()
    return found > 0


# Months computed in one query: a run of consecutive months up to about this many stored rows. Longer runs
# re-read less look-ahead (each run reads the FCR window after it); shorter ones hold less in memory.
CHUNK_ROWS = int(os.environ.get("SERVICELADDER_CHUNK_ROWS", "2000000"))


@dataclass
class Figures:
    """What the runs of months added up to (their rows go to the sink)."""

    unknown_agents: set[str] = field(default_factory=set)  # in the store but matching no employee: left out
    # Employee-months in a month that has not begun or outside the employment (counted only when asked).
    impossible_months: int = 0
    contacts: int = 0
    unanswered: int = 0
    no_customer_id: int = 0


def _store_rows(con, staged: StagedStore, months: list[str]) -> dict[str, int]:
    """Stored rows per month (from the Parquet footers; nothing is scanned)."""
    by_file = {f: m for m in months for f in staged.files([m])}
    if not by_file:
        return {}
    out: dict[str, int] = dict.fromkeys(months, 0)
    for name, n in con.execute(
        f"SELECT file_name, num_rows FROM parquet_file_metadata({_file_list(list(by_file))})"
    ).fetchall():
        out[by_file[name]] += n
    return out


def _chunks(months: set[str], rows: dict[str, int]) -> list[list[str]]:
    """Runs of consecutive calendar months holding rows, each at most CHUNK_ROWS (a month alone may be
    more). A month inside a run with no rows is kept in it: it has no contacts to miss."""
    chunks: list[list[str]] = []
    size = 0
    for month in sorted(months):
        n = rows.get(month, 0)
        follows = bool(chunks) and _next_month(chunks[-1][-1]) == month
        if not follows or (size + n > CHUNK_ROWS and size):
            chunks.append([])
            size = 0
        chunks[-1].append(month)
        size += n
    return [c for c in chunks if any(rows.get(m) for m in c)]


def monthly_metrics_compute(
    con,
    staged: StagedStore,
    months: set[str],
    params: MetricParams,
    employee_ids: dict[str, int],
    sink: Callable[[list[tuple], Figures], None],
    check_months: EmployeeLookup | None = None,
    counted: set[str] | None = None,
) -> Figures:
    """Figures for these months from the store as it will be after commit, a run of months at a time: each
    run's rows, (employee id, month, *METRIC_COLUMNS) in (employee id, month) order, go to `sink` with the
    totals so far.

    Each run reads its months' rows plus, of what follows within the FCR window, only the columns the window
    needs (customer_id, started_at, interaction_id), so memory stays bounded by CHUNK_ROWS whatever the store
    holds, and the month of a row comes from its partition (no per-row date formatting). DuckDB also puts
    the employee id (`employee_ids`: number -> id) in each row and sorts them, ready to be written.

    With `check_months` (its employment and today), `Figures.impossible_months` counts the employee-months
    that lie in a month that has not begun or outside the employment (metrics/months.py).

    The totals (and `unknown_agents`, `impossible_months`) cover the months in `counted` only when given
    (the file's months: a stored month recomputed beside them is not what the file brought).
    """
    cols = ", ".join(COLUMN_NAMES)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE employee_ids AS SELECT unnest(?) AS number, unnest(?) AS id",
        [list(employee_ids), list(employee_ids.values())],
    )
    impossible, months_join = "NULL", ""
    if check_months is not None and check_months.today is not None:
        _employment_table(con, check_months)
        impossible = month_problem_sql("run.month", "e.hire_month", "e.leave_month", today=check_months.today)
        months_join = " LEFT JOIN employment e ON e.number = run.agent_id"
    out = Figures()
    if counted is not None:
        kept = " OR ".join(f"run.month = {lit(m)}" for m in sorted(counted)) or "FALSE"
        counted_sql = f" WHERE {kept}"
    else:
        counted_sql = ""
    carried = carry.reusable_months(staged, months, params)
    computed = sorted(months - carried.keys())
    lacking = files_lacking(con, staged.files(computed))
    for chunk in _chunks(months - carried.keys(), _store_rows(con, staged, computed)):
        # The month travels through the window as a yyyymm integer: cheaper than text in every row.
        keys = {int(m.replace("-", "")): m for m in chunk}
        parts = [
            f"SELECT {cols}, {key} AS month FROM {store_read(files, lacking)}"
            for key, m in keys.items()
            if (files := staged.files([m]))
        ]
        contacts = "(" + " UNION ALL ".join(parts) + ")"
        horizon = _month_start(_next_month(chunk[-1])) + dt.timedelta(days=params.fcr_window_days)
        ahead_files = staged.files(_months_between(_next_month(chunk[-1]), horizon.strftime("%Y-%m")))
        look_ahead = None
        if ahead_files:
            until = lit(horizon.strftime("%Y-%m-%d %H:%M:%S"))
            look_ahead = (
                f"(SELECT customer_id, started_at, interaction_id FROM {_read(ahead_files)} "
                f"WHERE answered AND customer_id IS NOT NULL AND started_at < TIMESTAMP {until})"
            )
        sql = monthly_metrics_sql(contacts, look_ahead=look_ahead, params=params)
        month_text = "CASE f.month " + " ".join(f"WHEN {k} THEN {lit(m)}" for k, m in keys.items()) + " END"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE run AS SELECT e.id AS employee_id, f.agent_id, "
            f"{month_text} AS month, f.* EXCLUDE (agent_id, month) "
            f"FROM ({sql}) f LEFT JOIN employee_ids e ON e.number = f.agent_id"
        )
        carry.summaries_write(con, staged, chunk, params)
        _run_emit(con, out, impossible, months_join, sink, counted_sql)
    for month, summary in carried.items():
        carry.near_end_run(con, staged, month, summary, params)
        _run_emit(con, out, impossible, months_join, sink, counted_sql)
    return out


def _run_emit(con, out: Figures, impossible: str, months_join: str, sink, counted: str = "") -> None:
    """Hand the figures of the temp table `run` to `sink` and add them up in `out` (the rows that `counted`,
    a WHERE clause, keeps)."""
    rows = con.execute(
        f"SELECT employee_id, month, {', '.join(METRIC_COLUMNS)} FROM run "
        "WHERE employee_id IS NOT NULL ORDER BY employee_id, month"
    ).fetchall()
    contacts_n, unanswered, no_customer, unknown, impossible_n = con.execute(
        "SELECT sum(contacts), sum(unanswered), sum(no_customer_id), "
        "list(DISTINCT agent_id) FILTER (WHERE employee_id IS NULL), "
        f"count(*) FILTER (WHERE ({impossible}) IS NOT NULL) FROM run{months_join}{counted}"
    ).fetchone()
    out.impossible_months += int(impossible_n or 0)
    out.contacts += int(contacts_n or 0)
    out.unanswered += int(unanswered or 0)
    out.no_customer_id += int(no_customer or 0)
    out.unknown_agents.update(unknown or [])
    sink(rows, out)


_END = object()


class FigureStream:
    """The figures of the staged store, computed on a background thread a run of months at a time and
    handed over as they come: the caller writes one run to the database while DuckDB computes the next
    (DuckDB releases the GIL while it works, SQLite while it steps), which keeps both cores busy.

    Iterate once; `totals` is complete after the last run. It owns `con` and closes it when done. With
    `strict` (the employees), the first run naming an agent who matches no employee, or an employee-month
    that cannot be (metrics/months.py), raises FirstImportNotClean.
    """

    def __init__(
        self,
        con,
        staged,
        months,
        params,
        employee_ids,
        *,
        progress=None,
        span=(0.6, 0.98),
        strict: EmployeeLookup | None = None,
        counted: set[str] | None = None,
    ) -> None:
        self._con, self._staged, self._months = con, staged, months
        self._params, self._employee_ids = params, employee_ids
        self._progress, self._span, self._strict, self._counted = progress, span, strict, counted
        self._thread: threading.Thread | None = None
        self.totals = Figures()

    def __iter__(self):
        runs: queue.Queue = queue.Queue()

        def produce() -> None:
            try:
                with _watch(self._con, self._progress, "computing", *self._span):
                    monthly_metrics_compute(
                        self._con,
                        self._staged,
                        self._months,
                        self._params,
                        self._employee_ids,
                        lambda rows, totals: runs.put((rows, totals)),
                        check_months=self._strict,
                        counted=self._counted,
                    )
                runs.put(_END)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the reading thread
                runs.put(exc)

        self._thread = threading.Thread(target=produce, name="duckdb-figures", daemon=True)
        self._thread.start()
        try:
            while (item := runs.get()) is not _END:
                if isinstance(item, BaseException):
                    raise item
                rows, self.totals = item
                if self._strict and (self.totals.unknown_agents or self.totals.impossible_months):
                    raise FirstImportNotClean
                yield rows
        finally:
            self.close()

    def close(self) -> None:
        """Stop the computation (if it still runs) and close the connection."""
        if self._thread is not None and self._thread.is_alive():
            self._con.interrupt()
            self._thread.join()
        self._con.close()


def _read(files: list[str]) -> str:
    return f"read_parquet({_file_list(files)}, hive_partitioning = false)"


def _file_list(files: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in files) + "]"
