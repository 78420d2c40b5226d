"""Read a CSV or XLSX sheet into rows, numbered as a spreadsheet shows them (the header is row 1).

The format is recognised from the content, not the file name: an XLSX file is a zip archive. CSV text is
UTF-8 (with or without BOM), else GB18030 (the superset of GBK that Chinese Excel writes), else UTF-16 when
it starts with a UTF-16 BOM. Fully empty rows are skipped; they carry no data.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext_lazy as _

from serviceladder.core import limits
from serviceladder.org.imports.columns import HeaderMap, match_headers
from serviceladder.org.imports.report import ErrorCollector
from serviceladder.org.imports.values import CellError

EMPTY_FILE = _("The file is empty. The first row must hold the column headers, the rows below the data.")
NO_DATA_ROWS = _("The file has a header row but no data rows.")
BLANK_HEADER_ROW = _("Row 1 is empty. The first row must hold the column headers.")
UNDECODABLE = _(
    "Byte 0x%(byte)s at byte offset %(offset)s is neither UTF-8 nor GB18030/GBK text. "
    "Save the file as “CSV UTF-8” or as XLSX."
)
OLD_XLS = _("Old Excel (.xls) files cannot be read. Save the file as XLSX or CSV.")
BAD_XLSX = _("The file looks like an XLSX workbook but cannot be read: %(problem)s")
MERGED_HEADER = _(
    "The header row has merged cells (%(cells)s). Unmerge them so every column has its own header."
)
BAD_CSV = _("The CSV text cannot be split into cells: %(problem)s")
FILE_COLUMN = _("(file)")

XLS_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class SheetRow:
    number: int
    cells: list[Any]


@dataclass
class Record:
    """One data row with its cells keyed by column key (only the columns present in the file)."""

    number: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class Sheet:
    file: str
    headers: HeaderMap
    records: list[Record]

    def has(self, key: str) -> bool:
        return self.headers.has(key)

    def column(self, key: str) -> str:
        """The header as the user wrote it (for error reports)."""
        return self.headers.written.get(key, key)

    def parse(
        self, errors: ErrorCollector, record: Record, key: str, parser, *args: Any, **kwargs: Any
    ) -> Any:
        """Parse one cell; on a bad value record the problem and return INVALID."""
        try:
            return parser(record[key], *args, **kwargs)
        except CellError as exc:
            errors.add(record.number, self.column(key), _shown(record[key]), exc.message, **exc.params)
            return INVALID


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def _shown(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def read_sheet(kind: str, data: bytes, file: str) -> Sheet:
    """Rows of `data` mapped to the columns of `kind`; file-level and header problems raise ImportRejected."""
    errors = ErrorCollector(file)
    rows = read_rows(data, file, errors, kind=kind)
    errors.raise_if_any()
    header, body = rows[0], rows[1:]
    if header.number != 1:
        errors.add(1, str(FILE_COLUMN), "", BLANK_HEADER_ROW)
        errors.raise_if_any()
    width = max(len(r.cells) for r in rows)  # cells right of the last header must not be dropped silently
    header_cells = header.cells + [None] * (width - len(header.cells))
    headers = match_headers(kind, header_cells, [r.cells for r in body], errors)
    if not body:
        errors.add(0, str(FILE_COLUMN), "", NO_DATA_ROWS)
    errors.raise_if_any()
    records = [
        Record(r.number, {key: r.cells[i] if i < len(r.cells) else None for key, i in headers.index.items()})
        for r in body
    ]
    return Sheet(file, headers, records)


def read_rows(data: bytes, file: str, errors: ErrorCollector, *, kind: str = "") -> list[SheetRow]:
    """All non-empty rows, header first. Problems go to `errors` (and an empty list is returned); a file
    over the upload limits of `kind` raises UploadLimitExceeded before it is read to the end."""
    if data.startswith(XLS_MAGIC):
        errors.add(0, str(FILE_COLUMN), "", OLD_XLS)
        return []
    if data.startswith(ZIP_MAGIC):
        limits.check_zip_expansion(kind, file, io.BytesIO(data))
        rows = _xlsx_rows(data, errors, kind, file)
    else:
        limits.check_size(kind, file, len(data))
        rows = _csv_rows(data, errors)
    if errors:
        return []
    rows = _non_empty(rows, kind, file)
    if not rows:
        errors.add(0, str(FILE_COLUMN), "", EMPTY_FILE)
    return rows


def _non_empty(rows, kind: str, file: str) -> list[SheetRow]:
    """The rows holding something, up to the kind's row limit (the header row is not counted)."""
    most = limits.max_rows(kind) + 1
    kept = []
    for r in rows:
        if any(v not in (None, "") and str(v).strip() != "" for v in r.cells):
            kept.append(r)
            if len(kept) > most:
                raise limits.too_many_rows(kind, file)
    return kept


def decode_text(data: bytes, errors: ErrorCollector) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    failures: list[UnicodeDecodeError] = []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(exc)
    # The encoding that got further is most likely the file's; its failure points at the bad byte.
    worst = max(failures, key=lambda exc: exc.start)
    offset = worst.start
    line = data[:offset].count(b"\n") + 1
    errors.add(line, str(FILE_COLUMN), "", UNDECODABLE, byte=f"{data[offset]:02X}", offset=offset)
    return None


def _csv_rows(data: bytes, errors: ErrorCollector) -> list[SheetRow]:
    text = decode_text(data, errors)
    if text is None:
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count) if first_line else ","
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(SheetRow(number, [c.strip() for c in cells]))
    except csv.Error as exc:
        errors.add(len(rows) + 1, str(FILE_COLUMN), "", BAD_CSV, problem=str(exc))
    return rows


def _xlsx_rows(data: bytes, errors: ErrorCollector, kind: str, file: str) -> list[SheetRow]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        errors.add(0, str(FILE_COLUMN), "", BAD_XLSX, problem=str(exc))
        return []
    try:
        sheet = workbook.worksheets[0]
        merged = _merged_header_cells(data, getattr(sheet, "_worksheet_path", None))
        if merged:
            errors.add(1, ", ".join(merged), "", MERGED_HEADER, cells=", ".join(merged))
            return []
        # Counted against the row limit as openpyxl reads them, not after reading them all.
        return _non_empty(
            (
                SheetRow(number, list(cells))
                for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
            ),
            kind,
            file,
        )
    finally:
        workbook.close()


def _merged_header_cells(data: bytes, worksheet_path: str | None) -> list[str]:
    """Merged ranges touching row 1, read from the sheet XML (read-only sheets do not expose them)."""
    from openpyxl.utils.cell import range_boundaries

    if not worksheet_path:
        return []
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(worksheet_path) as xml:
        # The same parser openpyxl itself uses on this file; expat limits entity expansion.
        for _event, element in iterparse(xml):  # noqa: S314
            if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
                ref = element.get("ref", "")
                _min_col, min_row, _max_col, _max_row = range_boundaries(ref)
                if min_row == 1:
                    found.append(ref)
            element.clear()
    return found
