"""Reads of star-service ratings (issue 15 item 1), already scoped: periods, a period's ratings for a
reader, a person's published history, the public star wall, the latest published tier per person (profile
and team pages), and a stored explanation rendered for the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import QuerySet

from serviceladder.accounts.scoping import (
    can_manage_stars,
    can_see_stars,
    employees_with_performance_visible_to,
    star_nominees_of,
)
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.recognition.errors_stars import PERIOD_NOT_FOUND, StarsNotFound
from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.rules.explain import render
from serviceladder.rules.messages import MESSAGES


class CheckLine(NamedTuple):
    status: str  # pass | fail | insufficient_data | not_eligible
    text: str


class TierLines(NamedTuple):
    stars: int
    status: str
    checks: list[CheckLine]


def star_periods() -> QuerySet[StarPeriod]:
    return StarPeriod.objects.select_related("computed_by", "published_by")


def star_period_get(code: str) -> StarPeriod:
    period = star_periods().select_related("policy_version").filter(code=code).first()
    if period is None:
        raise StarsNotFound(PERIOD_NOT_FOUND, found=code)
    return period


def period_ratings(
    user, period: StarPeriod, *, department: int | None = None, team: int | None = None
) -> QuerySet[StarRating]:
    """The ratings of `period` whose tiers and reasons `user` may see (can_see_stars), with filters."""
    visible = employees_with_performance_visible_to(user)
    qs = period.ratings.filter(employee__in=visible).select_related(
        "employee", "team__department", "nominated_by", "decided_by"
    )
    if department:
        qs = qs.filter(team__department_id=department)
    if team:
        qs = qs.filter(team_id=team)
    return qs.order_by("team__code", "employee__number")


def nominee_ratings(user, period: StarPeriod) -> QuerySet[StarRating]:
    """The ratings of the people `user` may nominate (a lead's team)."""
    return (
        period.ratings.filter(employee__in=star_nominees_of(user))
        .select_related("employee", "team")
        .order_by("employee__number")
    )


def is_borderline(rating: StarRating) -> bool:
    """The tier just above the computed one fails by one condition only (every other condition passes,
    none lacks data): whom a lead may want to nominate one tier up."""
    if rating.status != StarRating.Status.RATED:
        return False
    above = [t for t in rating.explanation if t.get("stars", 0) == rating.computed_stars + 1]
    if not above:
        return False
    statuses = [c.get("status") for c in above[0].get("checks", [])]
    return statuses.count("fail") == 1 and "insufficient_data" not in statuses


def explanation_lines(rating: StarRating, language: str) -> list[TierLines]:
    """The stored explanation as text, highest tier first."""
    out = []
    for tier in rating.explanation:
        lines = []
        for check in tier.get("checks", []):
            code = check.get("code", "")
            text = render(code, check.get("values", {}), language) if code in MESSAGES else code
            lines.append(CheckLine(check.get("status", ""), text))
        out.append(TierLines(tier.get("stars", 0), tier.get("status", ""), lines))
    return out


def published_history(employee) -> QuerySet[StarRating]:
    return (
        StarRating.objects.filter(employee=employee, period__state=StarPeriod.State.PUBLISHED)
        .select_related("period")
        .order_by("-period__last_month")
    )


def latest_published_stars(employee_ids: Iterable[int]) -> dict[int, StarRating]:
    """employee id → their rating of the latest published period (people not rated there are absent)."""
    period = star_periods().filter(state=StarPeriod.State.PUBLISHED).order_by("-last_month", "-code").first()
    if period is None:
        return {}
    rows = period.ratings.filter(employee_id__in=list(employee_ids)).select_related("period__policy_version")
    return {r.employee_id: r for r in rows}


def top_tier(period: StarPeriod) -> int:
    return max((t.stars for t in policy_parsed(period.policy_version).stars.tiers), default=0)


def period_kind_in_force(day) -> str:
    """'month' or 'quarter' when the policy in force on `day` switches star ratings on, else ''."""
    try:
        stars = policy_parsed(policy_version_in_force(day)).stars
    except NoPolicyInForce:
        return ""
    return stars.period if stars.enabled else ""


def shown_stars(user, employee) -> StarRating | None:
    """The person's tier of the latest published period for their profile: to whoever may see their stars,
    and to everyone when it is on the public star wall."""
    rating = latest_published_stars([employee.pk]).get(employee.pk)
    if rating is None or rating.status == StarRating.Status.NOT_ELIGIBLE:
        return None
    if can_see_stars(user, employee) or (rating.final_stars or 0) >= wall_min_stars(rating.period):
        return rating
    return None


def wall_min_stars(period: StarPeriod) -> int:
    return policy_parsed(period.policy_version).stars.wall_min_stars


def star_wall(period: StarPeriod) -> list[StarRating]:
    """The public wall of a published period: names, teams and tiers at or above the policy's
    `wall_min_stars`, highest first (for all staff; no figure, no reason)."""
    if period.state != StarPeriod.State.PUBLISHED:
        return []
    least = wall_min_stars(period)
    return list(
        period.ratings.filter(final_stars__gte=least)
        .exclude(status=StarRating.Status.NOT_ELIGIBLE)
        .select_related("employee", "team")
        .order_by("-final_stars", "team__code", "employee__number")
    )


def pending_nominations() -> QuerySet[StarRating]:
    return StarRating.objects.filter(
        decision=StarRating.Decision.PENDING, period__state=StarPeriod.State.COMPUTED
    ).select_related("period", "employee")


def manages(user) -> bool:
    return can_manage_stars(user)
