"""Shared set-up for the wellbeing-case tests: an assessment row of the last complete month, as the daily
scan would store it (the contract: every signal's check, `fired` the codes that fired), with the kernel's
quality-slide check firing for the person."""

from __future__ import annotations

from django.utils import timezone

from serviceladder.rules import clauses
from serviceladder.rules.goals import explanation
from serviceladder.rules.periods import date_month_index, month_label
from serviceladder.wellbeing.models import WellbeingAssessment
from tests.web.org import ensure_policy


def last_month() -> str:
    return month_label(date_month_index(timezone.localdate()) - 1)


def quality_slide_check(latest: float = 80):
    """The kernel's drop clause over QA: the last month against the own mean of the three before it."""
    index = date_month_index(timezone.localdate()) - 1
    months = tuple(month_label(i) for i in range(index - 3, index + 1))
    figures = {m: {"qa_score": v} for m, v in zip(months, (90, 91, 92, latest), strict=True)}
    return clauses.metric_drop_against_own_average(
        figures,
        months,
        metric="qa_score",
        field="qa_score",
        sample_field=None,
        drop=8,
        lower_is_better=False,
        min_sample=0,
    )


def assessment_for(org, number: str, *, fires: bool = True, month: str | None = None) -> WellbeingAssessment:
    """The person's assessment: `quality-slide` (act) fires when `fires`, `workload` (watch) does not."""
    check = quality_slide_check(80 if fires else 91)
    signals = [
        {**explanation(check), "signal": "quality-slide", "kind": "drop", "level": "act"},
        {
            **explanation(check._replace(status="fail", code="coaching.no_drop")),
            "signal": "workload",
            "kind": "workload",
            "level": "watch",
        },
    ]
    fired = ["quality-slide"] if fires else []
    assessment, _created = WellbeingAssessment.objects.update_or_create(
        employee=org.employees[number],
        month=month or last_month(),
        defaults={
            "policy_version": ensure_policy(org),
            "stage": "maturity",
            "stage_checks": [],
            "risk": "act" if fires else "none",
            "signals": signals,
            "fired": fired,
        },
    )
    return assessment
