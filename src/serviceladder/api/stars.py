"""Star-service ratings over the API (issue 15 item 1).

GET /api/stars/periods — the periods (HR, management, leads, heads) · GET /api/stars/periods/{code} — one
period's ratings the caller may see (can_see_stars), with the explanation codes · POST
/api/stars/periods/{code}/compute — compute or recompute (HR) · POST .../ratings/{id}/nominate — one tier up
with a reason (the person's lead) · POST .../ratings/{id}/decide — accept or decline with a reason (HR) ·
POST /api/stars/periods/{code}/publish — publish (HR). Writes go through recognition.services.stars with
Actor(channel="api"); a domain error is a JSON problem (400, 403, 404).
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from serviceladder.accounts.scoping import can_list_star_periods
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.recognition.errors_stars import StarsNotFound
from serviceladder.recognition.models import StarRating
from serviceladder.recognition.selectors import stars as selectors
from serviceladder.recognition.services import stars as services

router = Router(tags=["stars"])


class PeriodOut(Schema):
    code: str
    kind: str
    state: str
    first_month: str
    last_month: str
    computed_at: dt.datetime
    published_at: dt.datetime | None


class RatingOut(Schema):
    id: int
    employee: str
    name: str
    team: str
    level: str
    status: str  # rated, insufficient_data, not_eligible
    computed_stars: int
    borderline: bool
    nominated_stars: int | None
    nomination_reason: str
    decision: str  # "", pending, accepted, declined
    decision_reason: str
    final_stars: int | None
    explanation: list[dict]


class PeriodDetailOut(PeriodOut):
    ratings: list[RatingOut]


class NominateIn(Schema):
    stars: int
    reason: str


class DecideIn(Schema):
    accept: bool
    reason: str


def _period(p) -> dict:
    return {
        "code": p.code,
        "kind": p.kind,
        "state": p.state,
        "first_month": p.first_month,
        "last_month": p.last_month,
        "computed_at": p.computed_at,
        "published_at": p.published_at,
    }


def _rating(r: StarRating) -> dict:
    return {
        "id": r.pk,
        "employee": r.employee.number,
        "name": r.employee.name,
        "team": r.team.code if r.team else "",
        "level": r.level_code,
        "status": r.status,
        "computed_stars": r.computed_stars,
        "borderline": selectors.is_borderline(r),
        "nominated_stars": r.nominated_stars,
        "nomination_reason": r.nomination_reason,
        "decision": r.decision,
        "decision_reason": r.decision_reason,
        "final_stars": r.final_stars,
        "explanation": r.explanation,
    }


def _detail(user, code: str) -> dict:
    period = selectors.star_period_get(code)
    return {**_period(period), "ratings": [_rating(r) for r in selectors.period_ratings(user, period)]}


def _require_list(user) -> None:
    if not can_list_star_periods(user):
        raise PermissionDeniedError()


@router.get(
    "/periods", response={200: list[PeriodOut], **ERRORS}, url_name="star_periods", summary="Star periods"
)
def periods(request):
    _require_list(request.auth)
    return [_period(p) for p in selectors.star_periods()]


@router.get(
    "/periods/{code}",
    response={200: PeriodDetailOut, **ERRORS},
    url_name="star_period",
    summary="One star period with the ratings the caller may see",
)
def period(request, code: str):
    _require_list(request.auth)
    return _detail(request.auth, code)


@router.post(
    "/periods/{code}/compute",
    response={200: PeriodDetailOut, **ERRORS},
    url_name="star_period_compute",
    summary="Compute (or recompute, until published) every agent's tier for an ended period (HR)",
)
def compute(request, code: str):
    services.star_period_compute(period=code, actor=Actor(user=request.auth, channel="api"))
    return _detail(request.auth, services.period_parse(code).code)


def _rating_of(code: str, rating_id: int) -> StarRating:
    rating = StarRating.objects.select_related("period", "employee__team").filter(
        pk=rating_id, period__code=code
    )
    found = rating.first()
    if found is None:
        raise StarsNotFound()
    return found


@router.post(
    "/periods/{code}/ratings/{rating_id}/nominate",
    response={200: RatingOut, **ERRORS},
    url_name="star_nominate",
    summary="Nominate a person one tier up with a reason (their lead)",
)
def nominate(request, code: str, rating_id: int, payload: NominateIn):
    rating = services.star_nominate(
        rating=_rating_of(code, rating_id),
        stars=payload.stars,
        reason=payload.reason,
        actor=Actor(user=request.auth, channel="api"),
    )
    return _rating(rating)


@router.post(
    "/periods/{code}/ratings/{rating_id}/decide",
    response={200: RatingOut, **ERRORS},
    url_name="star_decide",
    summary="Accept or decline a nomination with a reason (HR)",
)
def decide(request, code: str, rating_id: int, payload: DecideIn):
    rating = services.star_nomination_decide(
        rating=_rating_of(code, rating_id),
        accept=payload.accept,
        reason=payload.reason,
        actor=Actor(user=request.auth, channel="api"),
    )
    return _rating(rating)


@router.post(
    "/periods/{code}/publish",
    response={200: PeriodOut, **ERRORS},
    url_name="star_publish",
    summary="Publish a computed period (HR): final tiers fixed, each person told",
)
def publish(request, code: str):
    period = services.star_period_publish(
        period=selectors.star_period_get(code), actor=Actor(user=request.auth, channel="api")
    )
    return _period(period)
