"""Look-ups over lists a user supplies (the employee numbers of an uploaded file) in batches.

SQLite refuses a statement with more than 32,766 parameters ("too many SQL variables"), so a pay file with
40,000 distinct employee numbers cannot be checked with one `number__in=` query; PostgreSQL accepts more but
plans a huge IN list slowly. Every `__in=` over such a list goes through `filter_in`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet

SQLITE_BATCH = 900  # under SQLite's old limit of 999 parameters, leaving room for the query's own
OTHER_BATCH = 10_000


def batch_size() -> int:
    return SQLITE_BATCH if connection.vendor == "sqlite" else OTHER_BATCH


def chunked(values: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    """The distinct values in lists of at most `size` (the database's batch size by default)."""
    size = size or batch_size()
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def filter_in(queryset: QuerySet, field: str, values: Iterable[Any]) -> list[Model]:
    """`list(queryset.filter(**{field + "__in": values}))`, one query per batch of values."""
    found: list[Model] = []
    for batch in chunked(values):
        found.extend(queryset.filter(**{f"{field}__in": batch}))
    return found
