"""The stars section of a person's recognition page: the published tiers with their history, and for who
may see the person's stars (can_see_stars) the computed explanation, nominations and a computed period not
yet published; the stars block of the Recognition landing (the star wall, the star periods pages)."""

from __future__ import annotations

from django.utils.translation import get_language

from serviceladder.accounts.scoping import (
    can_list_star_periods,
    can_manage_stars,
    can_see_star_wall,
    can_see_stars,
    user_employee,
)
from serviceladder.recognition.models import StarPeriod, StarRating
from serviceladder.recognition.selectors.stars import explanation_lines, published_history, star_periods
from serviceladder.web.views.recognition_parts import Part


def part(request, employee) -> Part | None:
    full = can_see_stars(request.user, employee)
    language = get_language() or "en"
    history = [{"r": r} for r in published_history(employee)]
    if not full:
        # Published tiers only (what the profile and the wall show), without the figures behind them.
        if not history:
            return None
        ctx = {"latest": history[0], "history": history, "pending": [], "full": False, "e": employee}
        return Part("web/recognition/_stars_part.html", ctx)
    latest = history[0] if history else None
    if latest is not None:
        latest["tiers"] = explanation_lines(latest["r"], language)
    # A computed period not yet published is for the person's superiors and HR; the person sees their
    # tier once HR publishes it (a nomination may still change it).
    me = user_employee(request.user)
    pending = []
    if me is None or me.pk != employee.pk:
        pending = [
            {"r": r, "tiers": explanation_lines(r, language)}
            for r in StarRating.objects.filter(employee=employee, period__state=StarPeriod.State.COMPUTED)
            .select_related("period")
            .order_by("-period__last_month")
        ]
    return Part(
        "web/recognition/_stars_part.html",
        {"latest": latest, "history": history, "pending": pending, "full": full, "e": employee},
    )


def landing(request) -> Part | None:
    """This topic's block on the Recognition landing, or None for a reader it offers nothing."""
    if not can_see_star_wall(request.user):
        return None
    latest = star_periods().filter(state=StarPeriod.State.PUBLISHED).first()
    return Part(
        "web/recognition/_stars_landing.html",
        {
            "latest": latest,
            "periods": can_list_star_periods(request.user),
            "manage": can_manage_stars(request.user),
        },
    )
