"""A figure shown next to its threshold never contradicts the verdict (issue 12, item 6).

Pure (no Django). A check's verdict is `clauses.compare`: both sides rounded to 9 decimals, then compared.
Shown at the metric's usual decimals, a failed check can look met: a CSAT of 4.596 reads "4.6" next to
"at least 4.6" although it is below. So a figure and its threshold are shown from the values the comparison
saw, with the fewest decimals (never fewer than the usual ones) at which the shown numbers relate the way the
verdict says: "4.596 … at least 4.6", not met; "4.6 … at least 4.6", met on the boundary.

Why this always works, and where it stops: rounding to a fixed number of decimals keeps the order of two
numbers or makes them equal, never reverses it. So the usual decimals can only hide a difference, and more
decimals are needed only where the verdict hangs on that difference (a failed "at least", a passed "more
than" …). Two figures the comparison tells apart differ by at least one unit in the 9th decimal of the data
unit, so the decimals never need to go past that resolution in the shown unit (`max_digits`), the cap.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from serviceladder.rules.clauses import _DIGITS, compare, rounded
from serviceladder.rules.metrics import METRICS, Unit


class Display(NamedTuple):
    """How a kind of figure is shown: data value × multiply / divide, `digits` decimals, then `suffix`."""

    multiply: float
    divide: float
    digits: int  # the usual decimals
    suffix: str  # "" | "%" | "minutes" | "seconds" (explain.py turns the last two into words)


PLAIN = Display(1, 1, 2, "")  # CSAT on 1–5, ratings, counts
SHARE = Display(100, 1, 2, "%")  # a share 0..1 shown as a percent
MINUTES = Display(1, 60, 2, "minutes")  # stored in seconds, shown in minutes
SECONDS = Display(1, 1, 0, "seconds")
POINTS = Display(1, 1, 1, "")  # 0–100 scores (QA, exams)
PERCENTILE = Display(1, 1, 1, "%")  # a peer-group rank, already a percent

_DISPLAYS = {
    Unit.RATE: SHARE,
    Unit.MINUTES: MINUTES,
    Unit.SECONDS: SECONDS,
    Unit.SCORE: POINTS,
}

_SHOWN_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def metric_display(metric: str) -> Display:
    """The display of a policy metric (PLAIN for a metric the policy schema does not know)."""
    spec = METRICS.get(metric)
    return _DISPLAYS.get(spec.unit, PLAIN) if spec is not None else PLAIN


def max_digits(display: Display) -> int:
    """The decimals at which the shown unit resolves the comparison's own precision (9 decimals of the data
    unit), plus one: enough to tell apart any two figures the comparison tells apart."""
    return _DIGITS + math.ceil(math.log10(display.divide / display.multiply)) + 1


def number_text(value: float, digits: int) -> str:
    """`value` with at most `digits` decimals, trailing zeros dropped ("4.60" → "4.6", "-0" → "0")."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def shown(value: float, display: Display, digits: int | None = None) -> str:
    """The number of `value` as shown (without the suffix): the compared value in the shown unit."""
    places = display.digits if digits is None else digits
    return number_text(rounded(float(value)) * display.multiply / display.divide, places)


def _agrees(op: str, actual_text: str, required_text: str, passed: bool) -> bool:
    return _SHOWN_OPS[op](Decimal(actual_text), Decimal(required_text)) == passed


def digits_for(display: Display, pairs: Iterable[tuple[float, float, str, bool]]) -> int:
    """The fewest decimals, from the usual ones up to `max_digits`, at which every (actual, required, op,
    passed) shows `actual op required` exactly when it passed."""
    pairs = list(pairs)
    cap = max_digits(display)
    for digits in range(display.digits, cap + 1):
        if all(
            _agrees(op, shown(a, display, digits), shown(r, display, digits), passed)
            for a, r, op, passed in pairs
        ):
            return digits
    return cap


def verdict_pairs(values: dict, actual_names: Iterable[str], required_name: str, op: str | None = None):
    """(actual, required, op, passed) for each of `actual_names` present in a check's values, judged by
    clauses.compare against `required_name` with the values' "op" (or `op`)."""
    required = values.get(required_name)
    op = op or values.get("op")
    if not _is_number(required) or op not in _SHOWN_OPS:
        return []
    return [
        (values[name], required, op, compare(op, values[name], required))
        for name in actual_names
        if _is_number(values.get(name))
    ]


def pair(actual: float, required: float, op: str, display: Display) -> tuple[str, str]:
    """`actual` and `required` as shown side by side, so that they relate as clauses.compare says."""
    digits = digits_for(display, [(actual, required, op, compare(op, actual, required))])
    return shown(actual, display, digits), shown(required, display, digits)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
