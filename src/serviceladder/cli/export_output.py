"""What the `… export` commands share: the day they report on, the language of names, refusing to pour an
XLSX workbook onto a terminal, a byte-order mark in a .csv file (so Excel opens Chinese names correctly), and
writing the bytes to a file or stdout. Each command keeps its own errors (its app's message constants)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportStart:
    as_of: dt.date
    bom: bool
    language: str  # "zh-hans" or "en", for translation.override


def export_start(args, *, bad_day: Callable[[str], Exception], xlsx_to_terminal: Exception) -> ExportStart:
    """Read --as-of (today when absent), --language, --format and --output the same way for every export."""
    from django.utils import timezone, translation

    if not args.as_of:
        as_of = timezone.localdate()
    else:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise bad_day(args.as_of) from None
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise xlsx_to_terminal
    bom = args.output is not None and args.output.suffix.lower() == ".csv"
    language = args.language or ("zh" if (translation.get_language() or "").startswith("zh") else "en")
    return ExportStart(as_of=as_of, bom=bom, language="zh-hans" if language == "zh" else "en")


def export_write(args, data: bytes) -> None:
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.output.write_bytes(data)
