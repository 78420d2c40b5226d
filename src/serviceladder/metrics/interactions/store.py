"""The raw interaction store: $SERVICELADDER_HOME/interactions/month=YYYY-MM/*.parquet.

Partitioned by the month of `started_at` (naive local time). An import writes the partitions it touches into
a staging folder; `StagedStore.commit` swaps them in with renames and keeps the old folders until the caller
says the database transaction committed, so a failure at any step leaves the store as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from serviceladder.paths import home

if TYPE_CHECKING:
    import duckdb

PARTITION_PREFIX = "month="
# What a COPY ... PARTITION_BY (month) writes by: the yyyymm integer of started_at, far cheaper per row than
# formatting 'YYYY-MM' text; `StagedStore.name_partitions` then renames the folders to month=YYYY-MM.
MONTH_KEY_SQL = "(year(started_at) * 100 + month(started_at))"
# COPY options for writing partitions. Parquet format version 2 (DELTA_* encodings for text and timestamps)
# takes ~3% fewer instructions to write and ~6% fewer to read back than version 1 on interaction data, and
# the files are ~11% smaller; Arrow, DuckDB and Spark (3.3 and later) read these encodings.
COPY_OPTIONS = "FORMAT parquet, PARQUET_VERSION V2, PARTITION_BY (month), OVERWRITE_OR_IGNORE"


# Canonical columns added after stores were first written, with their DuckDB type. A partition written before
# lacks them and reads them as empty (NULL: the export had no such column then, so its figures stay empty,
# never 0); it is never rewritten for that. A month imported again is written with every column.
# (The older `queue` column was instead added to every file once: interactions/queues.py.)
ADDED_COLUMNS: dict[str, str] = {"abusive": "BOOLEAN"}


def store_root() -> Path:
    return home() / "interactions"


def partition_dir(root: Path, month: str) -> Path:
    return root / f"{PARTITION_PREFIX}{month}"


def stored_months(root: Path | None = None) -> list[str]:
    root = root or store_root()
    if not root.is_dir():
        return []
    return sorted(
        p.name.removeprefix(PARTITION_PREFIX)
        for p in root.iterdir()
        if p.is_dir() and p.name.startswith(PARTITION_PREFIX) and any(p.glob("*.parquet"))
    )


def partition_files(root: Path, months: list[str]) -> list[str]:
    files: list[str] = []
    for month in months:
        files.extend(sorted(str(p) for p in partition_dir(root, month).glob("*.parquet")))
    return files


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _read(files: list[str]) -> str:
    return f"read_parquet([{', '.join(_sql_text(f) for f in files)}], hive_partitioning = false)"


def files_lacking(con: duckdb.DuckDBPyConnection, files: list[str]) -> dict[str, tuple[str, ...]]:
    """The ADDED_COLUMNS each of these files lacks (from the footers; nothing is scanned); files with every
    column are left out."""
    if not files:
        return {}
    names = ", ".join(_sql_text(c) for c in ADDED_COLUMNS)
    present: dict[str, set[str]] = {f: set() for f in files}
    for name, column in con.execute(
        f"SELECT file_name, name FROM parquet_schema([{', '.join(_sql_text(f) for f in files)}]) "
        f"WHERE name IN ({names})"
    ).fetchall():
        present[name].add(column)
    return {
        f: lacking
        for f, cols in present.items()
        if (lacking := tuple(c for c in ADDED_COLUMNS if c not in cols))
    }


def store_read(files: list[str], lacking: dict[str, tuple[str, ...]]) -> str:
    """SQL for the rows of these stored files with every canonical column (`lacking`: files_lacking's answer,
    for these files or more): a file written before a column was added gives NULL for it. Files that have
    every column are read as they are, in one read_parquet (the common case costs nothing)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for f in files:
        groups.setdefault(lacking.get(f, ()), []).append(f)
    if list(groups) == [()]:
        return _read(files)
    parts = []
    for missing, group in groups.items():
        extra = "".join(f", NULL::{ADDED_COLUMNS[c]} AS {c}" for c in missing)
        parts.append(f"SELECT *{extra} FROM {_read(group)}")
    return "(" + " UNION ALL BY NAME ".join(parts) + ")"


@contextmanager
def store_lock(root: Path | None = None):
    """One import at a time per store (a second one waits)."""
    root = root or store_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass
class StagedStore:
    """New versions of some month partitions, written beside the store and not yet visible."""

    root: Path
    months: set[str] = field(default_factory=set)  # partitions replaced (absent in staging = emptied)
    staging: Path = field(init=False)
    _backup: Path | None = field(default=None, init=False)
    _moved: list[tuple[Path, Path]] = field(default_factory=list, init=False)  # (from, to)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.staging = self.root / f".staging-{uuid.uuid4().hex}"
        self.staging.mkdir()

    def name_partitions(self) -> set[str]:
        """Rename the month=yyyymm folders a COPY wrote into staging to month=YYYY-MM; return the months."""
        months = set()
        for path in self.staging.iterdir():
            key = path.name.removeprefix(PARTITION_PREFIX)
            if path.name.startswith(PARTITION_PREFIX) and key.isdigit():
                month = f"{int(key) // 100:04d}-{int(key) % 100:02d}"
                os.replace(path, partition_dir(self.staging, month))
                months.add(month)
        return months

    def files(self, months: list[str]) -> list[str]:
        """Parquet files for these months as the store will be after commit."""
        out: list[str] = []
        for month in months:
            base = self.staging if month in self.months else self.root
            out.extend(sorted(str(p) for p in partition_dir(base, month).glob("*.parquet")))
        return out

    def commit(self) -> None:
        """Swap the staged partitions in (renames only); old ones kept until `finish`."""
        self._backup = self.root / f".backup-{uuid.uuid4().hex}"
        self._backup.mkdir()
        for month in sorted(self.months):
            live, new = partition_dir(self.root, month), partition_dir(self.staging, month)
            if live.exists():
                old = partition_dir(self._backup, month)
                os.replace(live, old)
                self._moved.append((live, old))
            if new.exists():
                os.replace(new, live)
                self._moved.append((new, live))

    def rollback(self) -> None:
        """Undo `commit` (if it ran, fully or partly) and drop the staging folder."""
        for src, dst in reversed(self._moved):
            os.replace(dst, src)
        self._moved.clear()
        self.finish()

    def finish(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._backup is not None:
            shutil.rmtree(self._backup, ignore_errors=True)
