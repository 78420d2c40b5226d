"""The month rule (metrics/months.py) has two forms, Python for the KPI sheets and SQL for the interaction
records: they must agree on every month, hire date, leave date and today."""

import datetime as dt

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from serviceladder.metrics.months import AFTER, BEFORE, FUTURE, month_problem, month_problem_sql

days = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2045, 12, 31))
months = days.map(lambda d: f"{d.year:04d}-{d.month:02d}")


@settings(max_examples=300, deadline=None)
@given(month=months, today=days, hired=st.none() | days, left=st.none() | days)
def test_the_sql_rule_agrees_with_the_python_rule(month, today, hired, left):
    sql = month_problem_sql("m", "h", "l", today=today)
    hire_month = hired and f"{hired:%Y-%m}"
    leave_month = left and f"{left:%Y-%m}"
    [(found,)] = (
        duckdb.connect()
        .execute(
            f"SELECT {sql} FROM (SELECT ?::VARCHAR AS m, ?::VARCHAR AS h, ?::VARCHAR AS l)",
            [month, hire_month, leave_month],
        )
        .fetchall()
    )
    assert found == month_problem(month, today=today, hired=hired, left=left)


def test_the_rule_on_its_edges():
    today = dt.date(2026, 12, 7)
    hired, left = dt.date(2023, 3, 31), dt.date(2026, 2, 1)
    assert month_problem("2026-12", today=today) is None  # the month has begun
    assert month_problem("2027-01", today=today) == FUTURE
    assert month_problem("2031-01", today=today, hired=hired, left=left) == FUTURE
    assert month_problem("2023-03", today=today, hired=hired) is None  # the hire month counts
    assert month_problem("2023-02", today=today, hired=hired) == BEFORE
    assert month_problem("1970-01", today=today, hired=hired) == BEFORE
    assert month_problem("2026-02", today=today, hired=hired, left=left) is None  # the leave month counts
    assert month_problem("2026-03", today=today, hired=hired, left=left) == AFTER
