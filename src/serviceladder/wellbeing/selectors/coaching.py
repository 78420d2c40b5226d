"""Where coaching meets wellbeing (issue 16: the quality slide is the same kernel clause as coaching's
trigger, "a coaching task links to the signal"): the wellbeing signal of the `drop` kind that fired on a
coaching task's metric in the task's month, for a reader who may see the person's wellbeing
(accounts.scoping)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from serviceladder.accounts.scoping import can_see_wellbeing
from serviceladder.rules.explain import render_check
from serviceladder.rules.goals import check_from_explanation
from serviceladder.wellbeing.models import WellbeingAssessment

DROP = "drop"
FIRED = "pass"


@dataclass(frozen=True)
class CoachingSignal:
    signal: str  # the policy's signal code
    level: str  # watch | act
    month: str
    explanation: dict  # the stored check (rules.goals.explanation + signal, kind, level)
    url: str  # the person's wellbeing page

    def reason(self, language: str) -> str:
        check = check_from_explanation(self.explanation)
        return render_check(check, language) if check is not None else ""


def signal_for_coaching(user, task) -> CoachingSignal | None:
    """The fired `drop` signal on the task's metric in the person's assessment of the task's month, or None
    (none fired, no assessment, or the reader may not see the person's wellbeing)."""
    employee = task.employee
    if not can_see_wellbeing(user, employee):
        return None
    assessment = WellbeingAssessment.objects.filter(employee=employee, month=task.month).first()
    if assessment is None:
        return None
    for entry in assessment.signals or ():
        if not isinstance(entry, dict):
            continue
        if entry.get("kind") != DROP or entry.get("status") != FIRED:
            continue
        if (entry.get("values") or {}).get("metric") != task.metric:
            continue
        return CoachingSignal(
            signal=str(entry.get("signal", "")),
            level=str(entry.get("level", "")),
            month=assessment.month,
            explanation=entry,
            url=reverse("person_wellbeing", args=[employee.number]),
        )
    return None
