"""A first import into an empty store takes a shorter path (one id check, one guarded COPY, the figures) than
an import that merges with stored rows; both must store the same rows and give the same figures and report."""

from pathlib import Path
from unittest import mock

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.metrics.interactions import compute
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import figures, read_rows, write_rows
from tests.interactions.test_properties import (
    HEADER,
    PROPERTY,
    fresh_store,
    rows_with_repeats,
    unique_rows,
)

pytestmark = pytest.mark.django_db

REPORTED = (
    "rows_read",
    "imported",
    "duplicates",
    "unanswered",
    "no_customer_id",
    "months_touched",
    "months_recomputed",
    "metric_rows",
)


def stored_rows(home: Path) -> list[tuple]:
    files = sorted(str(p) for p in (home / "interactions").glob("month=*/*.parquet"))
    if not files:
        return []
    rows = duckdb.connect().execute(
        "SELECT *, filename FROM read_parquet(?, hive_partitioning = false) ORDER BY interaction_id", [files]
    )
    return [(*row[:-1], Path(row[-1]).parent.name) for row in rows.fetchall()]  # with its month folder


def import_once(actor, rows: list[list[str]], *, careful: bool) -> tuple[dict, dict, list, bool]:
    """Import `rows` into an empty store; with `careful`, the first-import path is switched off."""
    fast_used = []
    real = compute._stage_optimistic

    def spy(*args, **kwargs):
        staged = None if careful else real(*args, **kwargs)
        fast_used.append(staged is not None)
        return staged

    with fresh_store() as home, mock.patch.object(compute, "_stage_optimistic", spy):
        report = interactions_import(actor=actor, path=write_rows(home / "part.csv", HEADER, rows))
        return (
            figures(),
            {k: getattr(report, k) for k in REPORTED},
            stored_rows(home),
            fast_used == [True],
        )


@PROPERTY
@given(rows=st.one_of(unique_rows, rows_with_repeats), data=st.data())
def test_first_import_path_agrees_with_the_merging_path(agents, hr, rows, data):
    rows = data.draw(st.permutations(rows)) if data.draw(st.booleans()) else rows
    fast_figures, fast_report, fast_rows, fast_used = import_once(hr, rows, careful=False)
    figures_, report, stored, _ = import_once(hr, rows, careful=True)
    assert fast_figures == figures_
    assert fast_report == report
    assert fast_rows == stored
    # The short path runs exactly when no id repeats; a repeat sends the file down the merging path.
    assert fast_used == (len({r[0] for r in rows}) == len(rows))


def test_repeats_within_the_file_take_the_merging_path_and_count_as_duplicates(agents, hr, small_csv):
    header, rows = read_rows(small_csv)
    assert header == HEADER[:-1]  # the fixture has no abusive column
    rows = [[*r, ""] for r in rows]
    fast = import_once(hr, rows, careful=False)
    careful = import_once(hr, rows, careful=True)
    assert fast[:3] == careful[:3]
    assert fast[1]["duplicates"] == 1 and not fast[3]


@pytest.mark.parametrize("order", ["increasing", "shuffled"])
def test_ids_are_checked_in_file_order_or_by_counting(agents, hr, small_csv, order):
    header, rows = read_rows(small_csv)
    rows = [[*r, ""] for r in rows]
    unique = list({r[0]: r for r in rows}.values())  # the fixture repeats I3
    unique.sort(key=lambda r: r[0], reverse=order == "shuffled")
    assert len({r[0] for r in unique}) == len(unique)
    fast = import_once(hr, unique, careful=False)
    careful = import_once(hr, unique, careful=True)
    assert fast[3], "a file without repeated ids takes the short path"
    assert fast[:3] == careful[:3]


@pytest.mark.parametrize(
    ("ids", "increasing"),
    [
        (["A", "B", "C"], True),
        (["A", "C", "B"], False),
        (["A", "A"], False),
        (["A", None, "B"], False),
        ([], True),
    ],
)
def test_ids_in_file_order(ids, increasing):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER, id VARCHAR)")
    for row in enumerate(ids):
        con.execute("INSERT INTO t VALUES (?, ?)", row)
    con.execute("CREATE VIEW raw AS SELECT id FROM t ORDER BY n")
    assert compute._ids_increasing(con, "id") is increasing
    assert compute._ids_distinct(con, "id") is (len(set(ids)) == len(ids))


def test_an_unknown_agent_sends_a_clean_first_file_down_the_merging_path(agents, hr, small_csv):
    header, rows = read_rows(small_csv)
    rows = [[*r, ""] for r in rows]  # no abusive column in the fixture
    rows = rows[:-1]  # no repeated id
    rows[6][1] = "E999"  # I8
    with fresh_store() as home:
        report = interactions_import(
            actor=hr, path=write_rows(home / "f.csv", HEADER, rows), skip_unmatched=True
        )
        got, stored = figures(), stored_rows(home)
        leftovers = [p.name for p in (home / "interactions").iterdir() if p.name.startswith(".s")]
    assert report.unmatched == {"E999": 1} and report.imported == 9
    assert leftovers == []
    careful = import_once_kwargs(hr, rows, skip_unmatched=True)
    assert (got, stored) == careful[:2]


def import_once_kwargs(actor, rows, **kwargs) -> tuple[dict, list]:
    with fresh_store() as home, mock.patch.object(compute, "_stage_optimistic", lambda *a, **k: None):
        interactions_import(actor=actor, path=write_rows(home / "f.csv", HEADER, rows), **kwargs)
        return figures(), stored_rows(home)


@pytest.mark.parametrize("careful", [False, True])
def test_a_failure_while_computing_the_figures_leaves_nothing_behind(agents, hr, small_csv, careful):
    """Each month is its own run here; the second run's query fails."""
    real_sql = compute.monthly_metrics_sql
    calls = []

    def sql(*args, **kwargs):
        calls.append(args)
        text = real_sql(*args, **kwargs)
        return text + " no such clause" if len(calls) == 2 else text

    header, rows = read_rows(small_csv)
    rows = [[*r, ""] for r in rows]  # no abusive column in the fixture
    rows = rows[:-1] if not careful else rows  # the last row repeats an id: the merging path
    with (
        fresh_store() as home,
        mock.patch.object(compute, "CHUNK_ROWS", 1),
        mock.patch.object(compute, "monthly_metrics_sql", sql),
    ):
        with pytest.raises(duckdb.Error):
            interactions_import(actor=hr, path=write_rows(home / "f.csv", HEADER, rows))
        root = home / "interactions"
        assert [p.name for p in root.iterdir() if p.name.startswith(("month=", ".staging", ".backup"))] == []
        assert figures() == {}
    assert len(calls) == 2


def as_parquet(csv_path: Path) -> Path:
    out = csv_path.with_suffix(".parquet")
    duckdb.connect().execute(
        "COPY (SELECT * FROM read_csv(?, header = true, timestampformat = '%Y-%m-%d %H:%M:%S')) TO "
        f"'{out}' (FORMAT parquet)",
        [str(csv_path)],
    )
    return out


@pytest.mark.parametrize("repeat", [False, True])
def test_a_parquet_first_import_checks_ids_beside_the_copy(agents, hr, small_csv, repeat):
    header, rows = read_rows(small_csv)
    rows = [[*r, ""] for r in rows]  # no abusive column in the fixture
    rows = rows if repeat else rows[:-1]  # the fixture's last row repeats I1
    results = []
    real = compute._stage_optimistic
    for careful in (False, True):
        used = []

        def spy(*args, careful=careful, used=used, **kwargs):
            staged = None if careful else real(*args, **kwargs)
            used.append(staged is not None)
            return staged

        with fresh_store() as home, mock.patch.object(compute, "_stage_optimistic", spy):
            path = as_parquet(write_rows(home / "f.csv", HEADER, rows))
            report = interactions_import(actor=hr, path=path)
            leftovers = [p.name for p in (home / "interactions").iterdir() if p.name.startswith(".s")]
            results.append(
                (figures(), {k: getattr(report, k) for k in REPORTED}, stored_rows(home), leftovers)
            )
        assert used == [not careful and not repeat]
    assert results[0] == results[1]
    assert results[0][1]["duplicates"] == (1 if repeat else 0)
    assert results[0][3] == []
