"""Upload limits: what an import accepts before it reads a file to the end (README: "Upload limits").

Rows per import kind, and the data's uncompressed size: an XLSX is counted while it is unzipped (the sizes
a zip declares are never trusted), a Parquet file while it is decoded (nor are its footer's sizes: a
dictionary-encoded column can decode to far more than the footer says), a CSV by its size. The defaults
admit the 10M-row interactions benchmark (`bench/ingest.py --rows 10000000`) with room to spare; each one is
an environment variable (settings.IMPORT_LIMITS), so an administrator raises it without a new release.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed

# How many problems a terminal report and the job page list; a web job's report file holds all of them.
PROBLEMS_SHOWN = 200

MB = 1024 * 1024
SHEET_KINDS = ("roster", "teams", "pay", "exams", "violations", "trainings", "metrics", "calendar")
ROW_DEFAULTS = dict.fromkeys(SHEET_KINDS, 1_000_000) | {"interactions": 200_000_000}
SHEET_MB_DEFAULT = 1024  # the XML of a 1M-row sheet is about 300 MB
INTERACTIONS_MB_DEFAULT = 16 * 1024  # 10M interactions are about 1.5 GB

TOO_MANY_ROWS = _(
    "%(file)s has more than %(limit)s rows, the limit for this kind of import. Split the file, or ask the "
    "administrator to raise the limit (environment variable %(variable)s)."
)
TOO_MUCH_DATA = _(
    "%(file)s holds more than %(limit)s MB of data once unpacked, the limit for this kind of import. Split "
    "the file, or ask the administrator to raise the limit (environment variable %(variable)s)."
)


class UploadLimitExceeded(ValidationFailed):
    """A file is over a limit; it was not read to the end and nothing was imported."""

    code = "upload_limit"


def rows_variable(kind: str) -> str:
    return f"SERVICELADDER_MAX_ROWS_{kind.upper()}"


def bytes_variable(kind: str) -> str:
    return "SERVICELADDER_MAX_INTERACTIONS_MB" if kind == "interactions" else "SERVICELADDER_MAX_SHEET_MB"


def limits_from_environment(environ: Any = os.environ) -> dict[str, dict[str, int]]:
    """{"rows": {kind: n}, "mb": {kind: n}}, each from its environment variable or its default."""
    rows = {kind: int(environ.get(rows_variable(kind), default)) for kind, default in ROW_DEFAULTS.items()}
    mb = {
        kind: int(
            environ.get(
                bytes_variable(kind), INTERACTIONS_MB_DEFAULT if kind == "interactions" else SHEET_MB_DEFAULT
            )
        )
        for kind in ROW_DEFAULTS
    }
    return {"rows": rows, "mb": mb}


def _limits() -> dict[str, dict[str, int]]:
    from django.conf import settings

    return getattr(settings, "IMPORT_LIMITS", None) or limits_from_environment()


def max_rows(kind: str) -> int:
    return _limits()["rows"].get(kind, ROW_DEFAULTS.get(kind, 1_000_000))


def max_bytes(kind: str) -> int:
    return _limits()["mb"].get(kind, SHEET_MB_DEFAULT) * MB


def too_many_rows(kind: str, file: str) -> UploadLimitExceeded:
    return UploadLimitExceeded(
        TOO_MANY_ROWS, file=file, limit=f"{max_rows(kind):,}", variable=rows_variable(kind)
    )


def too_much_data(kind: str, file: str) -> UploadLimitExceeded:
    return UploadLimitExceeded(
        TOO_MUCH_DATA, file=file, limit=f"{max_bytes(kind) // MB:,}", variable=bytes_variable(kind)
    )


def check_size(kind: str, file: str, size: int) -> None:
    """A file that is not compressed (CSV): its size is its data."""
    if size > max_bytes(kind):
        raise too_much_data(kind, file)


def check_zip_expansion(kind: str, file: str, source: str | IO[bytes]) -> None:
    """Unzip every member of an XLSX through a counter and stop at the limit (a zip bomb ends here, after
    reading no more than the limit). A damaged archive is left for the reader to report."""
    limit = max_bytes(kind)
    total = 0
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(MB):
                        total += len(chunk)
                        if total > limit:
                            raise too_much_data(kind, file)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError, zlib.error):
        return
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
