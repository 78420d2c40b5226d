"""Imports give way to people: a command-line import and the upload worker lower their own scheduling priority
(core/priority.py), so pages, comments and sign-ins get the processor first during a long import."""

import pytest

from serviceladder.cli.main import main
from serviceladder.core import priority
from serviceladder.metrics.management.commands.upload_worker import Command as UploadWorker
from tests.kpi.conftest import csv_bytes


@pytest.fixture
def nice_calls(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(priority.os, "nice", lambda increment: calls.append(increment) or increment)
    return calls


@pytest.mark.parametrize(
    ("setting", "applied"), [(None, 10), ("0", 0), ("5", 5), ("40", 19), ("-3", 0), ("soon", 10)]
)
def test_the_setting_bounds_the_increment(monkeypatch, nice_calls, setting, applied):
    if setting is None:
        monkeypatch.delenv(priority.ENV, raising=False)
    else:
        monkeypatch.setenv(priority.ENV, setting)
    assert priority.lower_for_batch_work() == applied
    assert nice_calls == ([applied] if applied else [])


def test_a_refused_nice_is_not_an_error(monkeypatch):
    def refuse(_increment):
        raise PermissionError

    monkeypatch.setattr(priority.os, "nice", refuse)
    monkeypatch.setenv(priority.ENV, "10")
    assert priority.lower_for_batch_work() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["metrics", "interactions", "roster"])
def test_command_line_imports_lower_their_priority_and_templates_do_not(
    monkeypatch, nice_calls, tmp_path, people, hr, kind
):
    monkeypatch.setenv(priority.ENV, "7")
    assert main(["import", kind, "--template", "--as", "hr"]) == 0
    assert nice_calls == []
    empty = tmp_path / "empty.csv"
    empty.write_bytes(csv_bytes([["工号"]]))
    main(["import", kind, str(empty), "--as", "hr"])  # rejected or not, the import ran at the lower priority
    assert nice_calls == [7]


def test_the_upload_worker_lowers_its_priority_before_it_starts(monkeypatch, nice_calls):
    monkeypatch.setenv(priority.ENV, "9")
    started = []
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.Command.handle",
        lambda self, *a, **k: started.append(list(nice_calls)),
    )
    monkeypatch.setattr(
        "serviceladder.metrics.management.commands.upload_worker.heartbeat_start",
        lambda: type("Stop", (), {"set": lambda self: None})(),
    )
    UploadWorker().handle()
    assert started == [[9]]
