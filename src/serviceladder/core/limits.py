"""Upload limits: what an import accepts before it reads a file to the end (README: "Upload limits").

Defaults admit the 10M-row interactions benchmark (`bench/ingest.py --rows 10000000`, about 1.6 GB of values)
with room to spare; each can be raised by an environment variable read at start-up (settings.py).
"""

from __future__ import annotations

# How many problems a terminal report and the job page list; a web job's report file holds all of them.
PROBLEMS_SHOWN = 200

MB = 1024 * 1024
# Environment variable -> default. Rows per import kind; uncompressed bytes (an XLSX counted while it is
# unzipped, a Parquet file by its pages, a CSV by its size).
ROW_LIMIT_DEFAULTS = {
    "roster": 1_000_000,
    "teams": 100_000,
    "pay": 1_000_000,
    "exams": 1_000_000,
    "violations": 1_000_000,
    "trainings": 1_000_000,
    "metrics": 1_000_000,
    "interactions": 500_000_000,
}
SHEET_BYTES_DEFAULT = 1024 * MB
INTERACTIONS_BYTES_DEFAULT = 64 * 1024 * MB


def row_limit_variable(kind: str) -> str:
    return f"SERVICELADDER_MAX_ROWS_{kind.upper()}"


SHEET_BYTES_VARIABLE = "SERVICELADDER_MAX_SHEET_MB"
INTERACTIONS_BYTES_VARIABLE = "SERVICELADDER_MAX_INTERACTIONS_MB"
