"""How far a person is along one condition: the fraction a progress bar shows, and what it compares.

Pure (no Django). A bar is full only when the check passes; a failing check shows at most 99 %, so "almost"
never looks like "done". What the fraction compares depends on the clause:
- time (tenure, service, a clean record, a rank streak): months reached / months needed;
- a threshold ("at least" or "at most"): the actual value against the required one, in the direction of the
  comparison, so a complaint rate of 1.25 % against "at most 1 %" is 80 % of the way;
- counted things (trainings, competencies at the profile): done / needed;
- anything else (education): met or not.
Missing data is 0 and says so (`kind == "no_data"`).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, CheckResult
from serviceladder.rules.explain import format_metric_pair
from serviceladder.rules.periods import whole_months_between

ALMOST = 0.99

MONTHS = "months"  # have / need are whole months
VALUE = "value"  # have / need are display strings in the metric's unit, as precise as the verdict needs
SCORE = "score"  # exam points
COUNT = "count"  # have / need are counts (of `unit`: trainings, competencies)
MET = "met"  # pass or fail, nothing to count
NO_DATA = "no_data"


class Progress(NamedTuple):
    fraction: float  # 0 … 1
    kind: str  # MONTHS | VALUE | SCORE | COUNT | MET | NO_DATA
    have: object = None
    need: object = None
    unit: str = ""  # for COUNT: "trainings" | "competencies"

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)


def _ratio(have: float, need: float) -> float:
    if need <= 0:
        return 1.0 if have >= need else 0.0
    return have / need


def _toward(op: str, actual: float, required: float) -> float:
    """How close `actual` is to meeting `actual op required`, 0 … 1 (1 and above: met)."""
    if op in (">=", ">"):
        return 0.0 if actual <= 0 else _ratio(actual, required)
    # "at most": the smaller the better
    if actual <= 0:
        return 1.0
    return required / actual if required > 0 else 0.0


def _bounded(check: CheckResult, fraction: float) -> float:
    if check.status == PASS:
        return 1.0
    return max(0.0, min(fraction, ALMOST))


def check_progress(check: CheckResult, as_of: dt.date, language: str = "en") -> Progress:
    """The progress bar of one check (see the module docstring for what each clause compares)."""
    clause, values = check.clause, check.values
    if check.status == INSUFFICIENT:
        return Progress(0.0, NO_DATA)
    if clause in ("min_months_in_level", "min_months_of_service"):
        have, need = values["months"], values["required"]
        return Progress(_bounded(check, _ratio(have, need)), MONTHS, min(have, need), need)
    if clause == "rank_streak":
        need = values["need"]
        have = need if check.status == PASS else values["streak"]
        return Progress(_bounded(check, _ratio(have, need)), MONTHS, have, need)
    if clause == "no_violations":
        need = values["months"]
        if check.status == PASS:
            return Progress(1.0, MONTHS, need, need)
        clean = whole_months_between(dt.date.fromisoformat(values["latest"]), as_of)
        return Progress(_bounded(check, _ratio(clean, need)), MONTHS, clean, need)
    if clause in ("metric_threshold", "team_metric"):
        metric = values["metric"]
        if check.code == "team.improvement":
            gain, need, op = values["gain"], values["required"], ">="
            fraction = _ratio(max(gain, 0.0), need)
        else:
            op = values["op"]
            fraction = _toward(op, check.actual, check.required)
            gain, need = check.actual, check.required
        have_text, need_text = format_metric_pair(metric, gain, need, op, language)
        return Progress(_bounded(check, fraction), VALUE, have_text, need_text)
    if clause == "exam_score":
        score = check.actual
        if score is None:
            return Progress(0.0, SCORE, None, check.required)
        return Progress(_bounded(check, _ratio(score, check.required)), SCORE, score, check.required)
    if clause == "required_trainings":
        need = len(check.required)
        have = len(check.actual) if check.status == FAIL else need
        return Progress(_bounded(check, _ratio(have, need)), COUNT, have, need, "trainings")
    if clause == "competency_confirmation":
        need = len(check.required)
        have = need - values["count"] if check.status == FAIL else need
        return Progress(_bounded(check, _ratio(have, need)), COUNT, have, need, "competencies")
    return Progress(1.0 if check.status == PASS else 0.0, MET)


def months_span(months: tuple[str, ...]) -> tuple[str, str] | None:
    """(first, last) of the months a check looked at, or None when it looked at none."""
    if not months:
        return None
    return months[0], months[-1]
