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


def _by_month(small_csv, tmp_path):
    header, rows = read_rows(small_csv)
    at = header.index("started_at")
    january = write_rows(tmp_path / "jan.csv", header, [r for r in rows if r[at] < "2026-02"])
    february = write_rows(tmp_path / "feb.csv", header, [r for r in rows if r[at] >= "2026-02"])
    return january, february


def _store_is_free(home) -> bool:
    import fcntl

    with (home / "interactions" / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def test_the_next_month_staged_before_django_gives_the_figures_of_one_import(
    agents, hr_user, small_csv, small_expected, home, tmp_path, capsys
):
    # The command line stages the file on a thread while Django starts (metrics/interactions/prefetch.py).
    from tests.interactions.conftest import assert_figures_equal

    january, february = _by_month(small_csv, tmp_path)
    assert main(["import", "interactions", str(january), "--as", "hr-cli"]) == 0
    assert main(["import", "interactions", str(february), "--as", "hr-cli"]) == 0
    assert "figures recomputed: 2026-01, 2026-02" in capsys.readouterr().out
    assert_figures_equal(figures(), small_expected)
    assert _store_is_free(home)
    assert not list((home / "interactions").glob(".staging*"))


def test_a_refused_import_throws_the_early_staging_away_and_frees_the_store(
    agents, hr_user, small_csv, home, tmp_path, capsys
):
    user_with_roles("agent-cli", "agent")
    january, february = _by_month(small_csv, tmp_path)
    assert main(["import", "interactions", str(january), "--as", "hr-cli"]) == 0
    before, figures_before = store_snapshot(home), figures()
    assert main(["import", "interactions", str(february), "--as", "agent-cli"]) == 2
    assert "serviceladder: " in capsys.readouterr().err
    assert store_snapshot(home) == before and figures() == figures_before
    assert not list((home / "interactions").glob(".staging*"))
    assert _store_is_free(home)
    assert main(["import", "interactions", str(february), "--as", "hr-cli"]) == 0
