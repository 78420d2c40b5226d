"""Where a goal measured by a policy metric stands on a day (issue 14 item 3, DOMAIN.md "Development
planning"). Pure (no Django, no clock): the caller passes today and the figures.

A metric goal keeps a frozen copy of a `metric_thresholds[]` condition and a due date. It is checked by
`thresholds.check_metric_rule`, the function eligibility checks the condition with:

- Before its due month has ended, it is judged on today, over the window ending with the last complete
  month (exactly what eligibility shows on the same day): on track (the check passes), off track (it fails)
  or insufficient data (a month is missing or below the minimum sample). Insufficient data is never on
  track.
- From the first day after its due month (the *judgement day*), it is judged over the window ending with
  the due month, for good: achieved, missed, or unknown (not enough data). That happens once the due
  month's figures exist, that is once the person has a row of monthly figures for the due month (the
  loader returns one, even when the metric itself is empty or its sample too small: that row makes the
  goal unknown, never achieved). Until then the goal is *awaiting figures*, not judged yet.
- If the due month still has no row of figures `FIGURES_GRACE_MONTHS` months after the judgement day
  (imports are monthly; three months is a quarter's delay), the goal is judged unknown: the figures are
  taken not to come, and "unknown" says so rather than leaving the goal open forever.

The due month is the calendar month of the due date: due on 2027-06-01 or on 2027-06-30, the goal is
judged on 2027-07-01 over a window ending with 2027-06.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from serviceladder.rules.clauses import FAIL, PASS, CheckResult
from serviceladder.rules.periods import add_months, date_month_index, first_day, month_label
from serviceladder.rules.thresholds import MetricRule, check_metric_rule

# Before the judgement day
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
INSUFFICIENT_DATA = "insufficient_data"
AWAITING_FIGURES = "awaiting_figures"  # after the due month, its figures not there yet
# For good (GoalJudgement.Status)
ACHIEVED = "achieved"
MISSED = "missed"
UNKNOWN = "unknown"

FIGURES_GRACE_MONTHS = 3

_OPEN = {PASS: ON_TRACK, FAIL: OFF_TRACK}
_FINAL = {PASS: ACHIEVED, FAIL: MISSED}


class GoalStatus(NamedTuple):
    status: str  # one of the constants above
    final: bool  # judged for good (achieved, missed, unknown)
    as_of: dt.date  # the day the check was made for (today, or the judgement day)
    check: CheckResult  # what the rules said, with its explanation


def due_month(due: dt.date) -> str:
    return month_label(date_month_index(due))


def judgement_day(due: dt.date) -> dt.date:
    """The first day after the due month: the earliest day a goal can be judged for good."""
    return first_day(date_month_index(due) + 1)


def unknown_after(due: dt.date) -> dt.date:
    """From this day on, a goal whose due month never got figures is judged unknown."""
    return add_months(judgement_day(due), FIGURES_GRACE_MONTHS)


def goal_status(
    rule: MetricRule, figures: Mapping[str, Mapping[str, float | int | None]], due: dt.date, today: dt.date
) -> GoalStatus:
    """The status of a metric goal due on `due`, as of `today` (see the module docstring)."""
    judge_on = judgement_day(due)
    if today < judge_on:
        check = check_metric_rule(figures, rule, today)
        return GoalStatus(_OPEN.get(check.status, INSUFFICIENT_DATA), False, today, check)
    check = check_metric_rule(figures, rule, judge_on)
    if due_month(due) not in figures and today < unknown_after(due):
        return GoalStatus(AWAITING_FIGURES, False, judge_on, check)
    return GoalStatus(_FINAL.get(check.status, UNKNOWN), True, judge_on, check)


def months_needed(rule: MetricRule, due: dt.date, today: dt.date) -> list[str]:
    """The months `goal_status` may read for this goal today (for the loader)."""
    as_of = min(today, judgement_day(due))
    last = date_month_index(as_of) - 1
    months = {month_label(i) for i in range(last - rule.window + 1, last + 1)}
    last_today = date_month_index(today) - 1
    months |= {month_label(i) for i in range(last_today - rule.window + 1, last_today + 1)}
    months.add(due_month(due))
    return sorted(months)


def explanation(check: CheckResult) -> dict:
    """The structured explanation kept with a judgement (JSON): rendered with rules.explain when shown."""
    return {
        "clause": check.clause,
        "status": check.status,
        "code": check.code,
        "values": check.values,
        "months": list(check.months),
        "actual": check.actual,
        "required": check.required,
        "key": check.key,
    }


def check_from_explanation(data: Mapping) -> CheckResult | None:
    """The check a stored explanation came from (for rendering), or None for a hand judgement."""
    if not data or "code" not in data:
        return None
    return CheckResult(
        data.get("clause", "metric_threshold"),
        data.get("status", ""),
        data.get("required"),
        data.get("actual"),
        tuple(data.get("months", ())),
        None,
        data["code"],
        dict(data.get("values", {})),
        data.get("key", ""),
    )
