"""Queue-level figures, DuckDB side: the contacts of each queue and month, from the store as it will be
after commit (so a month imported again gets its queue figures from the merged store, like the agents').

No Django here: metrics/queue_services.py writes the figures out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.definitions import (
    DEFAULT_PARAMS,
    QUEUE_COLUMNS,
    MetricParams,
    queue_figures_sql,
)
from serviceladder.metrics.interactions.reader import lit
from serviceladder.metrics.interactions.store import StagedStore, partition_files, stored_months


@dataclass
class QueueFigures:
    """Rows (queue, month, *QUEUE_COLUMNS) in (month, queue) order, and the contacts without an agent."""

    rows: list[tuple] = field(default_factory=list)
    unassigned: int = 0


def _files_sql(files: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in files) + "]"


# QueueMonthlyFigure.queue holds at most this many characters.
QUEUE_NAME_MAX = 200
QUEUE_NAME_TOO_LONG = _(
    "A queue name (the queue column, else the channel) has %(length)s characters, more than the %(limit)s "
    "a queue name may have: %(name)s… Map a shorter column as the queue."
)


def queue_figures_compute(
    *, staged: StagedStore, months: list[str], params: MetricParams = DEFAULT_PARAMS
) -> QueueFigures:
    """The queue figures of these months from the staged store (a month without rows has none)."""
    parts = []
    for month in sorted(months):
        files = staged.files([month])
        if files:
            parts.append(
                "SELECT queue, channel, agent_id, answered, first_response_seconds, "
                f"{lit(month)} AS month FROM read_parquet({_files_sql(files)}, hive_partitioning = false)"
            )
    out = QueueFigures()
    if not parts:
        return out
    con = duckdb.connect(config={"threads": max(1, os.cpu_count() or 1)})
    try:
        sql = queue_figures_sql("(" + " UNION ALL ".join(parts) + ")", params=params)
        out.rows = con.execute(
            f"SELECT queue, month, {', '.join(QUEUE_COLUMNS)} FROM ({sql}) ORDER BY month, queue"
        ).fetchall()
    finally:
        con.close()
    for queue, *_rest in out.rows:
        if queue is not None and len(queue) > QUEUE_NAME_MAX:
            raise ValidationFailed(
                QUEUE_NAME_TOO_LONG, length=len(queue), limit=QUEUE_NAME_MAX, name=queue[:40]
            )
    unassigned = QUEUE_COLUMNS.index("unassigned") + 2
    out.unassigned = sum(int(r[unassigned]) for r in out.rows)
    return out


# Present once every stored partition has the `queue` column: later imports skip reading every footer.
QUEUE_COLUMN_MARKER = ".queue-column"


def store_add_queue_column(root: Path) -> int:
    """Give the stored partitions written before queues existed a `queue` column (empty), so every partition
    has the canonical columns. Each file is rewritten beside itself and renamed over it (the rows are the
    same either way, so an interruption leaves a readable store). Returns the files rewritten. Done once per
    store: partitions written since carry the column, so a marker file ends the check."""
    marker = root / QUEUE_COLUMN_MARKER
    if marker.exists():
        return 0
    files = partition_files(root, stored_months(root))
    if not files:
        if root.is_dir():
            marker.touch()
        return 0
    con = duckdb.connect()
    try:
        have = {
            f
            for (f,) in con.execute(
                f"SELECT DISTINCT file_name FROM parquet_schema({_files_sql(files)}) WHERE name = 'queue'"
            ).fetchall()
        }
        old = [f for f in files if f not in have]
        for name in old:
            tmp = f"{name}.queue-tmp"
            con.execute(
                f"COPY (SELECT *, NULL::VARCHAR AS queue FROM read_parquet({lit(name)}, "
                f"hive_partitioning = false)) TO {lit(tmp)} (FORMAT parquet, PARQUET_VERSION V2)"
            )
            os.replace(tmp, name)
    finally:
        con.close()
    marker.touch()
    return len(old)
