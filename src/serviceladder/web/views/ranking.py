"""A team's monthly ranking: performance score and place within each member's peer group."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from serviceladder.accounts.scoping import access_team_performance
from serviceladder.metrics import selectors
from serviceladder.recognition.selectors.stars import latest_published_stars
from serviceladder.web.methods import read_only

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@read_only
def team_ranking(request: HttpRequest, code: str) -> HttpResponse:
    team = access_team_performance(request.user, code)
    months = selectors.ranking_months(team)
    month = request.GET.get("month", "")
    if not _MONTH.fullmatch(month) or month not in months:
        month = months[0] if months else ""
    rows = selectors.team_ranking(request.user, team, month) if month else []
    # The latest published star tier of each member (who may see the team's ranking may see their stars).
    stars = latest_published_stars([r.employee.pk for r in rows])
    for r in rows:
        r.stars = stars.get(r.employee.pk)
    context = {"team": team, "months": months, "month": month, "rows": rows}
    return render(request, "web/teams/ranking.html", context)
