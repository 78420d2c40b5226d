"""A home with data to back up, and a fresh home (a new folder and an empty database) to restore into."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

import serviceladder
from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.metrics.services import interactions_import
from tests.factories import EmployeeFactory, user_with_roles
from tests.interactions.conftest import fixture_path

SRC = Path(serviceladder.__file__).resolve().parents[1]
UPLOAD = "promotions/1/evidence.pdf"


@dataclass
class Source:
    home: Path
    media: Path
    hr: Actor


@pytest.fixture
def source(transactional_db, tmp_path) -> Source:
    """Three employees, the interactions of two (figures + a Parquet store), one uploaded file."""
    for number, name in (("E001", "王芳"), ("E002", "李雷"), ("E003", "韩梅梅")):
        EmployeeFactory(number=number, name=name)
    hr = Actor(user=user_with_roles("hr1", Role.HR), channel="cli")
    data = Path(shutil.copy(fixture_path("interactions_small.csv"), tmp_path / "interactions.csv"))
    interactions_import(actor=hr, path=data)
    media = Path(settings.MEDIA_ROOT)
    (media / UPLOAD).parent.mkdir(parents=True)
    (media / UPLOAD).write_bytes(b"%PDF-1.4 evidence \x00\xff")
    return Source(home=Path(os.environ["SERVICELADDER_HOME"]), media=media, hr=hr)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


@dataclass
class Fresh:
    """A new SERVICELADDER_HOME with its own empty database; `run` is the CLI against it."""

    home: Path
    database_url: str | None

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(SERVICELADDER_HOME=str(self.home), PYTHONPATH=str(SRC))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "serviceladder", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def query(self, sql: str) -> list[tuple]:
        if self.database_url:
            with psycopg.connect(self.database_url) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.home / "serviceladder.sqlite3") as conn:
            return conn.execute(sql).fetchall()


@contextmanager
def empty_database(suffix: str):
    """On PostgreSQL, the URL of a new, empty database of its own (dropped afterwards); None on SQLite, where
    a fresh home brings its own database file."""
    if connection.vendor != "postgresql":
        yield None
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_{suffix}"
    admin = f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin}/{name}"
    finally:
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh(tmp_path):
    with empty_database("restore") as url:
        yield Fresh(home=tmp_path / "fresh-home", database_url=url)
