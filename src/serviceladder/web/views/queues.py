"""Queues: contacts offered, answered and abandoned per queue and month; abandon rate, service level."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from serviceladder.accounts.scoping import can_see_queues
from serviceladder.metrics import selectors
from serviceladder.web.access import require
from serviceladder.web.methods import read_only

ALL_MONTHS = "all"


@read_only
def queue_figures(request: HttpRequest) -> HttpResponse:
    require(can_see_queues(request.user))
    months = selectors.queue_months(request.user)
    month = request.GET.get("month", "")
    if month != ALL_MONTHS and month not in months:
        month = months[0] if months else ALL_MONTHS
    rows = selectors.queue_figures(request.user, month=None if month == ALL_MONTHS else month)
    context = {"months": months, "month": month, "all_months": ALL_MONTHS, "rows": rows}
    return render(request, "web/queues/list.html", context)
