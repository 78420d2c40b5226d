"""Issue 12, the monthly update is incremental: importing the months of a file one at a time, in any order,
stores the figures of one import; the month before a new one is re-judged only near its end, from the
figures kept with it, and only while they match its rows and the metric parameters."""

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.metrics.interactions import carry, compute
from serviceladder.metrics.interactions.definitions import MetricParams
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import assert_figures_equal, figures, write_rows
from tests.interactions.test_properties import HEADER, fresh_store, handled_figures, reference

pytestmark = pytest.mark.django_db

# Contacts from late January to early April: every month boundary has contacts on both sides, and two
# customers make repeat contacts across them likely.
BASE = dt.datetime(2026, 1, 20, 9, 0)


@st.composite
def contact(draw):
    answered = draw(st.booleans()) or draw(st.booleans())
    started = BASE + dt.timedelta(
        # Mostly within a week of 1 February or 1 March, where the FCR window crosses into the next month.
        days=draw(st.one_of(st.integers(5, 18), st.integers(33, 46), st.integers(0, 75))),
        minutes=draw(st.sampled_from([0, 0, 1, 600])),
    )

    def maybe(value):
        return "" if not answered else value

    return [
        "",
        draw(st.sampled_from(["E001", "E002"])),
        draw(st.sampled_from(["", "C1", "C2", "C2"])),
        "phone",
        started.strftime("%Y-%m-%d %H:%M:%S"),
        "true" if answered else "false",
        maybe(str(draw(st.integers(0, 600)))),
        maybe(str(draw(st.integers(0, 60)))),
        maybe(str(draw(st.integers(0, 120)))),
        maybe(draw(st.sampled_from(["", "30", "60", "61", "200"]))),
        maybe(draw(st.sampled_from(["true", "false", ""]))),
        maybe(draw(st.sampled_from(["", "1", "3", "4", "5"]))),
        maybe(draw(st.sampled_from(["true", "false"]))),
        maybe(draw(st.sampled_from(["", "true", "false"]))),
    ]


contacts = st.lists(contact(), min_size=1, max_size=30).map(
    lambda rows: [[f"I{i:03d}", *r[1:]] for i, r in enumerate(rows)]
)


def by_month(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for row in rows:
        out.setdefault(row[4][:7], []).append(row)
    return out


def import_parts(actor, parts: list[list[list[str]]], params: MetricParams) -> dict:
    with fresh_store() as tmp:
        for i, rows in enumerate(parts):
            interactions_import(
                actor=actor, path=write_rows(tmp / f"part{i}.csv", HEADER, rows), params=params
            )
        return figures()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=contacts, window=st.sampled_from([7, 7, 1, 3, 35]), data=st.data())
def test_importing_the_months_one_at_a_time_in_any_order_gives_the_figures_of_one_import(
    agents, hr, rows, window, data
):
    params = MetricParams(fcr_window_days=window)
    months = by_month(rows)
    order = data.draw(st.permutations(sorted(months)))
    once = import_parts(hr, [rows], params)
    assert_figures_equal(import_parts(hr, [months[m] for m in order], params), once, tol=1e-9)
    if window == 7 and all(r[10] for r in rows if r[5] == "true"):  # the reference has no unknown `resolved`
        assert_figures_equal(handled_figures(once), reference(rows), tol=1e-9)


def _row(i: int, customer: str, at: str, resolved: str = "true") -> list[str]:
    return [
        f"I{i:03d}",
        "E001",
        customer,
        "phone",
        at,
        "true",
        "100",
        "0",
        "10",
        "30",
        resolved,
        "5",
        "false",
        "false",
    ]


JANUARY = [
    _row(1, "C1", "2026-01-05 10:00:00"),
    _row(2, "C2", "2026-01-28 10:00:00"),  # near the end: a repeat on 1 February makes it not FCR
    _row(3, "C3", "2026-01-29 10:00:00"),
]
FEBRUARY = [_row(4, "C2", "2026-02-01 09:00:00"), _row(5, "C9", "2026-02-10 09:00:00")]


@pytest.fixture
def spied(monkeypatch):
    """The months each import computes in full and those it re-judges near their end only."""
    calls: dict[str, list[str]] = {"full": [], "near_end": []}
    summaries_write, near_end_run = carry.summaries_write, carry.near_end_run

    def full(con, staged, months, params):
        calls["full"] += months
        summaries_write(con, staged, months, params)

    def near_end(con, staged, month, summary, params):
        calls["near_end"].append(month)
        near_end_run(con, staged, month, summary, params)

    monkeypatch.setattr(compute.carry, "summaries_write", full)
    monkeypatch.setattr(compute.carry, "near_end_run", near_end)
    return calls


def _summaries(home: Path, month: str) -> list[Path]:
    return sorted((home / "interactions" / f"month={month}").glob("_figures-*.pq"))


def test_a_new_month_re_judges_only_the_end_of_the_month_before(agents, hr, spied):
    with fresh_store() as tmp:
        interactions_import(actor=hr, path=write_rows(tmp / "jan.csv", HEADER, JANUARY))
        assert "2026-01" in spied["full"] and spied["near_end"] == []
        assert len(_summaries(tmp, "2026-01")) == 1
        spied["full"].clear()
        report = interactions_import(actor=hr, path=write_rows(tmp / "feb.csv", HEADER, FEBRUARY))
        assert report.months_recomputed == ["2026-01", "2026-02"]
        assert spied == {"full": ["2026-02"], "near_end": ["2026-01"]}
        got = figures()
    # Of January's three resolved contacts, C2's is followed by a repeat 4 days later.
    assert got[("E001", "2026-01")]["fcr_rate"] == pytest.approx(2 / 3, abs=1e-12)
    assert got[("E001", "2026-01")]["contacts"] == 3
    assert got[("E001", "2026-02")]["fcr_rate"] == 1.0


def test_figures_kept_with_other_parameters_are_not_reused(agents, hr, spied):
    with fresh_store() as tmp:
        interactions_import(actor=hr, path=write_rows(tmp / "jan.csv", HEADER, JANUARY))
        spied["full"].clear()
        # A 10-day window: C1 (5 January) is not repeated, C2 (28 January) is, by 1 February.
        wide = MetricParams(fcr_window_days=10)
        interactions_import(actor=hr, path=write_rows(tmp / "feb.csv", HEADER, FEBRUARY), params=wide)
        assert "2026-01" in spied["full"] and spied["near_end"] == []
        assert len(_summaries(tmp, "2026-01")) == 1  # the 7-day summary replaced by the 10-day one
        got = figures()
    assert got == import_parts(hr, [JANUARY + FEBRUARY], wide)


def test_figures_kept_with_a_month_whose_rows_changed_are_not_reused(agents, hr, spied):
    with fresh_store() as tmp:
        interactions_import(actor=hr, path=write_rows(tmp / "jan.csv", HEADER, JANUARY))
        [kept] = _summaries(tmp, "2026-01")
        # January's partition rewritten outside an import (say, restored from another copy): I002 is no
        # longer resolved, and the figures kept with the old rows must not be used.
        [data] = (tmp / "interactions" / "month=2026-01").glob("*.parquet")
        other = data.with_name("rewritten.tmp")
        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT * REPLACE (CASE WHEN interaction_id = 'I002' THEN false ELSE resolved END AS "
            f"resolved) FROM read_parquet('{data}')) TO '{other}' (FORMAT parquet)"
        )
        con.close()
        os.replace(other, data)
        spied["full"].clear()
        interactions_import(actor=hr, path=write_rows(tmp / "feb.csv", HEADER, FEBRUARY))
        assert "2026-01" in spied["full"] and spied["near_end"] == []
        assert not kept.exists() and len(_summaries(tmp, "2026-01")) == 1
        got = figures()
    changed = [*JANUARY[:1], _row(2, "C2", "2026-01-28 10:00:00", resolved="false"), *JANUARY[2:]]
    assert got == import_parts(hr, [changed + FEBRUARY], MetricParams())


def test_stored_ids_are_looked_for_in_the_file_months_and_the_month_on_either_side(agents, hr):
    with fresh_store() as tmp:
        interactions_import(actor=hr, path=write_rows(tmp / "jan.csv", HEADER, JANUARY))
        # I002's start corrected into February: found in January and moved.
        moved = [_row(2, "C2", "2026-02-02 10:00:00")]
        report = interactions_import(actor=hr, path=write_rows(tmp / "moved.csv", HEADER, moved))
        assert report.duplicates == 1 and report.id_conflicts == 1
        assert report.months_touched == ["2026-01", "2026-02"]
        # I003 again in April: January is not searched, so it is another contact.
        far = [_row(3, "C3", "2026-04-02 10:00:00")]
        report = interactions_import(actor=hr, path=write_rows(tmp / "far.csv", HEADER, far))
        assert report.duplicates == 0 and report.months_touched == ["2026-04"]
        got = figures()
    assert got[("E001", "2026-01")]["contacts"] == 2
    assert got[("E001", "2026-02")]["contacts"] == 1
    assert got[("E001", "2026-04")]["contacts"] == 1
