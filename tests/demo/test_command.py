import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from serviceladder.accounts.models import CommandLineActor
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.commands.demo import (
    BAD_AGENTS,
    DEMO_EXISTS_NOT_A_TERMINAL,
    DEMO_KEEP_NOT_DEMO,
    DEMO_KEPT,
    EXTERNAL_DATABASE,
)
from serviceladder.cli.main import main
from serviceladder.demo.generator import DEMO_PASSWORD
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee

SMALL = ["demo", "--no-serve", "--agents", "40", "--months", "6"]


@pytest.mark.django_db(transaction=True)
def test_demo_no_serve_loads_and_prints_logins(capsys):
    assert main(SMALL) == 0
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for username in ("agent", "lead", "head", "hr", "management", "admin"):
        assert f"  {username} " in out
    assert Employee.objects.count() == 40 + 14 + 3 + 3
    assert len(set(MonthlyMetric.objects.values_list("month", flat=True))) == 6
    marker = CommandLineActor.objects.get(os_username=getpass.getuser())
    assert marker.user.username == "hr"


@pytest.mark.django_db(transaction=True)
def test_database_with_data_is_kept_without_reset_and_rebuilt_with_it(capsys):
    assert main(SMALL) == 0
    first = list(Employee.objects.values_list("number", "name"))
    events = AuditEvent.objects.count()

    # The test database is not the default SQLite file, so it is treated like a DATABASE_URL database.
    # Not at a terminal (pytest), an existing demo is neither rebuilt nor kept without being told.
    assert main([*SMALL, "--seed", "8"]) == 2
    err = capsys.readouterr().err
    assert err == f"serviceladder: {DEMO_EXISTS_NOT_A_TERMINAL % {'where': 'DATABASE_URL'}}\n"
    assert list(Employee.objects.values_list("number", "name")) == first
    assert AuditEvent.objects.count() == events

    assert main([*SMALL, "--seed", "8", "--keep"]) == 0
    out = capsys.readouterr().out
    assert str(DEMO_KEPT % {"where": "DATABASE_URL"}) in out
    assert DEMO_PASSWORD in out and "  agent " in out
    assert list(Employee.objects.values_list("number", "name")) == first
    assert AuditEvent.objects.count() == events

    assert main([*SMALL, "--reset"]) == 0
    assert list(Employee.objects.values_list("number", "name")) == first  # same seed, same people
    assert AuditEvent.objects.filter(action="demo.load").count() == 1
    assert get_user_model().objects.filter(username="agent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_other_data_is_never_kept_or_erased_without_reset(capsys):
    from tests.factories import EmployeeFactory

    real = EmployeeFactory()
    assert main([*SMALL, "--keep"]) == 2
    assert str(DEMO_KEEP_NOT_DEMO % {"where": "DATABASE_URL"}) in capsys.readouterr().err
    assert main(SMALL) == 2
    assert str(EXTERNAL_DATABASE) in capsys.readouterr().err
    assert list(Employee.objects.all()) == [real]


@pytest.mark.django_db(transaction=True)
def test_at_a_terminal_the_person_chooses(monkeypatch, capsys):
    assert main(SMALL) == 0
    first = list(Employee.objects.values_list("number", "name"))
    events = AuditEvent.objects.count()
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    for answer, code in (("", 0), ("k", 0)):
        monkeypatch.setattr("builtins.input", lambda prompt, a=answer: a)
        assert main([*SMALL, "--seed", "8"]) == code
        assert list(Employee.objects.values_list("number", "name")) == first
        assert AuditEvent.objects.count() == events
    monkeypatch.setattr("builtins.input", lambda prompt: "r")
    assert main([*SMALL, "--seed", "8"]) == 0
    assert list(Employee.objects.values_list("number", "name")) != first  # rebuilt with the other seed


def test_keep_and_reset_together_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*SMALL, "--keep", "--reset"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.django_db
def test_bad_sizes_are_refused(capsys):
    assert main(["demo", "--no-serve", "--agents", "5"]) == 2
    assert str(BAD_AGENTS) % {"low": 20, "high": 20000} in capsys.readouterr().err
    assert not Employee.objects.exists()


def test_default_sqlite_database_is_kept_or_rebuilt_when_asked(tmp_path):
    """End to end in a fresh process without a terminal: a rerun stops (exit 2, one line) without --keep or
    --reset and changes nothing; --keep keeps the database, --reset replaces it."""
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "SERVICELADDER_HOME": str(tmp_path), "PYTHONPATH": str(src)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, "-m", "serviceladder", "demo", "--no-serve", "--agents", "20", "--months", "2"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "already exists" not in first.stdout
    assert (tmp_path / "serviceladder.sqlite3").exists()
    db = tmp_path / "serviceladder.sqlite3"
    before = db.stat().st_mtime_ns, db.stat().st_size
    second = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert second.returncode == 2
    assert second.stderr.strip() == f"serviceladder: {DEMO_EXISTS_NOT_A_TERMINAL % {'where': db}}"
    assert (db.stat().st_mtime_ns, db.stat().st_size) == before
    kept = subprocess.run([*cmd, "--keep"], env=env, capture_output=True, text=True, timeout=120)
    assert kept.returncode == 0, kept.stderr
    assert str(DEMO_KEPT % {"where": db}) in kept.stdout and "demo-pass-2026" in kept.stdout
    assert "loaded in" not in kept.stdout
    rebuilt = subprocess.run([*cmd, "--reset"], env=env, capture_output=True, text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Rebuilding the demo database" in rebuilt.stdout and "loaded in" in rebuilt.stdout


@pytest.mark.django_db
def test_default_sqlite_with_other_data_is_not_erased_without_reset(monkeypatch, tmp_path, capsys):
    from serviceladder.cli.commands import demo as demo_command
    from serviceladder.cli.commands.demo import NOT_A_DEMO_DATABASE
    from tests.factories import EmployeeFactory

    db_file = tmp_path / "serviceladder.sqlite3"
    db_file.write_bytes(b"real data")
    monkeypatch.setattr(demo_command, "_default_sqlite_path", lambda: db_file)
    real = EmployeeFactory()
    assert main(SMALL) == 2
    assert str(NOT_A_DEMO_DATABASE) % {"where": db_file} in capsys.readouterr().err
    assert db_file.read_bytes() == b"real data"
    assert list(Employee.objects.all()) == [real]
