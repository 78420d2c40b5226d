"""The unit of each column of a monthly KPI sheet: declared, written in the header, or proven by the values.

README "Monthly KPI sheets: units". In order:

1. declared: `--units 投诉率=percent,平均处理时长=minutes` (the browser's Units field takes the same text);
2. the header's unit note: `投诉率(%)`, `平均处理时长(秒)`, `平均响应时间(分钟)`, `AHT (min)`;
3. for a rate column with no unit anywhere, its bare numbers (a value written `87%` carries its own unit,
   and 0 is the same in every unit, so neither counts): every one above the figure's maximum (1, or 3 for
   KPI completion, which may beat its target) -> percent points; every one within it -> shares, except
   for the complaint and abusive-contact rates, whose shares (0.008) and points (0.8) overlap in practice
   (they need a declared unit); anything else is
   rejected with the values that disagree and how to declare the unit. Never one value deciding for a
   whole column.
4. a duration column with no unit: seconds (average response time: minutes under its plain header, as the
   product has always read it). `h:mm:ss` values and time cells carry their own unit.

Pure functions over plain values; metrics.sheet applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed

RATE_UNITS = ("share", "percent")
DURATION_UNITS = ("seconds", "minutes", "hours", "days")
SECONDS_PER = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

AMBIGUOUS_RATE = _(
    "The bare numbers in this column could be shares (0.95 = 95 %%) or percent points (95 = 95 %%); by "
    "row: %(values)s. Declare the unit: write the header as %(header)s(%%) for percent points, or import "
    'with --units "%(header)s=share" (or =percent; in the browser, the Units field).'
)
BARE_COMPLAINT_RATE = _(
    "A complaint rate of bare numbers up to 1 (by row: %(values)s) may be shares (0.008 = 0.8 %%) or "
    "percent points (0.8 = 0.8 %%). Declare the unit: write the header as %(header)s(%%) for percent "
    'points, or import with --units "%(header)s=share" (or =percent; in the browser, the Units field).'
)
BARE_ABUSIVE_RATE = _(
    "An abusive-contact rate of bare numbers up to 1 (by row: %(values)s) may be shares (0.008 = 0.8 %%) or "
    "percent points (0.8 = 0.8 %%). Declare the unit: write the header as %(header)s(%%) for percent "
    'points, or import with --units "%(header)s=share" (or =percent; in the browser, the Units field).'
)
IMPLAUSIBLE_DURATION = _(
    "Read in %(unit)s, no value of this column lies between 1 second and 24 hours, so the unit must be "
    "wrong (a spreadsheet's General cell may hold a time as a fraction of a day). Units that fit: "
    '%(suggestion)s. Declare it: --units "%(header)s=%(example)s" (or another unit; in the browser, '
    "the Units field), or write the times as h:mm:ss."
)
UNKNOWN_UNIT = _("%(unit)s is not a unit for this column; use one of: %(allowed)s.")
UNITS_SYNTAX = _(
    "--units takes COLUMN=UNIT pairs separated by commas (e.g. 投诉率=percent,平均处理时长=minutes); "
    "%(part)s is not one."
)
UNITS_UNKNOWN_COLUMN = _(
    "--units names %(column)s, which is not a column of this sheet (it has: %(present)s)."
)


def parse_units(text: str) -> dict[str, str]:
    """{"投诉率": "percent", ...} from "投诉率=percent, 平均处理时长=minutes"; UnitsError if malformed."""
    units: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        column, sep, unit = part.partition("=")
        if not sep or not column.strip() or not unit.strip():
            raise UnitsError(UNITS_SYNTAX, part=part)
        units[column.strip()] = unit.strip().casefold()
    return units


class UnitsError(ValidationFailed):
    code = "bad_units"


@dataclass(frozen=True)
class RateVerdict:
    unit: str | None  # "share" | "percent", or None when the column cannot be read without a declaration
    message: object = None
    values: str = ""


def bare_numbers(cells: list[tuple[int, object]]) -> list[tuple[int, Decimal]]:
    """(row, number) for the cells that are bare non-zero numbers (not "87%", not empty, not text)."""
    out = []
    for row, raw in cells:
        if raw is None or isinstance(raw, bool):
            continue
        text = str(raw).strip().replace(",", "")
        if not text or text.endswith(("%", "％")):
            continue
        try:
            number = Decimal(text)
        except InvalidOperation:
            continue
        if number.is_finite() and number != 0:
            out.append((row, number))
    return out


def rate_unit(
    numbers: list[tuple[int, Decimal]],
    *,
    maximum: Decimal,
    complaint: bool,
    small_message=BARE_COMPLAINT_RATE,
) -> RateVerdict:
    """Rule 3 of the module docstring, for a rate column with no declared or written unit (`complaint`: a
    small rate whose bare shares need a declared unit, refused with `small_message`)."""
    if not numbers:
        return RateVerdict("share")
    above = [(r, n) for r, n in numbers if n > maximum]
    within = [(r, n) for r, n in numbers if n <= maximum]
    if not within:
        return RateVerdict("percent")
    if not above:
        if complaint:
            return RateVerdict(None, small_message, _examples(within))
        return RateVerdict("share")
    return RateVerdict(None, AMBIGUOUS_RATE, f"{_examples(within)} / {_examples(above)}")


def _examples(numbers: list[tuple[int, Decimal]], most: int = 3) -> str:
    """ "2: 0.87, 3: 92 … (+5)": row and value, in no language, because a stored problem is shown later in the
    reader's language."""
    shown = ", ".join(f"{row}: {number}" for row, number in numbers[:most])
    return shown + (f" … (+{len(numbers) - most})" if len(numbers) > most else "")
