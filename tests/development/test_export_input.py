"""Bad input to `serviceladder development export`: exit 2, one line on stderr, nothing written."""

from __future__ import annotations

import json
import sys

import pytest

from serviceladder.development.errors_export import (
    BAD_AS_OF,
    GOALS_WITH_COUNTS,
    UNKNOWN_DEPARTMENT,
    XLSX_TO_TERMINAL,
)
from serviceladder.development.models import GoalJudgement
from tests.development.export_setup import METRIC_GOAL, export_org, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return export_org()


def _one_line(capsys, message) -> None:
    captured = capsys.readouterr()
    assert captured.err == f"serviceladder: {message}\n"
    assert captured.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], BAD_AS_OF % {"found": "2026-13-01"}),
        (["--as-of", "yesterday"], BAD_AS_OF % {"found": "yesterday"}),
        (["--department", "nope"], UNKNOWN_DEPARTMENT % {"code": "nope"}),
        (["--as", "sunqiang", "--goals"], GOALS_WITH_COUNTS),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(org, tmp_path, capsys, args, message):
    if "--as" not in args:
        args = [*args, "--as", "zhaomin"]
    code, out = run(["--format", "json", *args], tmp_path)
    assert code == 2
    assert not out.exists()
    _one_line(capsys, message)


def test_an_unknown_department_is_refused_for_counts_too(org, tmp_path, capsys):
    code, out = run(["--as", "sunqiang", "--department", "nope"], tmp_path)
    assert code == 2
    assert not out.exists()
    _one_line(capsys, UNKNOWN_DEPARTMENT % {"code": "nope"})


def test_xlsx_is_not_written_to_a_terminal(org, capsys, monkeypatch):
    from serviceladder.cli.main import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["development", "export", "--format", "xlsx", "--as", "zhaomin"]) == 2
    _one_line(capsys, XLSX_TO_TERMINAL)


def test_an_export_on_a_later_day_shows_goals_judged_but_records_nothing(org, tmp_path):
    """An export reads: a goal whose judgement day has come on --as-of is shown judged, never recorded."""
    code, out = run(["--format", "json", "--as", "zhaomin", "--as-of", "2030-01-01"], tmp_path)
    assert code == 0
    e3 = next(p for p in json.loads(out.read_text())["people"] if p["employee_number"] == "E2003")
    metric = next(g for g in e3["goals"] if g["statement"] == METRIC_GOAL)
    # the due month's figures never came: unknown, for good
    assert (metric["status"], metric["final"]) == ("unknown", True)
    assert e3["goals_unknown"] == 1
    assert GoalJudgement.objects.count() == 0
