"""Files naming tens of thousands of employees end with a clear rejection, never "too many SQL variables"."""

from __future__ import annotations

import time

import pytest

from serviceladder.cli.main import main
from serviceladder.org.models import PayRecord
from tests.factories import EmployeeFactory, user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db

UNKNOWN = 40_000


@pytest.fixture(autouse=True)
def stock_sqlite_limit(db):
    """SQLite's own default of 32,766 parameters per statement (Debian builds it with 250,000)."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)


@pytest.fixture
def hr(db):
    from serviceladder.accounts.roles import Role

    return user_with_roles("hr", Role.HR, employee=EmployeeFactory(number="H1"))


@pytest.mark.parametrize(
    ("kind", "header", "row"),
    [
        ("pay", ["工号", "月薪", "生效日期"], ["10000", "2025-01-01"]),
        ("exams", ["工号", "考试日期", "考试名称", "分数"], ["2025-01-01", "产品知识", "90"]),
        ("metrics", ["工号", "月份", "质检分"], ["2025-05", "90"]),
    ],
)
def test_forty_thousand_unknown_employees_exit_2(hr, tmp_path, capsys, kind, header, row):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(csv_bytes([header, *([f"X{i:06d}", *row] for i in range(UNKNOWN))]))
    started = time.monotonic()
    assert main(["import", kind, str(path), "--as", "hr"]) == 2
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert "Traceback" not in err and "SQL variables" not in err
    assert f"{UNKNOWN:,}" in err or str(UNKNOWN) in err  # the total is named
    assert err.count("X0") <= 250  # a capped list, not 40,000 lines
    assert not PayRecord.objects.exists()
    assert elapsed < 60
