"""The database gate (cli/database.py), end to end in fresh processes: an empty database is migrated by the
first command that needs it; one with a pending migration stops every such command with one line naming
`serviceladder migrate` and is left as it was; commands without the database never open it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from serviceladder.cli.database import APPLIED, MIGRATIONS_PENDING
from serviceladder.paths import PACKAGE_DIR
from tests.backup.conftest import SRC, Fresh, empty_database

PASSWORD = {"SERVICELADDER_PASSWORD": "pw-for-the-gate-1"}
# The metrics app's newest migration is taken back and forward again (its migrations are all reversible).
_METRICS = sorted(p.stem for p in (PACKAGE_DIR / "metrics" / "migrations").glob("0*.py"))
LAST, EARLIER = _METRICS[-1], _METRICS[-2]


class Home(Fresh):
    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The CLI in a fresh process against this home (and its own database), with `env` added."""
        environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        environ.update(SERVICELADDER_HOME=str(self.home), PYTHONPATH=str(SRC), **(env or {}))
        if self.database_url:
            environ["DATABASE_URL"] = self.database_url
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "serviceladder", *args], env=environ, capture_output=True, text=True
        )

    def tables(self) -> set[str]:
        if self.database_url:
            rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        elif (self.home / "serviceladder.sqlite3").exists():
            rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            return set()
        return {r[0] for r in rows}

    def applied(self, app: str) -> list[str]:
        return sorted(r[0] for r in self.query(f"SELECT name FROM django_migrations WHERE app = '{app}'"))  # noqa: S608


@pytest.fixture
def home(tmp_path):
    """A new $SERVICELADDER_HOME; on PostgreSQL also a new, empty database of its own."""
    with empty_database("gate") as url:
        yield Home(home=tmp_path / "fresh-home", database_url=url)


def test_the_first_command_on_a_fresh_home_migrates_the_empty_database(home):
    first = home.run("user", "create", "first-admin", "--role", "admin", env=PASSWORD)
    assert first.returncode == 0, first.stderr
    assert "created first-admin" in first.stdout
    assert "The database was empty: applied the" in first.stderr
    assert "Traceback" not in first.stderr
    assert home.query("SELECT username FROM auth_user") == [("first-admin",)]
    assert home.applied("metrics")[-1] == LAST

    second = home.run("user", "create", "second", "--as", "first-admin", env=PASSWORD)
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""  # nothing to migrate any more, nothing said


def test_commands_without_the_database_never_open_it(home, tmp_path):
    policy = tmp_path / "policy.yaml"
    init = home.run("policy", "init", "--preset", "cn-standard")
    assert init.returncode == 0, init.stderr
    policy.write_text(init.stdout, encoding="utf-8")
    for args in (
        ("policy", "validate", str(policy)),
        ("policy", "diff", str(policy), str(policy)),
        ("policy", "presets"),
        ("--help",),
        ("import", "roster", "--help"),
    ):
        done = home.run(*args)
        assert done.returncode == 0, (args, done.stderr)
    assert home.tables() == set()
    assert not (home.home / "serviceladder.sqlite3").exists()


def test_a_pending_migration_stops_every_database_command_until_migrate(home):
    done = home.run("migrate")
    assert done.returncode == 0, done.stderr
    applied = done.stdout.strip()
    assert applied.startswith(str(APPLIED).split("%")[0]) and f"metrics.{LAST}" in applied
    assert home.run("user", "create", "hr1", "--role", "hr", env=PASSWORD).returncode == 0
    back = home.run("manage", "migrate", "metrics", EARLIER, "--verbosity", "0")
    assert back.returncode == 0, back.stderr
    before = home.query("SELECT id, name FROM django_migrations ORDER BY id")

    for args in (("user", "create", "late", "--as", "hr1"), ("health",), ("policy", "versions")):
        refused = home.run(*args, env=PASSWORD)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        expected = MIGRATIONS_PENDING % {"count": 1, "names": f"metrics.{LAST}"}
        assert lines[0] == f"serviceladder: {expected}"
        assert "serviceladder migrate" in lines[0]
    # Never migrated behind anyone's back, and the refused command did nothing.
    assert home.query("SELECT id, name FROM django_migrations ORDER BY id") == before
    assert home.applied("metrics")[-1] == EARLIER
    assert home.query("SELECT username FROM auth_user WHERE username = 'late'") == []

    plan = home.run("migrate", "--plan")
    assert plan.returncode == 0 and plan.stdout.strip() == f"1 migration(s) to apply: metrics.{LAST}"
    assert home.applied("metrics")[-1] == EARLIER
    done = home.run("migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Applied 1 migration(s): metrics.{LAST}. The database is up to date."
    assert home.run("user", "create", "late", "--as", "hr1", env=PASSWORD).returncode == 0
    again = home.run("migrate")
    assert again.stdout.strip() == "The database is up to date; no migration to apply."


def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path):
    gone = Home(home=tmp_path / "h", database_url="postgres://nobody:nothing@127.0.0.1:9/none")
    done = gone.run("health")
    assert done.returncode == 1
    assert done.stderr.startswith("serviceladder: The database cannot be used: ")
    assert len(done.stderr.strip().splitlines()) == 1
