"""The competency confirmation, as the superior's rating of a skill assessment (one mechanism, issue 14)."""

from __future__ import annotations

from serviceladder.audit.services import Actor
from serviceladder.development.models import Rating
from serviceladder.development.services.assessments import assessment_rate
from serviceladder.org.models import Employee


def competency_confirm(
    *, actor: Actor, employee: Employee, target_level_code: str, ratings: dict[str, object], note: str = ""
) -> Rating:
    """Record the superior's rating of `employee` against the target level's competency profile.

    Policy clause `competency_confirmation`. Allowed for the person's team lead (Team.lead), their
    department head, or HR — never for the person themselves. Audited in the same transaction.
    """
    return assessment_rate(
        actor=actor,
        employee=employee,
        target_level_code=target_level_code,
        group=Rating.Group.SUPERIOR,
        scores=ratings,
        note=note,
    )
