"""Every spreadsheet the product writes (CSV and XLSX) goes through here, so that no cell is a formula.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets (OWASP's "CSV injection"): a person named `=HYPERLINK(...)` would become a live
link in HR's export. Such text gets a leading single quote, which spreadsheets show as text. Numbers, dates
and booleans are written as they are (-3.5 stays a number); only text is neutralised. In XLSX, text is always
written as a string cell, never left to openpyxl's formula detection.

Exporters call `csv_bytes` / `csv_text` / `xlsx_bytes` (or `write_xlsx`; `xlsx_sheets_bytes` for a
workbook of several sheets); `tests/exports` fails if a module writes spreadsheets any other way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[Any]


def safe_text(value: str) -> str:
    """Text as a spreadsheet must show it: a leading quote before a formula-like first character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: Any) -> Any:
    """One cell: None stays empty, numbers/dates/booleans stay typed, everything else is safe text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    return safe_text(str(value))


def safe_rows(rows: Iterable[Row]) -> Iterable[list[Any]]:
    for row in rows:
        yield [safe_cell(v) for v in row]


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    """RFC 4180 CSV: CRLF line ends, so that a cell holding a lone CR is quoted (with "\n" it is not)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(safe_rows([header]))
    writer.writerows(safe_rows(rows))
    return buffer.getvalue()


def csv_bytes(header: Row, rows: Iterable[Row], *, bom: bool = False) -> bytes:
    """UTF-8 CSV; with `bom` a byte-order mark first, so that Excel opens Chinese text correctly."""
    return ("\ufeff" if bom else "").encode() + csv_text(header, rows).encode()


def csv_stream(header: Row, rows: Iterable[Row], *, bom: bool = False, batch: int = 1000):
    """UTF-8 CSV in chunks of `batch` rows, for a download of any length."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(safe_rows([header]))
    yield (("\ufeff" if bom else "") + buffer.getvalue()).encode()
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            yield csv_text_rows(chunk).encode()
            chunk = []
    if chunk:
        yield csv_text_rows(chunk).encode()


def csv_text_rows(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_rows(rows))
    return buffer.getvalue()


def write_xlsx(header: Row, rows: Iterable[Row], target, *, title: str = "Sheet") -> None:
    """One sheet to `target` (a path or a binary file object); text cells are string cells."""
    write_xlsx_sheets([(title, header, rows)], target)


def write_xlsx_sheets(sheets: Iterable[tuple[str, Row, Iterable[Row]]], target) -> None:
    """Several sheets, each (title, header, rows), in this order, to `target`; text cells are string cells.
    Titles are cut to Excel's 31 characters and must differ after that (openpyxl renames a duplicate)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        sheet.append(_xlsx_row(sheet, [safe_cell(v) for v in header], WriteOnlyCell))
        for row in safe_rows(rows):
            sheet.append(_xlsx_row(sheet, row, WriteOnlyCell))
    book.save(target)


def xlsx_bytes(header: Row, rows: Iterable[Row], *, title: str = "Sheet") -> bytes:
    return xlsx_sheets_bytes([(title, header, rows)])


def xlsx_sheets_bytes(sheets: Iterable[tuple[str, Row, Iterable[Row]]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx_sheets(sheets, buffer)
    return buffer.getvalue()


def _xlsx_row(sheet, row: list[Any], cell_type) -> list[Any]:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in row:
        if isinstance(value, str):
            # openpyxl turns any string starting with "=" into a formula; a string cell never is one.
            # Control characters XML cannot hold are dropped (openpyxl would refuse the whole file).
            cell = cell_type(sheet, value=None)
            cell._value, cell.data_type = ILLEGAL_CHARACTERS_RE.sub("", value), "s"
            cells.append(cell)
        elif isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent < 0:
            # A number that keeps its decimals when Excel shows it (an amount 1350.00, not 1350).
            cell = cell_type(sheet, value=value)
            cell.number_format = "0." + "0" * -value.as_tuple().exponent
            cells.append(cell)
        else:
            cells.append(value)
    return cells
