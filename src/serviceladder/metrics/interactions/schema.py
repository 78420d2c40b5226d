"""The canonical interaction schema (DESIGN.md "Canonical interaction schema").

One row per contact. Timestamps are naive local times in the company's time zone. Every other export comes in
through a mapping file (see mapping.py) that produces exactly these columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | timestamp | boolean | duration | score
    duckdb_type: str
    required: bool = False
    # False for a column the canonical export does not carry (a mapping may read it from another export).
    canonical_file: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("interaction_id", "text", "VARCHAR", required=True),
    Column("agent_id", "text", "VARCHAR", required=True),
    Column("customer_id", "text", "VARCHAR"),
    Column("channel", "text", "VARCHAR"),
    Column("started_at", "timestamp", "TIMESTAMP", required=True),
    Column("answered", "boolean", "BOOLEAN", required=True),
    Column("talk_seconds", "duration", "DOUBLE"),
    Column("hold_seconds", "duration", "DOUBLE"),
    Column("after_call_work_seconds", "duration", "DOUBLE"),
    Column("first_response_seconds", "duration", "DOUBLE"),
    Column("resolved", "boolean", "BOOLEAN"),
    Column("csat", "score", "DOUBLE"),
    Column("complaint", "boolean", "BOOLEAN"),
    # The export flagged the customer as abusive on this contact (the exposure signal's abusive-contact rate).
    # Optional in the canonical file too: an export without the column gives no rate, never 0.
    Column("abusive", "boolean", "BOOLEAN"),
    # The queue a contact was offered to (queue figures fall back to the channel when it is empty).
    Column("queue", "text", "VARCHAR", canonical_file=False),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
# The columns of the canonical export (and of the interaction import template).
CANONICAL_FILE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.canonical_file)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}

CSAT_MIN, CSAT_MAX = 1.0, 5.0
