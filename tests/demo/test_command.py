import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from serviceladder.accounts.models import CommandLineActor
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.commands.demo import BAD_AGENTS, EXTERNAL_DATABASE
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
    assert main([*SMALL, "--seed", "8"]) == 2
    assert str(EXTERNAL_DATABASE) in capsys.readouterr().err
    assert list(Employee.objects.values_list("number", "name")) == first
    assert AuditEvent.objects.count() == events

    assert main([*SMALL, "--reset"]) == 0
    assert list(Employee.objects.values_list("number", "name")) == first  # same seed, same people
    assert AuditEvent.objects.filter(action="demo.load").count() == 1
    assert get_user_model().objects.filter(username="agent").count() == 1


@pytest.mark.django_db
def test_bad_sizes_are_refused(capsys):
    assert main(["demo", "--no-serve", "--agents", "5"]) == 2
    assert str(BAD_AGENTS) % {"low": 20, "high": 20000} in capsys.readouterr().err
    assert not Employee.objects.exists()


def test_default_sqlite_database_is_rebuilt(tmp_path):
    """End to end in a fresh process: the demo database in $SERVICELADDER_HOME is replaced on a rerun."""
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "SERVICELADDER_HOME": str(tmp_path), "PYTHONPATH": str(src)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, "-m", "serviceladder", "demo", "--no-serve", "--agents", "20", "--months", "2"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "already exists" not in first.stdout
    assert (tmp_path / "serviceladder.sqlite3").exists()
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "already exists" in second.stdout
    assert "demo-pass-2026" in second.stdout


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
