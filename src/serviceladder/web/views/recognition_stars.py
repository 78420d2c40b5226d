"""Star-service ratings pages (issue 15 item 1): HR's star periods (list, compute, a period with every
rating, nominations to decide, publish), a lead's view of their team's ratings with "nominate one tier up",
and the public star wall. Access is decided by accounts.scoping; these views parse, call, render."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_list_star_periods,
    can_manage_stars,
    can_nominate_stars,
    can_see_star_wall,
    star_nominees_of,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.org.models import Department, Team
from serviceladder.org.selectors import today
from serviceladder.recognition.errors_stars import StarsNotFound
from serviceladder.recognition.models import BonusMonth, StarPeriod, StarRating
from serviceladder.recognition.selectors import pay as pay_selectors
from serviceladder.recognition.selectors import stars as selectors
from serviceladder.recognition.services.stars import (
    period_just_ended,
    star_nominate,
    star_nomination_decide,
    star_period_compute,
    star_period_publish,
)
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

COMPUTED = _("The star ratings of %(period)s are computed for %(count)s people.")
NOMINATED = _("%(name)s is nominated for %(stars)s stars; HR decides.")
ACCEPTED = _("The nomination of %(name)s is accepted.")
DECLINED = _("The nomination of %(name)s is declined.")
PUBLISHED = _("The star ratings of %(period)s are published; everyone rated was told.")
_INT = re.compile(r"^\d{1,9}$")


def _int(value: str) -> int | None:
    return int(value) if _INT.match(value or "") else None


@form_page
def star_periods(request: HttpRequest) -> HttpResponse:
    require(can_list_star_periods(request.user))
    manage = can_manage_stars(request.user)
    if request.method == "POST":
        require(manage)
        code = request.POST.get("period", "")
        try:
            period = star_period_compute(period=code, actor=Actor(request.user))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, COMPUTED % {"period": period.code, "count": period.ratings.count()})
            return redirect("star_period", code=period.code)
    periods = list(selectors.star_periods())
    kind = selectors.period_kind_in_force(today())
    suggested = period_just_ended(kind, today()) if kind else ""
    return render(
        request,
        "web/recognition/star_periods.html",
        {"periods": periods, "manage": manage, "suggested": request.POST.get("period", suggested)},
    )


def _rating_rows(request, period: StarPeriod, ratings, nominees: set[int]) -> list[dict]:
    language = get_language() or "en"
    rows = []
    for r in ratings:
        rows.append(
            {
                "r": r,
                "borderline": selectors.is_borderline(r),
                "tiers": selectors.explanation_lines(r, language),
                "may_nominate": period.state == StarPeriod.State.COMPUTED
                and r.employee_id in nominees
                and r.status != StarRating.Status.NOT_ELIGIBLE
                and r.decision not in (StarRating.Decision.ACCEPTED, StarRating.Decision.DECLINED),
            }
        )
    return rows


@read_only
def star_period(request: HttpRequest, code: str) -> HttpResponse:
    require(can_list_star_periods(request.user))
    period = selectors.star_period_get(code)
    manage = can_manage_stars(request.user)
    department = _int(request.GET.get("department", ""))
    team = _int(request.GET.get("team", ""))
    mine = request.GET.get("mine") == "1"
    pending = request.GET.get("pending") == "1"
    ratings = selectors.period_ratings(request.user, period, department=department, team=team)
    nominees = set(star_nominees_of(request.user).values_list("pk", flat=True))
    if mine:
        ratings = ratings.filter(employee_id__in=nominees)
    if pending:
        ratings = ratings.filter(decision=StarRating.Decision.PENDING)
    rows = _rating_rows(request, period, ratings, nominees)
    top = selectors.top_tier(period)
    return render(
        request,
        "web/recognition/star_period.html",
        {
            "period": period,
            "rows": rows,
            "manage": manage,
            "can_nominate": bool(nominees),
            "mine": mine,
            "pending": pending,
            "department": department,
            "team": team,
            "departments": Department.objects.order_by("code") if manage else [],
            "teams": Team.objects.order_by("code") if manage else [],
            "pending_count": period.ratings.filter(decision=StarRating.Decision.PENDING).count(),
            "borderline_count": sum(1 for row in rows if row["borderline"]),
            "top": top,
            "computed": period.state == StarPeriod.State.COMPUTED,
            "pay_months": _pay_months(request.user, period),
        },
    )


def _pay_months(user, period: StarPeriod) -> list[BonusMonth]:
    """The bonus months of the period's months, for HR and management: its tiers pay there."""
    if not pay_selectors.can_open_pay(user):
        return []
    months = BonusMonth.objects.filter(month__gte=period.first_month, month__lte=period.last_month)
    return list(months.order_by("month"))


def _rating(period_code: str, rating_id: int) -> StarRating:
    rating = (
        StarRating.objects.select_related("period", "employee__team__department")
        .filter(pk=rating_id, period__code=period_code)
        .first()
    )
    if rating is None:
        raise StarsNotFound()
    return rating


def _back(request, code: str) -> HttpResponse:
    url = reverse("star_period", args=[code])
    query = request.POST.get("back", "")
    if query.startswith("?"):
        url += query
    return redirect(url)


@form_page
def star_nominate_view(request: HttpRequest, code: str, rating_id: int) -> HttpResponse:
    rating = _rating(code, rating_id)
    require(can_nominate_stars(request.user, rating.employee))
    if request.method == "POST":
        try:
            rating = star_nominate(
                rating=rating,
                stars=_int(request.POST.get("stars", "")) or 0,
                reason=request.POST.get("reason", ""),
                actor=Actor(request.user),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, NOMINATED % {"name": rating.employee.name, "stars": rating.nominated_stars}
            )
        return _back(request, code)
    return _back(request, code)


@form_page
def star_decide_view(request: HttpRequest, code: str, rating_id: int) -> HttpResponse:
    require(can_manage_stars(request.user))
    rating = _rating(code, rating_id)
    if request.method == "POST":
        accept = request.POST.get("decision") == "accept"
        try:
            rating = star_nomination_decide(
                rating=rating, accept=accept, reason=request.POST.get("reason", ""), actor=Actor(request.user)
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, (ACCEPTED if accept else DECLINED) % {"name": rating.employee.name})
    return _back(request, code)


@form_page
def star_publish_view(request: HttpRequest, code: str) -> HttpResponse:
    require(can_manage_stars(request.user))
    period = selectors.star_period_get(code)
    if request.method == "POST":
        try:
            star_period_publish(period=period, actor=Actor(request.user))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, PUBLISHED % {"period": period.code})
    return redirect("star_period", code=code)


@read_only
def star_wall(request: HttpRequest) -> HttpResponse:
    require(can_see_star_wall(request.user))
    published = list(selectors.star_periods().filter(state=StarPeriod.State.PUBLISHED))
    code = request.GET.get("period", "")
    period = next((p for p in published if p.code == code), published[0] if published else None)
    ratings = selectors.star_wall(period) if period else []
    tiers: dict[int, list] = {}
    for r in ratings:
        tiers.setdefault(r.final_stars, []).append(r)
    return render(
        request,
        "web/recognition/star_wall.html",
        {
            "periods": published,
            "period": period,
            "tiers": sorted(tiers.items(), reverse=True),
            "least": selectors.wall_min_stars(period) if period else None,
        },
    )
