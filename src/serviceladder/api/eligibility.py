"""GET /api/people/{number}/eligibility — the person's decisions, in the shape of
`serviceladder eligibility --format json` (eligibility.serialize).

Who may ask: whoever may see the person's performance (accounts.scoping); anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils import timezone, translation
from ninja import Query, Router, Schema

from serviceladder.accounts.scoping import access_employee, can_see_performance
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.eligibility.serialize import report_to_dict

router = Router(tags=["eligibility"])
Language = Literal["zh", "en"]


class PolicyRef(Schema):
    name: str
    version: str


class EligibilityOut(Schema):
    as_of: dt.date
    policy: PolicyRef
    language: Language
    # One object per open transition; fields as documented in the README ("Eligibility JSON").
    decisions: list[dict[str, Any]]


@router.get(
    "/{number}/eligibility",
    response={200: EligibilityOut, 409: ERRORS[400], **ERRORS},
    url_name="person_eligibility",
    summary="Promotion eligibility of one person",
)
def person_eligibility(
    request,
    number: str,
    as_of: Annotated[dt.date | None, Query(description="evaluate on this date (default: today)")] = None,
    language: Annotated[Language | None, Query(description="language of the explanations")] = None,
):
    user = request.auth
    employee = access_employee(user, number)
    if not can_see_performance(user, employee):
        raise NotFoundOrForbidden()
    as_of = as_of or timezone.localdate()
    language = language or ("zh" if translation.get_language().startswith("zh") else "en")
    with translation.override("zh-hans" if language == "zh" else "en"):
        report = eligibility_report(user, as_of=as_of, numbers=[employee.number])
        return report_to_dict(report, language)
