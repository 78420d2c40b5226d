"""Several sheets of one workbook read as one: `xlsx: {sheets: {main: ..., NAME: {sheet: ..., on: KEY}}}`.

The main sheet's rows are the contacts (its row numbers are the ones a report names). Each extra sheet adds
its columns to the main rows whose key column holds the same text (cells compared as the reader shows them,
trimmed); a main row that the extra sheet does not name gets empty cells. An extra sheet that names a key
the main sheet does not have, or names one key twice, refuses the file: a rating that joins no contact, or
two ratings for one contact, would otherwise be lost or picked at random.

An extra sheet's column keeps its name when no other sheet has a column of that name; otherwise the mapping
reads it as `NAME.column` (e.g. `csat.Agent`), and the main sheet's column keeps the plain name.

A bad value in an extra sheet's column is reported on that sheet's own row: the joined table carries each
extra sheet's row numbers in a hidden column (`ROW_COLUMN_PREFIX` + the mapping's name for the sheet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.mapping import SheetJoin

KEY_MISSING = _("%(path)s: sheet %(sheet)s has no key column %(key)s (the sheet has: %(present)s)")
KEY_REPEATED = _(
    "%(path)s: sheet %(sheet)s names %(count)s key(s) of column %(key)s more than once, so the rows to join "
    "are ambiguous: %(examples)s"
)
KEY_NOT_IN_MAIN = _(
    "%(path)s: sheet %(sheet)s names %(count)s key(s) of column %(key)s that sheet %(main)s does not have: "
    "%(examples)s"
)
KEY_EMPTY = _("%(path)s: sheet %(sheet)s, row %(row)s: the key column %(key)s is empty")
NAMES_REPEATED = _("%(path)s: the joined sheets name column(s) %(columns)s twice")
# The hidden column of an extra sheet's own row numbers in the joined table (empty where it names no row).
ROW_COLUMN_PREFIX = "_row:"
# How many keys an error names (all are counted).
KEYS_LISTED = 10

Sheet = tuple[str, list[str], list[list[str | None]], list[int]]  # name, header, columns, row numbers


@dataclass(frozen=True)
class Origin:
    """Where a joined column comes from: the extra sheet, the column's name there, and the hidden column
    of that sheet's row numbers."""

    sheet: str
    column: str
    row_column: str


@dataclass
class Joined:
    header: list[str]
    columns: list[list[str | None]]
    # The extra sheets' row numbers, by hidden column name (see ROW_COLUMN_PREFIX).
    row_columns: dict[str, list[int | None]] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)  # joined column name -> its extra sheet


class SheetJoinError(ValidationFailed):
    code = "xlsx_join_invalid"
    message = KEY_NOT_IN_MAIN


def _key(value: str | None) -> str:
    return (value or "").strip()


def _examples(items: list[tuple[str, list[int]]]) -> str:
    shown = [f"{key!r} (row {', '.join(map(str, rows))})" for key, rows in items[:KEYS_LISTED]]
    more = len(items) - KEYS_LISTED
    return "; ".join(shown) + (f"; … and {more} more" if more > 0 else "")


def _key_index(path: Path, sheet: Sheet, key: str) -> list[str]:
    name, header, columns, _rows = sheet
    if key not in header:
        raise SheetJoinError(KEY_MISSING, path=str(path), sheet=name, key=key, present=", ".join(header))
    return [_key(v) for v in columns[header.index(key)]]


def sheets_join(path: Path, main: Sheet, joins: dict[str, SheetJoin], wb) -> Joined:
    """The main sheet's header and columns with every extra sheet's columns joined on (same rows, same
    row numbers), each extra sheet's own row numbers, and where each joined column comes from."""
    from serviceladder.metrics.interactions.reader import sheet_read

    main_name, header, columns, _main_rows = main
    extras: list[tuple[str, SheetJoin, Sheet]] = []
    for name, spec in joins.items():
        extras.append((name, spec, (spec.sheet, *sheet_read(wb, spec.sheet, path))))
    seen: dict[str, int] = {}
    for col in header:
        seen[col] = seen.get(col, 0) + 1
    for _name, spec, (_s, extra_header, _c, _r) in extras:
        for col in extra_header:
            if col != spec.on:
                seen[col] = seen.get(col, 0) + 1
    out = Joined(header=list(header), columns=[list(c) for c in columns])
    out_header, out_columns = out.header, out.columns
    for name, spec, sheet in extras:
        main_keys = _key_index(path, (main_name, header, columns, []), spec.on)
        keys = _key_index(path, sheet, spec.on)
        sheet_name, extra_header, extra_columns, extra_rows = sheet
        for key, row in zip(keys, extra_rows, strict=True):
            if not key:
                raise SheetJoinError(KEY_EMPTY, path=str(path), sheet=sheet_name, row=row, key=spec.on)
        by_key: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            by_key.setdefault(key, []).append(i)
        repeated = [(k, [extra_rows[i] for i in ix]) for k, ix in by_key.items() if len(ix) > 1]
        if repeated:
            raise SheetJoinError(
                KEY_REPEATED,
                path=str(path),
                sheet=sheet_name,
                key=spec.on,
                count=len(repeated),
                examples=_examples(repeated),
            )
        in_main = set(main_keys)
        stray = [(k, [extra_rows[ix[0]]]) for k, ix in by_key.items() if k not in in_main]
        if stray:
            raise SheetJoinError(
                KEY_NOT_IN_MAIN,
                path=str(path),
                sheet=sheet_name,
                key=spec.on,
                main=main_name,
                count=len(stray),
                examples=_examples(stray),
            )
        where = [by_key[k][0] if k in by_key else None for k in main_keys]
        row_column = ROW_COLUMN_PREFIX + name
        out.row_columns[row_column] = [None if i is None else extra_rows[i] for i in where]
        for col, values in zip(extra_header, extra_columns, strict=True):
            if col == spec.on:
                continue
            joined = col if seen[col] == 1 else f"{name}.{col}"
            out_header.append(joined)
            out_columns.append([None if i is None else values[i] for i in where])
            out.origins[joined] = Origin(sheet=sheet_name, column=col, row_column=row_column)
    if len(set(out_header)) != len(out_header):
        repeated_names = sorted({c for c in out_header if out_header.count(c) > 1})
        raise SheetJoinError(
            NAMES_REPEATED,
            path=str(path),
            columns=", ".join(repeated_names),
        )
    return out
