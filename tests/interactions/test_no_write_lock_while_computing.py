"""Issue 11 item 13: while an import computes its figures no database transaction is open, so another
connection can write the very rows the import is about to replace (SQLite: the whole database)."""

import sqlite3
import time

import pytest
from django.db import connection

from serviceladder.metrics.interactions import compute
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import, rankings_compute
from tests.interactions.conftest import assert_figures_equal, figures

pytestmark = pytest.mark.django_db(transaction=True)


def _write_from_another_connection() -> None:
    """Touch every stored figure row from a second connection; raise if a write lock is held."""
    settings = connection.settings_dict
    table = MonthlyMetric._meta.db_table
    if connection.vendor == "sqlite":
        other = sqlite3.connect(settings["NAME"], uri=True, timeout=1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute(f"UPDATE {table} SET peer_group = peer_group")  # noqa: S608
            other.execute("COMMIT")
        finally:
            other.close()
        return
    import psycopg

    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
    ) as other:
        other.execute("SET lock_timeout = '1s'")
        other.execute(f"UPDATE {table} SET peer_group = peer_group")  # noqa: S608


def test_another_connection_writes_while_the_figures_are_computed(agents, hr, small_csv, monkeypatch):
    interactions_import(actor=hr, path=small_csv)  # the rows a re-import replaces exist
    expected = figures()
    seen = []
    real = compute.monthly_metrics_compute

    def computing(*args, **kwargs):
        out = real(*args, **kwargs)
        time.sleep(0.5)  # the importing thread has had time to write what it was handed
        try:
            _write_from_another_connection()
            seen.append("written")
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            seen.append(f"blocked: {exc}")
        return out

    monkeypatch.setattr(compute, "monthly_metrics_compute", computing)
    interactions_import(actor=hr, path=small_csv)
    assert seen == ["written"]
    assert_figures_equal(figures(), expected)


def test_no_transaction_is_open_while_an_import_or_ranking_computes(agents, hr, small_csv, monkeypatch):
    from serviceladder.metrics import services

    states = []
    real = services.rankings_plan

    def planning(*args, **kwargs):
        states.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "rankings_plan", planning)
    interactions_import(actor=hr, path=small_csv)
    rankings_compute(actor=hr)
    assert states == [False, False]
