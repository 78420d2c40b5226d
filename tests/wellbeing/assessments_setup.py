"""Stored wellbeing assessments for the page, API and selector tests (issue 16 items 1–2), written the way
the scan writes them (the assessment contract): every check is made by an existing kernel clause and kept
with rules.goals.explanation, so the pages render real explanations in both languages."""

from __future__ import annotations

import datetime as dt

from serviceladder.rules.clauses import (
    PASS,
    metric_below_streak,
    metric_drop_against_own_average,
    min_months_in_level,
)
from serviceladder.rules.goals import explanation
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.periods import month_index, month_label
from serviceladder.wellbeing.models import Case, WellbeingAssessment


def months_before(month: str, n: int) -> tuple[str, ...]:
    """`n` months ending with `month`, oldest first."""
    last = month_index(month)
    return tuple(month_label(i) for i in range(last - n + 1, last + 1))


def qa_slide(month: str, *, fired: bool, code: str = "qa-slide", level: str = "watch") -> dict:
    """The quality slide: QA score against the person's own 3-month average (the coaching drop clause)."""
    months = months_before(month, 4)
    latest = 80.0 if fired else 91.0
    figures = {m: {"qa_score": 90.0} for m in months[:-1]} | {months[-1]: {"qa_score": latest}}
    check = metric_drop_against_own_average(
        figures,
        months,
        metric="qa_score",
        field=METRICS["qa_score"].data_field,
        sample_field=None,
        drop=5.0,
        lower_is_better=False,
        min_sample=0,
    )
    return {**explanation(check), "signal": code, "kind": "drop", "level": level}


def complaints(
    month: str, *, fired: bool, missing: bool = False, code: str = "complaints", level: str = "act"
) -> dict:
    """Exposure: the complaint rate above 1 % in each of the last 3 months (or a month without figures)."""
    months = months_before(month, 3)
    rate = 0.03 if fired else 0.004
    figures = {m: {"complaint_rate": rate} for m in months}
    if missing:
        del figures[months[0]]
    check = metric_below_streak(
        figures,
        months,
        metric="complaint_rate",
        field=METRICS["complaint_rate"].data_field,
        sample_field=None,
        op="<=",
        value=0.01,
        min_sample=0,
    )
    return {**explanation(check), "signal": code, "kind": "threshold", "level": level}


def stage_checks(month: str, *, plateau: bool) -> list[dict]:
    """Two stage rules: the time in level (decisive for a plateau) and the entry rule (not decisive)."""
    as_of = dt.date(*map(int, month.split("-")), 28)
    start = dt.date(as_of.year - 3, as_of.month, 1) if plateau else dt.date(as_of.year, 1, 1)
    tenure = min_months_in_level(start, 24, as_of)
    entry = min_months_in_level(dt.date(as_of.year - 4, 1, 1), 6, as_of)
    return [
        {**explanation(entry), "rule": "entry", "decisive": False},
        {**explanation(tenure), "rule": "plateau", "decisive": True},
    ]


def risk_of(signals: list[dict], act_when: int = 2) -> str:
    fired = [s for s in signals if s["status"] == PASS]
    if any(s["level"] == "act" for s in fired) or len(fired) >= act_when:
        return "act"
    if fired:
        return "watch"
    if any(s["status"] == "insufficient_data" for s in signals):
        return "unknown"
    return "none"


def assessment(employee, month: str, version, *, signals: list[dict], stage: str = "maturity", plateau=False):
    return WellbeingAssessment.objects.create(
        employee=employee,
        month=month,
        policy_version=version,
        stage=stage,
        stage_checks=stage_checks(month, plateau=plateau),
        risk=risk_of(signals),
        signals=signals,
        fired=[s["signal"] for s in signals if s["status"] == PASS],
    )


def open_case(employee, user, assessment=None):
    """The person's open case (one per person: another route of the matrix may have opened it already)."""
    return Case.objects.filter(employee=employee, state=Case.State.OPEN).first() or Case.objects.create(
        employee=employee, assessment=assessment, opened_by=user, signals=["qa-slide"]
    )
