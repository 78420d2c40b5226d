"""Read an export (CSV, XLSX, Parquet) into DuckDB as the canonical schema, and find every bad value.

`source_open` registers a view `parsed` with the canonical columns plus `_row` (the row a person sees: in CSV
and XLSX the header is row 1, in Parquet the first record is row 1). Parsing is SQL over the whole column; the
only Python row loop is openpyxl's, for XLSX. A canonical Parquet file goes straight through DuckDB.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
from django.utils.translation import gettext_lazy as _

from serviceladder.core import limits
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.mapping import (
    DEFAULT_FALSE,
    DEFAULT_SEPARATOR,
    DEFAULT_TRUE,
    SECONDS_PER,
    ColumnSpec,
    Mapping,
    mapping_fits_file,
)
from serviceladder.metrics.interactions.schema import BY_NAME, COLUMNS, CSAT_MAX, CSAT_MIN
from serviceladder.metrics.interactions.xlsx_join import ROW_COLUMN_PREFIX

if TYPE_CHECKING:
    import pyarrow as pa

T = TypeVar("T")

FILE_UNREADABLE = _("%(path)s cannot be read: %(problem)s")
UNSUPPORTED_FILE = _("%(path)s: unsupported file type; use .csv, .xlsx or .parquet")
MISSING_COLUMNS = _("%(path)s has no column %(columns)s (the file has: %(present)s)")
UNSUPPORTED_TYPE = _("%(path)s: column %(column)s has type %(type)s, which cannot hold %(kind)s")
IMPLAUSIBLE_DURATION = _(
    "%(path)s: read in %(unit)s, no value of column %(column)s (%(canonical)s) lies between 1 second and "
    "24 hours (%(values)s), so its unit must be wrong; a spreadsheet's General cell may hold a time as a "
    "fraction of a day. Units that fit: %(suggestion)s. Declare it in the mapping: "
    "%(canonical)s: {source: %(column)s, unit: %(example)s}"
)
AGENT_REQUIRED = "an agent (an answered contact needs one; an unanswered one may have none)"
# A handled contact's duration lies within these bounds (seconds); a column with no value inside them was
# read in the wrong unit.
PLAUSIBLE_SECONDS = (1.0, 24 * 3600.0)

ISO_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER")
_NUMERIC += ("UBIGINT", "FLOAT", "DOUBLE", "REAL")
_INTEGER = tuple(t for t in _NUMERIC if t not in ("FLOAT", "DOUBLE", "REAL"))
_CLOCK = ("TIME", "INTERVAL")  # types a duration column may also have


class FileError(ValidationFailed):
    code = "file_invalid"
    message = FILE_UNREADABLE


class ImplausibleDuration(ValidationFailed):
    code = "duration_unit_implausible"
    message = IMPLAUSIBLE_DURATION


@dataclass
class Problem:
    """One bad value: where it is, what it holds, and what would be accepted (`allowed`) or, for a value
    that parses but cannot be (a contact in a month that has not begun), why not: a translatable `message`
    with its `params`."""

    row: int
    column: str
    value: str
    allowed: str = ""
    message: Any = None
    params: dict = field(default_factory=dict)
    # The extra sheet of a join (xlsx.sheets) the value is in, `row` being that sheet's own row; "" for the
    # file's main rows.
    sheet: str = ""

    @property
    def place(self) -> str:
        """Where the value is, for the command line: "row 3", or "sheet CSAT Data, row 3"."""
        return f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"

    def reason(self) -> str:
        if self.message is None:
            return f"expected {self.allowed}"
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass
class Source:
    kind: str  # csv | xlsx | parquet
    columns: dict[str, str]  # source column -> DuckDB type
    select: str = ""  # the canonical select list over `raw`
    # An expression over `raw` that is strictly increasing down the file only if the canonical interaction ids
    # are all distinct: the canonical id itself for text, the source value otherwise (cast to text, distinct
    # numbers, dates and times stay distinct).
    id_order: str = ""
    checks: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (canonical, bad-sql, raw-sql, allowed)
    # Duration columns whose plain numbers are read in a unit: (canonical, number-sql over raw, unit).
    numbers: list[tuple[str, str, str]] = field(default_factory=list)
    # Each canonical column read from the file: (the column's name as the file has it, its value as text).
    raw: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The columns an XLSX join brought from an extra sheet: where each comes from (xlsx_join.Origin).
    origins: dict[str, Any] = field(default_factory=dict)
    # A Parquet file's rows and bytes, counted on a thread while the import reads (`limits_wait`).
    limits: _LimitsCheck | None = None

    def limits_wait(self) -> None:
        """Wait for the count of the file's rows and bytes; raise if it is over a limit."""
        if self.limits is not None:
            self.limits.wait()

    def staged_within_limits(self, stage: Callable[[], T]) -> T:
        """`stage()` (whose result has `discard()`), kept only if the file is within the limits: a file over
        a limit says so before any other problem it has, and nothing staged from it is kept."""
        try:
            staged = stage()
        except BaseException:
            self.limits_wait()
            raise
        try:
            self.limits_wait()
        except BaseException:
            staged.discard()
            raise
        return staged


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# --- loading -------------------------------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        head = fh.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        fh.seek(0)
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _read_csv(path: Path, mapping: Mapping) -> pa.Table:
    import pyarrow as pa  # only CSV and XLSX need Arrow: a Parquet import does not pay for loading it
    import pyarrow.csv as pacsv

    encoding = mapping.csv.encoding
    if encoding == "auto":
        encoding = _detect_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as fh:
            header = next(csv.reader(fh, delimiter=mapping.csv.delimiter), [])
    except (UnicodeDecodeError, OSError) as exc:
        raise FileError(path=str(path), problem=str(exc)) from None
    header = [h.strip() for h in header]
    if len(set(header)) != len(header) or not all(header):
        raise FileError(path=str(path), problem="the header row has empty or repeated column names")
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding="utf8" if encoding == "utf-8-sig" else encoding,
                column_names=header,
                skip_rows=1,
                block_size=1 << 24,
            ),
            parse_options=pacsv.ParseOptions(delimiter=mapping.csv.delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        raise FileError(path=str(path), problem=str(exc).splitlines()[0]) from None
    if table.num_rows > limits.max_rows("interactions"):
        raise limits.too_many_rows("interactions", str(path))
    return table.append_column("_row", pa.array(range(2, table.num_rows + 2), pa.int64()))


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        # A time-of-day cell in a duration column is a duration (h:mm:ss carries its own unit).
        return value.strftime("%H:%M:%S.%f" if value.microsecond else "%H:%M:%S")
    if isinstance(value, dt.timedelta):
        # An [h]:mm:ss cell: written as h:mm:ss so that a mapping's `unit` does not apply to it.
        sign, seconds = ("-", -value) if value < dt.timedelta(0) else ("", value)
        whole = int(seconds.total_seconds())
        text = f"{sign}{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
        return text + (f".{seconds.microseconds:06d}" if seconds.microseconds else "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_read(wb, sheet: str | None, path: Path) -> tuple[list[str], list[list[str | None]], list[int]]:
    """One sheet of an open workbook (the first when `sheet` is None) as its header, its columns of cell
    texts and the row number of each non-empty row."""
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise FileError(path=str(path), problem=f"no sheet named {sheet}")
        ws = wb[sheet]
    else:
        ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header: list[str] = []
    header_row = 0
    for header_row, values in enumerate(rows, start=1):  # noqa: B007 - used after the loop
        if any(v not in (None, "") for v in values):
            header = [(_cell_text(v) or "").strip() for v in values]
            break
    while header and not header[-1]:
        header.pop()
    if len(set(header)) != len(header) or not all(header):
        raise FileError(path=str(path), problem="the header row has empty or repeated column names")
    columns: list[list[str | None]] = [[] for _ in header]
    row_numbers: list[int] = []
    width = len(header)
    most = limits.max_rows("interactions")
    for number, values in enumerate(rows, start=header_row + 1):
        if not any(v not in (None, "") for v in values):
            continue
        if len(row_numbers) >= most:
            raise limits.too_many_rows("interactions", str(path))
        row_numbers.append(number)
        for i in range(width):
            columns[i].append(_cell_text(values[i]) if i < len(values) else None)
    return header, columns, row_numbers


def _read_xlsx(path: Path, mapping: Mapping) -> tuple[pa.Table, dict]:
    """The sheet (or the joined sheets) as a table, and where each joined column comes from."""
    import openpyxl
    import pyarrow as pa
    from openpyxl.utils.exceptions import InvalidFileException

    limits.check_zip_expansion("interactions", str(path), str(path))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise FileError(path=str(path), problem=str(exc)) from None
    joined = None
    try:
        sheet = mapping.xlsx.main_sheet
        header, columns, row_numbers = sheet_read(wb, sheet, path)
        if mapping.xlsx.joins:
            from serviceladder.metrics.interactions.xlsx_join import sheets_join

            joined = sheets_join(
                path, (sheet or wb.sheetnames[0], header, columns, row_numbers), mapping.xlsx.joins, wb
            )
            header, columns = joined.header, joined.columns
    finally:
        wb.close()
    arrays = [pa.array(c, pa.string()) for c in columns] + [pa.array(row_numbers, pa.int64())]
    names = [*header, "_row"]
    if joined is not None:
        arrays += [pa.array(rows, pa.int64()) for rows in joined.row_columns.values()]
        names += list(joined.row_columns)
    return pa.table(arrays, names=names), (joined.origins if joined is not None else {})


# --- parsing expressions -------------------------------------------------------------------------------


def _text(v: str, typ: str, *, trim: bool) -> tuple[str, str]:
    if typ == "VARCHAR":
        # Spreadsheet cells carry stray spaces; a Parquet export's strings are taken as they are.
        return (f"nullif(trim({v}), '')" if trim else f"nullif({v}, '')"), "FALSE"
    return f"{v}::VARCHAR", "FALSE"


def _timestamp(spec: ColumnSpec, v: str, typ: str, t: str | None) -> tuple[str, str, str, str]:
    if t is not None:
        # A spreadsheet's date cell is a date-time at midnight ("2026-11-25 00:00:00"): its date is the date.
        day = f"regexp_replace(trim({v}::VARCHAR), ' 00:00:00$', '')"
        raw = f"nullif({day}, '') || ' ' || nullif(trim({t}::VARCHAR), '')"
        fmts = [f"{spec.format or '%Y-%m-%d'} {spec.time_format or '%H:%M:%S'}", *ISO_FORMATS]
        allowed = f"date {spec.format or '%Y-%m-%d'} and time {spec.time_format or '%H:%M:%S'}"
    elif typ.startswith("TIMESTAMP") or typ == "DATE":
        return f"{v}::TIMESTAMP", "FALSE", f"{v}::VARCHAR", "a date and time"
    else:
        raw = f"nullif(trim({v}::VARCHAR), '')"
        fmts = [spec.format, *ISO_FORMATS] if spec.format else list(ISO_FORMATS)
        allowed = f"a date and time like {spec.format or 'YYYY-MM-DD HH:MM:SS'}"
    fmt_list = "[" + ", ".join(lit(f) for f in dict.fromkeys(fmts)) + "]"
    expr = f"try_strptime({raw}, {fmt_list})"
    return expr, f"({raw}) IS NOT NULL AND {expr} IS NULL", raw, allowed


def _boolean(spec: ColumnSpec, v: str, typ: str) -> tuple[str, str, str, str]:
    trues = spec.true_values or DEFAULT_TRUE
    falses = spec.false_values or DEFAULT_FALSE
    allowed = "/".join([*trues[:3], *falses[:3]]) if spec.true_values is None else "/".join([*trues, *falses])
    if typ == "BOOLEAN":
        return v, "FALSE", f"{v}::VARCHAR", allowed
    if typ in _NUMERIC:
        expr = f"CASE WHEN {v} = 1 THEN TRUE WHEN {v} = 0 THEN FALSE END"
        return expr, f"{v} IS NOT NULL AND {expr} IS NULL", f"{v}::VARCHAR", allowed
    raw = f"nullif(lower(trim({v}::VARCHAR)), '')"
    t = ", ".join(lit(x.lower()) for x in trues)
    f = ", ".join(lit(x.lower()) for x in falses)
    expr = f"CASE WHEN {raw} IN ({t}) THEN TRUE WHEN {raw} IN ({f}) THEN FALSE END"
    return expr, f"{raw} IS NOT NULL AND {expr} IS NULL", f"{v}::VARCHAR", allowed


def _duration_number(spec: ColumnSpec, v: str, typ: str) -> str:
    """The plain numbers of a duration column, in the column's unit (NULL for h:mm:ss and for text)."""
    if typ in _CLOCK:
        return "NULL::DOUBLE"
    if typ in _NUMERIC:
        return f"{v}::DOUBLE"
    return f"CASE WHEN NOT contains({v}, ':') THEN try_cast(trim({v}::VARCHAR) AS DOUBLE) END"


def _duration(spec: ColumnSpec, v: str, typ: str) -> tuple[str, str, str, str]:
    unit = spec.unit or "seconds"
    factor = SECONDS_PER[unit]
    allowed = f"h:mm:ss, m:ss or a number of {unit}, not negative"
    if typ in _CLOCK:  # a time of day or an interval (Parquet) carries its own unit
        seconds = f"extract('epoch' FROM {v})::DOUBLE"
        expr = f"CASE WHEN {seconds} >= 0 THEN {seconds} END"
        return expr, f"{v} IS NOT NULL AND {expr} IS NULL", f"{v}::VARCHAR", allowed
    if typ in _NUMERIC:
        expr = (
            f"CASE WHEN {v} >= 0 THEN {v}::DOUBLE * {factor} END"
            if factor != 1.0
            else (f"CASE WHEN {v} >= 0 THEN {v}::DOUBLE END")
        )
        return expr, f"{v} IS NOT NULL AND {expr} IS NULL", f"{v}::VARCHAR", allowed
    s = f"nullif(trim({v}::VARCHAR), '')"

    def part(i: int) -> str:
        return f"try_cast(split_part({s}, ':', {i}) AS DOUBLE)"

    expr = (
        f"CASE WHEN regexp_full_match({s}, '\\d+:[0-5]?\\d:[0-5]?\\d(\\.\\d+)?') "
        f"THEN {part(1)} * 3600 + {part(2)} * 60 + {part(3)} "
        f"WHEN regexp_full_match({s}, '\\d+:[0-5]?\\d(\\.\\d+)?') THEN {part(1)} * 60 + {part(2)} "
        f"WHEN try_cast({s} AS DOUBLE) >= 0 AND isfinite(try_cast({s} AS DOUBLE)) "
        f"THEN try_cast({s} AS DOUBLE) * {factor} END"
    )
    return expr, f"{s} IS NOT NULL AND {expr} IS NULL", s, allowed


def _rescaled(spec: ColumnSpec, x: str) -> str:
    """A score on the column's scale, as 1-5."""
    if spec.scale_range is None:
        return x
    lo, hi = spec.scale_range
    return f"({CSAT_MIN} + ({x} - {lo}) * {CSAT_MAX - CSAT_MIN} / {hi - lo})"


def _score(spec: ColumnSpec, v: str, typ: str) -> tuple[str, str, str, str]:
    lo, hi = spec.scale_range or (CSAT_MIN, CSAT_MAX)
    allowed = f"a number from {lo:g} to {hi:g}"
    x = f"{v}::DOUBLE" if typ in _NUMERIC else f"try_cast(nullif(trim({v}::VARCHAR), '') AS DOUBLE)"
    raw = f"{v}::VARCHAR" if typ in _NUMERIC else f"nullif(trim({v}::VARCHAR), '')"
    value = _rescaled(spec, x)
    expr = f"CASE WHEN {x} BETWEEN {lo} AND {hi} THEN {value} END"
    present = f"{v} IS NOT NULL" if typ in _NUMERIC else f"{raw} IS NOT NULL"
    return expr, f"{present} AND {expr} IS NULL", raw, allowed


def _mapped_sql(spec: ColumnSpec, kind: str, value) -> str:
    """A `values` target as the canonical column's SQL value."""
    if value is None:
        return "NULL"
    if kind == "boolean":
        yes = value is True or (not isinstance(value, bool) and str(value).strip().lower() in DEFAULT_TRUE)
        return "TRUE" if yes else "FALSE"
    if kind == "duration":
        return repr(float(value) * SECONDS_PER[spec.unit or "seconds"])
    if kind == "score":
        return _rescaled(spec, repr(float(value)))
    return lit(value)


def _value_map(spec: ColumnSpec, kind: str, v: str, typ: str) -> tuple[str, str, str, str]:
    """A column translated by its `values` map: every value must be one of its keys (case and surrounding
    spaces aside); in a numeric column whose keys are all numbers, they are compared as numbers."""
    assert spec.values is not None
    keys = list(spec.values)
    allowed = "one of: " + ", ".join(keys)
    numbers: dict[float, str] = {}
    if typ in _NUMERIC:
        for k in keys:
            try:
                numbers[float(k)] = k
            except ValueError:
                continue
    if typ in _NUMERIC and len(numbers) == len(keys):
        whens = " ".join(
            f"WHEN {v} = {n!r} THEN {_mapped_sql(spec, kind, spec.values[k])}" for n, k in numbers.items()
        )
        expr = f"CASE {whens} END"
        known = f"{v} IN ({', '.join(repr(n) for n in numbers)})"
        return expr, f"{v} IS NOT NULL AND NOT ({known})", f"{v}::VARCHAR", allowed
    raw = f"nullif(trim({v}::VARCHAR), '')"
    folded = {k.strip().lower(): target for k, target in spec.values.items()}
    whens = " ".join(f"WHEN {lit(k)} THEN {_mapped_sql(spec, kind, t)}" for k, t in folded.items())
    expr = f"CASE lower({raw}) {whens} END"
    known = f"lower({raw}) IN ({', '.join(lit(k) for k in folded)})"
    return expr, f"{raw} IS NOT NULL AND NOT ({known})", raw, allowed


def _cell(spec: ColumnSpec, types: dict[str, str]) -> tuple[str, str]:
    """The file's value for a column read from it (SQL over `raw`, and its DuckDB type), before parsing:
    several columns joined into one text (`sources`), then `null_values` made empty."""
    if spec.sources is not None:
        sep = lit(spec.separator or DEFAULT_SEPARATOR)
        parts = [f"nullif(trim({q(c)}::VARCHAR), '')" for c in spec.sources]
        if spec.null_values:
            markers = ", ".join(lit(m.strip().lower()) for m in spec.null_values)
            parts = [f"CASE WHEN lower({p}) IN ({markers}) THEN NULL ELSE {p} END" for p in parts]
        # Empty parts keep their place (a|""|c is not a|c); all parts empty is a missing id.
        joined = f" || {sep} || ".join(f"coalesce({p}, '')" for p in parts)
        return f"CASE WHEN coalesce({', '.join(parts)}) IS NULL THEN NULL ELSE {joined} END", "VARCHAR"
    v, typ = q(spec.source), types[spec.source]
    if not spec.null_values:
        return v, typ
    if typ in _NUMERIC:
        numbers = []
        for marker in spec.null_values:
            try:
                numbers.append(repr(float(marker)))
            except ValueError:
                continue
        if not numbers:
            return v, typ
        return f"(CASE WHEN {v} IN ({', '.join(numbers)}) THEN NULL ELSE {v} END)", typ
    if typ != "VARCHAR":
        return v, typ  # a typed date, time or boolean cannot hold a marker
    markers = ", ".join(lit(m.strip().lower()) for m in spec.null_values)
    return f"(CASE WHEN lower(trim({v})) IN ({markers}) THEN NULL ELSE {v} END)", typ


def _constant(spec: ColumnSpec, kind: str, duckdb_type: str) -> str:
    value = spec.constant
    if kind == "boolean":
        text = str(value).strip().lower()
        if text in DEFAULT_TRUE or value is True:
            return "TRUE"
        if text in DEFAULT_FALSE or value is False:
            return "FALSE"
        raise FileError(path="mapping", problem=f"constant {value!r} is not true or false")
    if kind in ("duration", "score"):
        try:
            return f"{float(value)!r}::DOUBLE"
        except (TypeError, ValueError):
            raise FileError(path="mapping", problem=f"constant {value!r} is not a number") from None
    return f"{lit(value)}::{duckdb_type}"


# --- what a Parquet file's statistics prove ----------------------------------------------------------


@dataclass(frozen=True)
class ColumnStats:
    """What a Parquet file's own column statistics (footer: per row group null count, min, max) prove
    about every value of one column. A fact that is not proven is False / None."""

    no_nulls: bool
    no_empty_text: bool
    low: float | None  # every value >= low
    high: float | None  # every value <= high


_STATS_SQL = """
WITH rg AS (
  SELECT path_in_schema AS name, stats_null_count AS nulls,
    stats_null_count IS NULL OR num_values > stats_null_count AS has_values,
    coalesce(stats_min_value, stats_min) AS lo, coalesce(stats_max_value, stats_max) AS hi
  FROM parquet_metadata(?))
SELECT name,
  count(nulls) = count(*) AND coalesce(sum(nulls), 0) = 0,
  bool_and(NOT has_values OR (lo IS NOT NULL AND lo <> '')),
  CASE WHEN bool_and(NOT has_values OR try_cast(lo AS DOUBLE) IS NOT NULL)
    THEN min(try_cast(lo AS DOUBLE)) FILTER (WHERE has_values) END,
  CASE WHEN bool_and(NOT has_values OR try_cast(hi AS DOUBLE) IS NOT NULL)
    THEN max(try_cast(hi AS DOUBLE)) FILTER (WHERE has_values) END
FROM rg GROUP BY name
"""


def parquet_stats(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, ColumnStats]:
    """Per top-level column, what the file's statistics prove (nothing for a column without them)."""
    try:
        rows = con.execute(_STATS_SQL, [str(path)]).fetchall()
    except duckdb.Error:
        return {}
    return {name: ColumnStats(bool(a), bool(b), lo, hi) for name, a, b, lo, hi in rows}


def _proven(kind: str, spec: ColumnSpec, v: str, typ: str, st: ColumnStats | None) -> tuple[str | None, bool]:
    """When a Parquet file's statistics prove that a column's value check can never fail: the conversion
    without the check (or None to keep it), and whether a missing value is also impossible.

    Only exact facts are used: text without '' (so nullif() changes nothing), integers within the allowed
    range (floats could hold NaN, which statistics leave out), no nulls at all.
    """
    if st is None or spec.null_values or spec.values is not None or spec.sources is not None:
        return None, False  # the statistics describe the file's values, not what the mapping makes of them
    present = st.no_nulls
    if kind == "text":
        if typ != "VARCHAR":
            return None, present
        return (v, present) if st.no_empty_text else (None, False)
    if kind in ("timestamp", "boolean"):
        return None, present and (typ in ("BOOLEAN", "DATE") or typ.startswith("TIMESTAMP"))
    if typ not in _INTEGER or st.low is None or st.high is None:
        return None, False
    if kind == "duration":
        if st.low < 0:
            return None, False
        factor = SECONDS_PER[spec.unit or "seconds"]
        return (f"{v}::DOUBLE * {factor}" if factor != 1.0 else f"{v}::DOUBLE"), present
    lo, hi = spec.scale_range or (CSAT_MIN, CSAT_MAX)
    if st.low < lo or st.high > hi:
        return None, False
    return _rescaled(spec, f"{v}::DOUBLE"), present


def _parquet_footer_rows(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A footer that already claims too many rows is refused before any page is read."""
    try:
        (claimed,) = con.execute(
            f"SELECT sum(num_rows) FROM parquet_file_metadata({lit(str(path))})"
        ).fetchone()
    except duckdb.Error as exc:
        raise FileError(path=str(path), problem=str(exc).splitlines()[0]) from None
    if (claimed or 0) > limits.max_rows("interactions"):
        raise limits.too_many_rows("interactions", str(path))


def _parquet_limits(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Rows and bytes counted while the file is decoded (by DuckDB, in one streaming pass that holds no
    more than a vector of rows at a time), never taken from the footer's sizes, which a damaged or hostile
    file can make say anything: a repeated long value in a dictionary is how a few kilobytes become
    gigabytes. The size is what the decoded columns take as Arrow would hold them: a variable-width value
    (text, binary, nested) its bytes plus a 4-byte offset and a validity bit per row, a fixed-width value
    its width and a validity bit. Only the variable-width columns are read; the rows are no more than the
    footer claims (`_parquet_footer_rows` has checked those against the row limit), so the pass is bounded.

    Counted by DuckDB rather than by decoding the file once more with Arrow: a third of the CPU time (0.4 s
    instead of 1.1 s on the 10M-row benchmark file)."""
    most_rows, most_bytes = limits.max_rows("interactions"), limits.max_bytes("interactions")
    try:
        types = con.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({lit(str(path))}))"
        ).fetchall()
        sizes, per_row = [], 0.0
        for name, typ in types:
            width = _fixed_width_bits(typ)
            if width is None:
                sizes.append(f"coalesce({_variable_bytes(q(name), typ)}, 0)")
                per_row += 4 + 1 / 8
            else:
                per_row += (width + 1) / 8
        size_sql = " + ".join(sizes) or "0"
        rows, size = con.execute(
            f"SELECT count(*), coalesce(sum({size_sql}), 0)::DOUBLE FROM read_parquet({lit(str(path))})"
        ).fetchone()
    except duckdb.InterruptException:
        raise
    except duckdb.Error as exc:
        raise FileError(path=str(path), problem=str(exc).splitlines()[0]) from None
    if rows > most_rows:
        raise limits.too_many_rows("interactions", str(path))
    if size + rows * per_row > most_bytes:
        raise limits.too_much_data("interactions", str(path))


# Bits per value of DuckDB's fixed-width types, as Arrow holds them decoded (a BOOLEAN is one bit).
_FIXED_BITS = {"BOOLEAN": 1, "TINYINT": 8, "UTINYINT": 8, "SMALLINT": 16, "USMALLINT": 16, "INTEGER": 32}
_FIXED_BITS |= {"UINTEGER": 32, "BIGINT": 64, "UBIGINT": 64, "HUGEINT": 128, "UHUGEINT": 128, "FLOAT": 32}
_FIXED_BITS |= {"DOUBLE": 64, "DATE": 32, "TIME": 64, "TIME WITH TIME ZONE": 64, "INTERVAL": 128}
_FIXED_BITS |= {"UUID": 128}


def _fixed_width_bits(typ: str) -> int | None:
    """Bits per value of a fixed-width DuckDB type; None for variable-width ones (text, binary, nested)."""
    if typ.startswith("TIMESTAMP"):
        return 64
    if typ.startswith("DECIMAL"):
        return 128
    return _FIXED_BITS.get(typ)


def _variable_bytes(column: str, typ: str) -> str:
    """SQL for the bytes of one value of a variable-width column."""
    if typ == "VARCHAR":
        return f"strlen({column})"
    if typ == "BLOB":
        return f"octet_length({column})"
    return f"strlen({column}::VARCHAR)"  # nested values: their text, about what their values take


class _LimitsCheck:
    """`_parquet_limits` on a thread beside the import's own reading (on its own DuckDB connection, which
    it closes); `wait` joins it and re-raises what it found. The import waits before anything it staged can
    be kept, so a file over a limit still changes nothing, and DuckDB's own reading is bounded meanwhile by
    its memory limit."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                _parquet_limits(con, path)
            except BaseException as exc:  # noqa: BLE001 - re-raised by wait() in the importing thread
                self._error = exc
            finally:
                con.close()

        self._thread = threading.Thread(target=run, name="parquet-limits", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


# --- the view ------------------------------------------------------------------------------------------


def source_open(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping) -> Source:
    """Register the view `parsed` (canonical columns + _row) over the file; return what to check."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileError(path=str(path), problem="no such file")
    mapping_fits_file(mapping, path)
    if suffix != ".parquet":
        return _source_view(con, path, mapping, suffix)
    try:
        con.execute(
            "CREATE OR REPLACE VIEW raw AS SELECT * EXCLUDE (file_row_number), "
            f"file_row_number + 1 AS _row FROM read_parquet({lit(str(path))}, file_row_number = true)"
        )
    except duckdb.Error as exc:
        raise FileError(path=str(path), problem=str(exc).splitlines()[0]) from None
    _parquet_footer_rows(con, path)
    check = _LimitsCheck(con.cursor(), path)
    try:
        source = _source_view(con, path, mapping, suffix)
    except BaseException:
        check.wait()  # a file over a limit says so first
        raise
    source.limits = check
    return source


def _source_view(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping, suffix: str) -> Source:
    if suffix == ".parquet":
        kind = "parquet"  # `raw` is registered by source_open
    elif suffix in (".csv", ".txt"):
        kind = "csv"
        limits.check_size("interactions", str(path), path.stat().st_size)
        con.register("raw_arrow", _read_csv(path, mapping))
        con.execute("CREATE OR REPLACE VIEW raw AS SELECT * FROM raw_arrow")
    elif suffix in (".xlsx", ".xlsm"):
        kind = "xlsx"
        table, origins = _read_xlsx(path, mapping)
        con.register("raw_arrow", table)
        con.execute("CREATE OR REPLACE VIEW raw AS SELECT * FROM raw_arrow")
    else:
        raise FileError(UNSUPPORTED_FILE, path=str(path))
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE raw)").fetchall())
    missing = [c for c in mapping.source_columns(optional=False) if c not in types]
    if missing:
        raise FileError(
            MISSING_COLUMNS,
            path=str(path),
            columns=", ".join(missing),
            present=", ".join(t for t in types if t != "_row" and not t.startswith(ROW_COLUMN_PREFIX)),
        )
    mapping = mapping.for_file(types)  # an optional column the file lacks is absent
    source = Source(kind=kind, columns=types, origins=origins if kind == "xlsx" else {})
    # A Parquet file's statistics can prove checks unnecessary (a clean export: ~13% of the first import's
    # COPY instructions are the checks and conversions otherwise).
    stats = parquet_stats(con, path) if kind == "parquet" else {}
    selects = []
    answered_sql, agent_missing = "NULL", None
    for col in COLUMNS:
        spec = mapping.spec(col.name)
        if col.name == "agent_id" and mapping.unassigned_values:
            # A pseudo agent (NO_SERVER) is read as no agent at all.
            spec = spec.model_copy(
                update={"null_values": (*(spec.null_values or ()), *mapping.unassigned_values)}
            )
        if spec.absent:
            selects.append(f"NULL::{col.duckdb_type} AS {col.name}")
            continue
        if spec.constant is not None:
            selects.append(f"{_constant(spec, col.kind, col.duckdb_type)} AS {col.name}")
            if col.name == "answered":
                answered_sql = _constant(spec, col.kind, col.duckdb_type)
            continue
        for name in (spec.source, *(spec.sources or ()), spec.time_source):
            typ = types.get(name or "", "VARCHAR")
            if col.kind == "duration" and typ in _CLOCK:
                continue
            if typ not in ("VARCHAR", "BOOLEAN", "DATE", *_NUMERIC) and not typ.startswith("TIMESTAMP"):
                raise FileError(UNSUPPORTED_TYPE, path=str(path), column=name, type=typ, kind=col.kind)
        v, typ = _cell(spec, types)
        if spec.values is not None:
            expr, bad, raw, allowed = _value_map(spec, col.kind, v, typ)
        elif col.kind == "text":
            expr, bad = _text(v, typ, trim=kind != "parquet")
            raw, allowed = v, "text"
        elif col.kind == "timestamp":
            t = None
            if spec.time_source is not None:
                t = _cell(spec.model_copy(update={"source": spec.time_source}), types)[0]
            expr, bad, raw, allowed = _timestamp(spec, v, typ, t)
        elif col.kind == "boolean":
            expr, bad, raw, allowed = _boolean(spec, v, typ)
        elif col.kind == "duration":
            expr, bad, raw, allowed = _duration(spec, v, typ)
            source.numbers.append((col.name, _duration_number(spec, v, typ), spec.unit or "seconds"))
        else:
            expr, bad, raw, allowed = _score(spec, v, typ)
        source.raw[col.name] = (spec.label, raw)
        simpler, never_missing = _proven(col.kind, spec, v, typ, stats.get(spec.source or ""))
        if simpler is not None:
            expr, bad = simpler, "FALSE"
        selects.append(f"{expr} AS {col.name}")
        if col.name == "interaction_id":
            source.id_order = expr if typ == "VARCHAR" else v
        if bad != "FALSE":
            source.checks.append((col.name, bad, raw, allowed))
        if col.name == "answered":
            answered_sql = expr
        if col.required and not (never_missing and bad == "FALSE"):
            missing = f"({expr}) IS NULL" + ("" if bad == "FALSE" else f" AND NOT coalesce(({bad}), FALSE)")
            if col.name == "agent_id":
                agent_missing = len(source.checks)
                shown = f"{q(spec.source)}::VARCHAR" if spec.source is not None else "''"
                source.checks.append((col.name, missing, shown, AGENT_REQUIRED))
            else:
                source.checks.append((col.name, missing, "''", "a value (required)"))
    if agent_missing is not None:
        # An unanswered contact without an agent (blank or a pseudo agent) is a queue contact, not an error.
        name, missing, shown, allowed = source.checks[agent_missing]
        unanswered = f"coalesce(({answered_sql}) = FALSE, FALSE)"
        source.checks[agent_missing] = (name, f"{missing} AND NOT {unanswered}", shown, allowed)
    source.select = f"{', '.join(selects)}, _row"
    con.execute(f"CREATE OR REPLACE VIEW parsed AS SELECT {source.select} FROM raw")
    return source


def durations_check(con: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, path: Path) -> None:
    """A duration column whose plain numbers, read in its unit, include none between 1 s and 24 h was read
    in the wrong unit (an Excel "General" cell holding a day fraction, 0.0026 = 3:45, read as seconds):
    refuse the file and say which unit would fit. h:mm:ss values carry their own unit and zeros fit every
    unit, so neither counts. One plausible value ends a column's scan, so a sound file costs a few rows."""
    if not source.numbers:
        return
    low, high = PLAUSIBLE_SECONDS
    tests = ", ".join(
        f"EXISTS (SELECT 1 FROM raw WHERE {x} * {SECONDS_PER[unit]!r} BETWEEN {low!r} AND {high!r})"
        for _name, x, unit in source.numbers
    )
    for (name, x, unit), plausible in zip(
        source.numbers, con.execute(f"SELECT {tests}").fetchone(), strict=True
    ):
        if plausible:
            continue
        smallest, largest = con.execute(f"SELECT min({x}), max({x}) FROM raw WHERE {x} > 0").fetchone()
        if smallest is None:
            continue  # only zeros and h:mm:ss: nothing says the unit is wrong
        shown = [
            r[0] for r in con.execute(f"SELECT {x} FROM raw WHERE {x} > 0 ORDER BY _row LIMIT 3").fetchall()
        ]
        fits = [u for u, f in SECONDS_PER.items() if low <= smallest * f and largest * f <= high]
        spec = mapping.spec(name)
        raise ImplausibleDuration(
            path=str(path),
            unit=unit,
            column=spec.source,
            canonical=name,
            values=", ".join(f"{v:g}" for v in shown),
            suggestion=", ".join(fits) or "-",
            example="days" if "days" in fits or not fits else fits[0],  # the spreadsheet day fraction
        )


def problems_find(con: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, *, limit: int = 1000):
    """Count and list bad values. Returns (total, [Problem...] at most `limit`, sorted by row)."""
    if not source.checks:
        return 0, []
    counts = ", ".join(f"count(*) FILTER (WHERE {bad})" for _, bad, _, _ in source.checks)
    totals = con.execute(f"SELECT {counts} FROM raw").fetchone()
    total = sum(totals)
    if not total:
        return 0, []
    parts = []
    for (name, bad, raw, allowed), n in zip(source.checks, totals, strict=True):
        if n:
            row, sheet, label = _where(mapping.spec(name), source.origins)
            parts.append(
                f"SELECT {row} AS row, {sheet} AS sheet, {lit(label)} AS col, "
                f"coalesce(({raw})::VARCHAR, '') AS value, {lit(allowed)} FROM raw WHERE {bad}"
            )
    rows = con.execute(
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY sheet, row, col LIMIT {int(limit)}"
    ).fetchall()
    return total, [Problem(row=r, column=c, value=v, allowed=a, sheet=s) for r, s, c, v, a in rows]


def _where(spec: ColumnSpec, origins: dict) -> tuple[str, str, str]:
    """SQL for a bad value's row and sheet, and the column's label. A column that an XLSX join brought
    from an extra sheet is reported on that sheet's own row, under its name there; a main row the extra
    sheet names no row for (the value is missing there) stays a main row."""
    names = [n for n in (spec.source, *(spec.sources or ()), spec.time_source) if n is not None]
    found = {origins[n].row_column for n in names if n in origins}
    if not names or len(found) != 1 or not all(n in origins for n in names):
        return "_row", "''", spec.label
    origin = origins[names[0]]
    rows = q(origin.row_column)
    shown = spec.model_copy(
        update={
            "source": origins[spec.source].column if spec.source is not None else None,
            "sources": [origins[n].column for n in spec.sources] if spec.sources is not None else None,
            "time_source": origins[spec.time_source].column if spec.time_source is not None else None,
        }
    )
    sheet = f"CASE WHEN {rows} IS NULL THEN '' ELSE {lit(origin.sheet)} END"
    return f"coalesce({rows}, _row)", sheet, shown.label


__all__ = ["BY_NAME", "FileError", "Problem", "Source", "durations_check", "problems_find", "source_open"]
