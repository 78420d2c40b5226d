"""GET /api/people/{number}/assessments — a person's skill assessments: per competency the required level,
each rater group's assessed level and the gap (required − assessed), oldest first.

Who may ask: whoever may read the person's development record (accounts.scoping: the person, their lead,
their department head, HR); anyone else gets 404. Peers are never named: only the average computed when the
round closed, from enough answers, is given, and nothing about who answered.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Router, Schema

from serviceladder.accounts.scoping import access_employee, can_see_development
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.selectors.assessments import assessment_views
from serviceladder.development.services.assessments import assessment_rounds_close

router = Router(tags=["development"])


class Gaps(Schema):
    self: float | None
    superior: float | None
    peer: float | None


class CompetencyOut(Schema):
    code: str
    name: str
    required: int
    self: int | None
    superior: int | None
    peer: float | None  # the peer average, only from a closed round with enough answers
    gap: Gaps


class AssessmentOut(Schema):
    id: int
    target_level: str
    target_level_name: str
    policy_version: str
    assessed_on: dt.date
    peer_round: Literal["none", "open", "shown", "hidden"]
    peer_closes_on: dt.date | None
    competencies: list[CompetencyOut]


class AssessmentsOut(Schema):
    employee: str
    assessments: list[AssessmentOut]


def _num(value) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/{number}/assessments",
    response={200: AssessmentsOut, **ERRORS},
    url_name="person_assessments",
    summary="Skill assessments of one person, with gaps per rater group",
)
def person_assessments(request, number: str):
    user = request.auth
    employee = access_employee(user, number)
    if not can_see_development(user, employee):
        raise NotFoundOrForbidden()
    assessment_rounds_close(timezone.localdate(), employee=employee)
    out = []
    for v in assessment_views(employee):
        out.append(
            {
                "id": v.assessment.pk,
                "target_level": v.assessment.target_level_code,
                "target_level_name": v.level_name,
                "policy_version": v.assessment.policy_version.label,
                "assessed_on": v.on,
                "peer_round": v.round_state,
                "peer_closes_on": v.assessment.peer_closes_on,
                "competencies": [
                    {
                        "code": r.code,
                        "name": r.name,
                        "required": r.required,
                        "self": r.own,
                        "superior": r.superior,
                        "peer": _num(r.peer),
                        "gap": {
                            "self": _num(r.self_gap),
                            "superior": _num(r.superior_gap),
                            "peer": _num(r.peer_gap),
                        },
                    }
                    for r in v.rows
                ],
            }
        )
    return {"employee": employee.number, "assessments": out}
