"""A Parquet export's own column statistics may prove value checks unnecessary; anything they do not rule
out is still checked and reported with its row, column and value."""

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import mapping_load
from serviceladder.metrics.interactions.reader import parquet_stats, source_open
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import assert_figures_equal, figures, read_rows, store_snapshot, write_rows

pytestmark = pytest.mark.django_db

TYPED = """
SELECT interaction_id, agent_id, customer_id, channel, started_at::TIMESTAMP AS started_at,
  answered::BOOLEAN AS answered, talk_seconds::INTEGER AS talk_seconds, hold_seconds::INTEGER AS hold_seconds,
  after_call_work_seconds::INTEGER AS after_call_work_seconds,
  first_response_seconds::INTEGER AS first_response_seconds, resolved::BOOLEAN AS resolved,
  csat::INTEGER AS csat, complaint::BOOLEAN AS complaint
FROM read_csv(?, header = true, all_varchar = true)
"""


def typed_parquet(
    tmp_path: Path, rows: list[list[str]], header: list[str], *, statistics: bool = True
) -> Path:
    """The rows as a typed Parquet export (empty cells are NULL unless they are text)."""
    csv = write_rows(tmp_path / "rows.csv", header, rows)
    out = tmp_path / "export.parquet"
    table = duckdb.connect().sql(TYPED.replace("?", f"'{csv}'")).to_arrow_table()
    pq.write_table(table, out, write_statistics=statistics)
    return out


def clean_rows(small_csv: Path) -> tuple[list[str], list[list[str]]]:
    header, rows = read_rows(small_csv)
    return header, rows[:-1]  # the last row repeats I1 exactly


def test_a_clean_export_needs_no_value_checks_and_gives_the_hand_computed_figures(
    agents, hr, small_csv, small_expected, tmp_path
):
    header, rows = clean_rows(small_csv)
    path = typed_parquet(tmp_path, rows, header)
    con = duckdb.connect()
    stats = parquet_stats(con, path)
    assert (stats["talk_seconds"].low, stats["csat"].low, stats["csat"].high) == (50, 1, 5)
    assert stats["interaction_id"].no_nulls and stats["interaction_id"].no_empty_text
    assert not stats["customer_id"].no_nulls  # I5 has none
    source = source_open(con, path, mapping_load(None))
    assert source.checks == []
    assert "CASE" not in source.select and "nullif" not in source.select.replace('nullif("customer_id"', "")
    interactions_import(actor=hr, path=path)
    assert_figures_equal(figures(), small_expected)


@pytest.mark.parametrize(
    ("row", "column", "value", "reported"),
    [
        (2, "talk_seconds", "-5", "-5"),
        (0, "csat", "9", "9"),
        (3, "hold_seconds", "-1", "-1"),
        (1, "interaction_id", "", ""),
        (4, "agent_id", "", ""),
    ],
)
def test_what_the_statistics_do_not_rule_out_is_still_checked(
    agents, hr, small_csv, tmp_path, home, row, column, value, reported
):
    header, rows = clean_rows(small_csv)
    rows[row][header.index(column)] = value
    path = typed_parquet(tmp_path, rows, header)
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path)
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(row + 1, column, reported)]
    assert store_snapshot(home) == {}
    assert figures() == {}


def test_a_file_without_statistics_is_checked_value_by_value(agents, hr, small_csv, tmp_path, home):
    header, rows = clean_rows(small_csv)
    rows[2][header.index("talk_seconds")] = "-5"
    path = typed_parquet(tmp_path, rows, header, statistics=False)
    assert all(not s.no_nulls and s.low is None for s in parquet_stats(duckdb.connect(), path).values())
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path)
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(3, "talk_seconds", "-5")]
    assert store_snapshot(home) == {}
