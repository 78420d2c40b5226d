"""Recording when a token was last used: best effort, never a reason for a request to fail or wait.

Once per LAST_USED_RESOLUTION at most, in its own short statement that only writes when the stored time is
older (so simultaneous requests do not all write). If the row or the database is busy — a revoke holding the
row on PostgreSQL, a long import holding SQLite's write lock — the write is skipped at once with a log line:
PostgreSQL gets a lock_timeout of a few milliseconds, SQLite a busy timeout of zero for this statement.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)

# Writing last_used_at on every request would turn each read into a write; once in a while is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
PG_LOCK_TIMEOUT = "50ms"


@contextmanager
def _sqlite_no_wait():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {previous}")


def _write(token, at: dt.datetime) -> int:
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=at - LAST_USED_RESOLUTION)
    return type(token).objects.filter(stale, pk=token.pk).update(last_used_at=at)


def _write_without_waiting(token, at: dt.datetime) -> None:
    if connection.vendor == "sqlite":
        # Autocommit: the UPDATE is its own implicit transaction, which fails at once if another connection
        # holds the write lock. (Inside a caller's transaction the lock is already ours.)
        with _sqlite_no_wait():
            _write(token, at)
    elif connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{PG_LOCK_TIMEOUT}'")
            _write(token, at)
            if nested:  # a released savepoint would leave the short timeout to the caller's transaction
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
    else:
        with transaction.atomic():
            _write(token, at)


def last_used_touch(token, at: dt.datetime | None = None) -> None:
    """Record that `token` was used now, if its stored time is older than the resolution; never raises."""
    at = at or timezone.now()
    if token.last_used_at is not None and at - token.last_used_at < LAST_USED_RESOLUTION:
        return
    try:
        _write_without_waiting(token, at)
    except DatabaseError as exc:
        log.warning("API token %s: last-used time not recorded (%s)", token.prefix, exc)
    else:
        token.last_used_at = at
