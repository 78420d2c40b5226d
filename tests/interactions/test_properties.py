"""Reordering rows, or splitting a file into two imports at any row, changes no figure; and the figures are
those of the reference query in issue 4 over the deduplicated rows."""

import datetime as dt
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviceladder.metrics.interactions.definitions import METRIC_COLUMNS
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import assert_figures_equal, figures, write_rows

pytestmark = pytest.mark.django_db

HEADER = [
    "interaction_id",
    "agent_id",
    "customer_id",
    "channel",
    "started_at",
    "answered",
    "talk_seconds",
    "hold_seconds",
    "after_call_work_seconds",
    "first_response_seconds",
    "resolved",
    "csat",
    "complaint",
    "abusive",
]
REFERENCE = """
with x as (
  select *, case when customer_id is null then null else
    lead(started_at) over (partition by customer_id order by started_at, interaction_id) end as next_contact
  from rows where answered)
select agent_id, strftime(started_at, '%Y-%m') as month, count(*) as contacts,
  avg(talk_seconds + hold_seconds + after_call_work_seconds) as aht_seconds,
  avg(csat) as csat_mean, count(csat) as csat_rated,
  avg(case when csat >= 4 then 1.0 when csat is not null then 0.0 end) as csat_top2_share,
  avg(case when resolved and (next_contact is null or next_contact > started_at + interval 7 day)
      then 1.0 else 0.0 end) as fcr_rate,
  avg(resolved::int) as resolution_rate, avg(complaint::int) as complaint_rate,
  avg(first_response_seconds) as first_response_seconds_mean,
  avg(case when first_response_seconds is null then null when first_response_seconds <= 60 then 1.0
      else 0.0 end) as on_time_response_rate,
  avg(after_call_work_seconds) as acw_seconds, avg(abusive::int) as abusive_rate
from x group by all
"""
BASE = dt.datetime(2026, 1, 24, 9, 0)


@st.composite
def interaction(draw, ids):
    answered = draw(st.booleans()) or draw(st.booleans())
    started = BASE + dt.timedelta(
        days=draw(st.integers(0, 16)), minutes=draw(st.sampled_from([0, 0, 1, 600]))
    )

    def maybe(value):
        return "" if not answered else value

    return [
        draw(ids),
        draw(st.sampled_from(["E001", "E002"])),
        draw(st.sampled_from(["", "C1", "C2", "C3"])),
        "phone",
        started.strftime("%Y-%m-%d %H:%M:%S"),
        "true" if answered else "false",
        maybe(str(draw(st.integers(0, 600)))),
        maybe(str(draw(st.integers(0, 60)))),
        maybe(str(draw(st.integers(0, 120)))),
        maybe(draw(st.sampled_from(["", "30", "60", "61", "200"]))),
        maybe(draw(st.sampled_from(["true", "false"]))),
        maybe(draw(st.sampled_from(["", "1", "3", "4", "5"]))),
        maybe(draw(st.sampled_from(["true", "false"]))),
        maybe(draw(st.sampled_from(["", "true", "false", "false"]))),
    ]


unique_rows = st.lists(interaction(st.just("")), min_size=1, max_size=20).map(
    lambda rows: [[f"I{i:03d}", *r[1:]] for i, r in enumerate(rows)]
)
rows_with_repeats = st.lists(
    interaction(st.sampled_from([f"I{i}" for i in range(12)])), min_size=1, max_size=20
)


@contextmanager
def fresh_store():
    old = os.environ.get("SERVICELADDER_HOME")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SERVICELADDER_HOME"] = tmp
        MonthlyMetric.objects.all().delete()
        try:
            yield Path(tmp)
        finally:
            os.environ["SERVICELADDER_HOME"] = old or ""


def import_files(actor, parts: list[list[list[str]]]) -> dict:
    with fresh_store() as tmp:
        for i, rows in enumerate(parts):
            if rows:
                interactions_import(actor=actor, path=write_rows(tmp / f"part{i}.csv", HEADER, rows))
        return figures()


def reference(rows: list[list[str]]) -> dict:
    latest = {r[0]: r for r in rows}  # the last row with an id wins
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE rows (interaction_id VARCHAR, agent_id VARCHAR, customer_id VARCHAR, channel VARCHAR, "
        "started_at TIMESTAMP, answered BOOLEAN, talk_seconds DOUBLE, hold_seconds DOUBLE, "
        "after_call_work_seconds DOUBLE, first_response_seconds DOUBLE, resolved BOOLEAN, csat DOUBLE, "
        "complaint BOOLEAN, abusive BOOLEAN)"
    )
    con.executemany(
        "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[v if v != "" else None for v in r] for r in latest.values()],
    )
    out = {}
    for agent, month, *values in con.execute(REFERENCE).fetchall():
        out[(agent, month)] = dict(zip([c for c in METRIC_COLUMNS if c != "unanswered"], values, strict=True))
    return out


def handled_figures(got: dict) -> dict:
    return {
        key: {k: v for k, v in fig.items() if k != "unanswered"}
        for key, fig in got.items()
        if fig["contacts"]
    }


PROPERTY = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(rows=unique_rows, data=st.data())
def test_reordering_rows_changes_no_figure(agents, hr, rows, data):
    shuffled = data.draw(st.permutations(rows))
    once = import_files(hr, [rows])
    assert_figures_equal(import_files(hr, [shuffled]), once, tol=1e-9)
    assert_figures_equal(handled_figures(once), reference(rows), tol=1e-9)


@PROPERTY
@given(rows=rows_with_repeats, data=st.data())
def test_splitting_a_file_into_two_imports_changes_no_figure(agents, hr, rows, data):
    cut = data.draw(st.integers(0, len(rows)))
    once = import_files(hr, [rows])
    assert_figures_equal(import_files(hr, [rows[:cut], rows[cut:]]), once, tol=1e-9)
    assert_figures_equal(handled_figures(once), reference(rows), tol=1e-9)
