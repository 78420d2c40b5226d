"""A store written before `abusive` existed keeps working: its partitions read the flag as empty (so those
months have no abusive-contact rate, never 0) and are not rewritten for it; a month imported again is
written with the column."""

from pathlib import Path

import duckdb
import pytest

from serviceladder.metrics.interactions.store import files_lacking, partition_files, store_read, stored_months
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import write_rows
from tests.metrics.test_acw_abusive_import import HEADER, approx, row, stored

pytestmark = pytest.mark.django_db

# The columns of a partition as the product wrote it before `abusive` (with the queue column, and the
# marker that says every partition has it).
OLD_COLUMNS = [c for c in HEADER if c != "abusive"] + ["queue"]


def old_store(home: Path) -> Path:
    """January 2026 as the earlier product stored it: E001 with after-call work 40 and 20."""
    root = home / "interactions"
    part = root / "month=2026-01"
    part.mkdir(parents=True)
    rows = [
        row("O1", "E001", "2026-01-10 09:00:00", acw="40"),
        row("O2", "E001", "2026-01-11 09:00:00", acw="20"),
    ]
    csv = write_rows(home / "old.csv", HEADER, rows)
    typed = (
        "interaction_id, agent_id, nullif(customer_id, '') AS customer_id, channel, "
        "started_at::TIMESTAMP AS started_at, answered::BOOLEAN AS answered, "
        "talk_seconds::DOUBLE AS talk_seconds, hold_seconds::DOUBLE AS hold_seconds, "
        "after_call_work_seconds::DOUBLE AS after_call_work_seconds, "
        "first_response_seconds::DOUBLE AS first_response_seconds, resolved::BOOLEAN AS resolved, "
        "nullif(csat, '')::DOUBLE AS csat, complaint::BOOLEAN AS complaint, NULL::VARCHAR AS queue"
    )
    duckdb.connect().execute(
        f"COPY (SELECT {typed} FROM read_csv('{csv}', header = true, all_varchar = true)) "
        f"TO '{part / 'data_0.parquet'}' (FORMAT parquet, PARQUET_VERSION V2)"
    )
    csv.unlink()
    (root / ".queue-column").touch()
    return part / "data_0.parquet"


def test_the_old_file_really_lacks_the_column(home):
    old = old_store(home)
    con = duckdb.connect()
    assert files_lacking(con, [str(old)]) == {str(old): ("abusive",)}
    names = [d[0] for d in con.execute(f"DESCRIBE SELECT * FROM {store_read([str(old)], {})}").fetchall()]
    assert "abusive" not in names and names[: len(OLD_COLUMNS)] == OLD_COLUMNS
    read = store_read([str(old)], files_lacking(con, [str(old)]))
    assert con.execute(f"SELECT count(*), count(abusive) FROM {read}").fetchone() == (2, 0)


def test_a_new_month_beside_an_old_one_recomputes_it_without_rewriting_it(agents, hr, home, tmp_path):
    old = old_store(home)
    before = (old.read_bytes(), old.stat().st_mtime_ns)
    feb = [row("F1", "E001", "2026-02-02 09:00:00", acw="50", abusive="true"),
           row("F2", "E001", "2026-02-03 09:00:00", acw="10", abusive="false")]  # fmt: skip
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "feb.csv", HEADER, feb))
    assert report.months_recomputed == ["2026-01", "2026-02"]
    approx(stored(), {("E001", "2026-01"): (2, 30.0, None), ("E001", "2026-02"): (2, 30.0, 0.5)})
    assert (old.read_bytes(), old.stat().st_mtime_ns) == before
    assert stored_months(home / "interactions") == ["2026-01", "2026-02"]


def test_importing_into_an_old_month_rewrites_it_with_the_column(agents, hr, home, tmp_path):
    old_store(home)
    more = [row("J3", "E001", "2026-01-20 09:00:00", acw="60", abusive="true")]
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "jan.csv", HEADER, more))
    assert report.imported == 1 and report.months_touched == ["2026-01"]
    # The two earlier contacts have no flag: the rate is that of the one contact whose flag is known.
    approx(stored(), {("E001", "2026-01"): (3, 40.0, 1.0)})
    root = home / "interactions"
    files = partition_files(root, ["2026-01"])
    assert files_lacking(duckdb.connect(), files) == {}
    flags = (
        duckdb.connect()
        .execute(f"SELECT interaction_id, abusive FROM read_parquet({files}) ORDER BY 1")
        .fetchall()
    )
    assert flags == [("J3", True), ("O1", None), ("O2", None)]


def test_a_partial_update_of_the_flag_in_an_old_month(agents, hr, home, tmp_path):
    old_store(home)
    flags = write_rows(tmp_path / "flags.csv", ["interaction_id", "abusive"], [["O1", "是"], ["O2", "否"]])
    interactions_import(actor=hr, path=flags, columns="abusive")
    approx(stored(), {("E001", "2026-01"): (2, 30.0, 0.5)})


def test_the_old_store_is_recomputed_as_it_was_when_nothing_new_has_the_flag(agents, hr, home, tmp_path):
    """An export still without the column, into a store without it: the same figures as before the change."""
    old_store(home)
    feb = [row("F1", "E002", "2026-02-02 09:00:00", acw="50")]
    interactions_import(actor=hr, path=write_rows(tmp_path / "feb.csv", HEADER[:-1], [r[:-1] for r in feb]))
    approx(stored(), {("E001", "2026-01"): (2, 30.0, None), ("E002", "2026-02"): (1, 50.0, None)})
    assert MonthlyMetric.objects.get(employee__number="E001").params["definitions_version"] == 3
