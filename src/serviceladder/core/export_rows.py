"""Records (dicts keyed by column code) as the rows of a CSV or XLSX sheet, and as JSON bytes: shared by the
apps' exports so every file writes a flag and a date the same way."""

from __future__ import annotations

import json


def cell(value):
    """A CSV/XLSX cell: yes/no for a flag, the rest as it is (dates stay dates, None empty)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def records_table(columns, records) -> list[list]:
    """One row per record, its values in the order of `columns`."""
    return [[cell(r[c]) for c in columns] for r in records]


def json_bytes(payload) -> bytes:
    """Readable UTF-8 JSON (Chinese as it is), dates as ISO text, ending in a newline."""
    return (json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")
