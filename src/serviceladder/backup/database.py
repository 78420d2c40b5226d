"""Snapshot and restore the database: SQLite through its online backup API, PostgreSQL through pg_dump and
pg_restore. Both copy the audit log's append-only triggers with the data and never UPDATE or DELETE a row."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from serviceladder.backup.errors import (
    TOOL_FAILED,
    TOOL_MISSING,
    UNSUPPORTED_DATABASE,
    BackupFailed,
)

DUMP_NAMES = {"sqlite": "database/serviceladder.sqlite3", "postgresql": "database/serviceladder.pgdump"}
# Filled by `migrate` itself: a freshly migrated database holds these and is still empty.
SEEDED_APPS = {"contenttypes", "workcalendar"}
SEEDED_MODELS = {"auth.permission", "sessions.session"}


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupFailed(UNSUPPORTED_DATABASE, vendor=connection.vendor)
    return connection.vendor


def applied_migrations() -> list[str]:
    if not MigrationRecorder(connection).has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def model_tables() -> list[str]:
    tables = set(connection.introspection.table_names())
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)} & tables)


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model, as this connection sees them."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        out = {}
        for table in model_tables():
            cursor.execute(f"SELECT count(*) FROM {qn(table)}")  # noqa: S608 - table names from the models
            out[table] = cursor.fetchone()[0]
        return out


def data_present() -> list[str]:
    """Tables that hold rows a person or an import put there (what migrate seeds does not count)."""
    tables = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in SEEDED_APPS or meta.label_lower in SEEDED_MODELS or meta.db_table not in tables:
            continue
        if model._base_manager.using("default").exists():
            found.append(meta.db_table)
    return sorted(set(found))


# --- SQLite -------------------------------------------------------------------------------------------------


def _sqlite_connect(**kwargs) -> sqlite3.Connection:
    """The live database, by file name or by URI (the test suite's shared in-memory database)."""
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:"):
        return sqlite3.connect(name, uri=True, **kwargs)
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(name, **kwargs)


def sqlite_snapshot(target: Path) -> tuple[list[str], dict[str, int]]:
    """A consistent copy while the server writes: the online backup copies every page under one read lock.
    Returns the applied migrations and the rows per table of the copy itself."""
    tables = model_tables()
    source = _sqlite_connect()
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        migrations = sorted(f"{a}.{n}" for a, n in copy.execute("SELECT app, name FROM django_migrations"))
        counts = {t: copy.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        copy.close()
        source.close()
    return migrations, counts


def sqlite_restore(snapshot: Path) -> None:
    """Replace the live database's pages with the snapshot's (the same API, the other way round)."""
    connections.close_all()
    source = sqlite3.connect(snapshot)
    live = _sqlite_connect(timeout=20)
    try:
        source.backup(live)
    finally:
        live.close()
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupFailed(TOOL_MISSING, tool=name)
    return path


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(tool: str, args: list[str]) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - a fixed tool from PATH, arguments from settings
            [_tool(tool), *args], env=_pg_env(), capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BackupFailed(TOOL_FAILED, tool=tool, problem=exc.strerror) from exc
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip().splitlines()
        raise BackupFailed(TOOL_FAILED, tool=tool, problem=problem[-1] if problem else done.returncode)


def postgres_snapshot(target: Path) -> tuple[list[str], dict[str, int]]:
    """pg_dump's custom format, while others write. The migrations and row counts are read in a
    repeatable-read transaction whose snapshot pg_dump is told to use, so they describe the dump exactly."""
    name = str(connection.settings_dict["NAME"])
    _tool("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        migrations, counts = applied_migrations(), row_counts()
        _run(
            "pg_dump",
            [
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                name,
            ],
        )
    return migrations, counts


def postgres_restore(dump: Path) -> None:
    """Drop what the dump holds and re-create it in one transaction. DROP TABLE fires no row trigger, so the
    audit table is replaced as a whole and gets its triggers back from the dump."""
    name = str(connection.settings_dict["NAME"])
    connections.close_all()
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ],
    )
