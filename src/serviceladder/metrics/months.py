"""Which months a person's figures may belong to: one rule for the KPI sheets and the interaction records.

A month is impossible when it has not begun yet (after the company's today), lies before the month the
person was hired, or after the month they left. Months are 'YYYY-MM' texts, which compare as months do.
`month_problem` is the rule in Python (the KPI-sheet import, row by row); `month_problem_sql` is the same
rule as SQL (the interaction import runs it in DuckDB over millions of rows). A property test holds the two
together. No Django here but gettext.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

FUTURE_MONTH = _("This month has not started yet (today is %(today)s).")
BEFORE_HIRE = _("Employee %(number)s was hired on %(hired)s; this month is before that.")
AFTER_LEAVE = _("Employee %(number)s left on %(left)s; this month is after that.")

# The reason codes, in the order the rule tries them; each names its message.
FUTURE, BEFORE, AFTER = "future", "before_hire", "after_leave"
MESSAGES = {FUTURE: FUTURE_MONTH, BEFORE: BEFORE_HIRE, AFTER: AFTER_LEAVE}

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_problem(
    month: str, *, today: dt.date, hired: dt.date | None = None, left: dt.date | None = None
) -> str | None:
    """The reason code for a month the person's figures cannot belong to, or None when it is possible.

    Without `hired` / `left` (an agent who matches no employee) only a month that has not begun is caught.
    """
    if month > month_of(today):
        return FUTURE
    if hired is not None and month < month_of(hired):
        return BEFORE
    if left is not None and month > month_of(left):
        return AFTER
    return None


def month_problem_params(
    reason: str, *, today: dt.date, number: str | None, hired: dt.date | None, left: dt.date | None
) -> dict:
    """The values MESSAGES[reason] names."""
    if reason == FUTURE:
        return {"today": today}
    if reason == BEFORE:
        return {"number": number, "hired": hired}
    return {"number": number, "left": left}


def month_problem_sql(month: str, hire_month: str, leave_month: str, *, today: dt.date) -> str:
    """`month_problem` as a SQL CASE over 'YYYY-MM' text expressions (NULL: no such bound); NULL when the
    month is possible. `today` is written into the text as a literal month."""
    this_month = month_of(today)
    assert _MONTH.fullmatch(this_month)  # noqa: S101 - a date's own month: safe to write into SQL
    return (
        f"CASE WHEN {month} > '{this_month}' THEN '{FUTURE}' "
        f"WHEN {month} < {hire_month} THEN '{BEFORE}' "
        f"WHEN {month} > {leave_month} THEN '{AFTER}' END"
    )
