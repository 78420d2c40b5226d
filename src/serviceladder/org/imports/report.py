"""What an import found wrong, row by row, and what it did when nothing was wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.core.limits import PROBLEMS_SHOWN

REJECTED = _("%(file)s: %(count)s problem(s) found; nothing was imported.")
MORE_PROBLEMS = _("… and %(more)s more (%(total)s problems in all; the first %(shown)s are listed).")

HEADER_ROW, HEADER_COLUMN, HEADER_VALUE, HEADER_REASON = _("row"), _("column"), _("value"), _("reason")


@dataclass(frozen=True)
class RowError:
    """One problem: where (file, row as a spreadsheet shows it, column as written) and why.

    `message` is a translatable template and `params` its values, rendered only when shown.
    Row 0 means "the file as a whole" (it cannot be decoded, is empty, ...).
    """

    file: str
    row: int
    column: str
    value: str
    message: Any
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        try:
            return str(self.message) % self.params if self.params else str(self.message)
        except (KeyError, TypeError, ValueError):
            return str(self.message)


class ImportRejected(ValidationFailed):
    """The file had problems; `errors` lists every one of them. Nothing was written."""

    code = "import_rejected"

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.row, e.column))
        super().__init__(REJECTED, file=file, count=len(errors))


class ErrorCollector:
    """Collects problems for one file; `raise_if_any` ends the import when something was found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[RowError] = []

    def add(self, row: int, column: str, value: Any, message: Any, /, **params: Any) -> None:
        shown = "" if value is None else str(value)
        self.errors.append(RowError(self.file, row, column, shown, message, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.file, self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


@dataclass
class ImportResult:
    kind: str
    file: str
    sha256: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def as_audit(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "sha256": self.sha256,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def format_report(errors: list[RowError], *, max_value: int = 40, limit: int = PROBLEMS_SHOWN) -> str:
    """A plain-text table (row, column, value, reason) for a terminal: the first `limit` problems and
    a line with the total."""
    headers = [str(HEADER_ROW), str(HEADER_COLUMN), str(HEADER_VALUE), str(HEADER_REASON)]
    lines = []
    for e in errors[:limit]:
        value = e.value if len(e.value) <= max_value else e.value[: max_value - 1] + "…"
        lines.append([str(e.row) if e.row else "-", e.column or "-", value, e.reason])
    widths = [max(_width(r[i]) for r in [headers, *lines]) for i in range(3)]
    out = []
    for r in [headers, *lines]:
        cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(3)]
        out.append("  ".join([*cells, r[3]]).rstrip())
    if len(errors) > limit:
        out.append(
            str(MORE_PROBLEMS)
            % {"more": f"{len(errors) - limit:,}", "total": f"{len(errors):,}", "shown": limit}
        )
    return "\n".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
