"""Star-service ratings for the demo (issue 15 item 1): the two periods before the one that just ended are
computed and published — in the earlier one the demo lead nominated a borderline agent of their team one
tier up and HR accepted — and the period that just ended is computed and waits for HR to publish (the lead
sees their borderline people as a to-do). Everything goes through the star services, as HR and the lead
would do it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from serviceladder.accounts.scoping import star_nominees_of
from serviceladder.audit.services import Actor
from serviceladder.policy.selectors import policy_in_force
from serviceladder.recognition.models import StarRating
from serviceladder.recognition.selectors.stars import is_borderline, top_tier
from serviceladder.recognition.services.stars import (
    period_just_ended,
    star_nominate,
    star_nomination_decide,
    star_period_compute,
    star_period_publish,
)
from serviceladder.rules.periods import month_index, month_label


def _before(code: str) -> str:
    if "Q" in code:
        year, quarter = int(code[:4]), int(code[5])
        return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"
    return month_label(month_index(code) - 1)


def _nominate_one(period, lead_user, hr: Actor) -> None:
    ratings = list(
        period.ratings.filter(employee__in=star_nominees_of(lead_user), status=StarRating.Status.RATED)
        .select_related("employee", "period__policy_version")
        .order_by("-computed_stars", "employee__number")
    )
    top = top_tier(period)
    candidates = [r for r in ratings if is_borderline(r)] or [r for r in ratings if r.computed_stars < top]
    if not candidates:
        return
    r = candidates[0]
    lead = Actor(lead_user, channel="system")
    star_nominate(
        rating=r,
        stars=r.computed_stars + 1,
        reason="本月收到三封客户表扬信，并主动带教两名新同事；仅差一项指标，建议上调一星。",
        actor=lead,
    )
    star_nomination_decide(rating=r, accept=True, reason="表扬信与带教记录属实，同意上调。", actor=hr)


def demo_stars_load(*, today: dt.date | None = None) -> list[str]:
    """The demo's star periods; returns their codes (none without the demo logins or with stars off)."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["hr", "lead"])}
    if "hr" not in users or "lead" not in users:
        return []
    stars = policy_in_force(today).stars
    if not stars.enabled:
        return []
    hr = Actor(users["hr"], channel="system")
    latest = period_just_ended(stars.period, today)
    middle = _before(latest)
    earliest = _before(middle)
    for code in (earliest, middle):
        period = star_period_compute(period=code, actor=hr, today=today)
        if code == middle:
            _nominate_one(period, users["lead"], hr)
        star_period_publish(period=period, actor=hr)
    star_period_compute(period=latest, actor=hr, today=today)
    return [earliest, middle, latest]
