"""`serviceladder import interactions` through the real command line entry point."""

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.metrics.models import MonthlyMetric
from tests.factories import user_with_roles
from tests.interactions.conftest import figures, read_rows, store_snapshot, write_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_user(db):
    return user_with_roles("hr-cli", "hr")


def test_a_clean_file_prints_its_report_and_is_audited_once(agents, hr_user, small_csv, capsys):
    assert main(["import", "interactions", str(small_csv), "--as", "hr-cli", "--reason", "Q1"]) == 0
    out = capsys.readouterr().out
    assert "11 rows read, 10 imported, 1 duplicates, 1 unanswered, 1 without customer id" in out
    assert "figures recomputed: 2025-12, 2026-01, 2026-02 (4 employee-months)" in out
    assert len(figures()) == 4
    [event] = AuditEvent.objects.filter(action="metrics.interactions_import")
    assert event.actor == hr_user and event.reason == "Q1" and event.after["duplicates"] == 1


def test_a_bad_file_prints_every_problem_exits_2_and_writes_nothing(agents, hr_user, small_csv, home, capsys):
    header, rows = read_rows(small_csv)
    rows[3][header.index("talk_seconds")] = "-4"
    rows[5][header.index("agent_id")] = "E404"
    bad = write_rows(small_csv.with_name("bad.csv"), header, rows)
    assert main(["import", "interactions", str(bad), "--as", "hr-cli"]) == 2
    err = capsys.readouterr().err
    assert "row 5, column talk_seconds: '-4'" in err
    assert "agent 'E404' matches no employee; rows in the file: 1" in err
    assert "--skip-unmatched" in err
    assert not MonthlyMetric.objects.exists() and store_snapshot(home) == {}
    assert not AuditEvent.objects.filter(action="metrics.interactions_import").exists()
