"""Queues: contacts offered, answered and abandoned per queue and month; abandon rate, service level."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from serviceladder.accounts.scoping import can_see_queues
from serviceladder.core import spreadsheet_safety
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


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@read_only
def queue_figures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The page's figures (same scope; `month` as on the page, empty or `all` for every month) with the
    columns of `serviceladder export queues`, as CSV (with a byte-order mark, for Excel) or XLSX."""
    require(can_see_queues(request.user))
    month = request.GET.get("month", "")
    if month not in selectors.queue_months(request.user):
        month = ALL_MONTHS
    rows = selectors.queue_export_rows(request.user, month=None if month == ALL_MONTHS else month)
    columns = selectors.QUEUE_EXPORT_COLUMNS
    if fmt == "csv":
        data = spreadsheet_safety.csv_bytes(columns, rows, bom=True)
    else:
        data = spreadsheet_safety.xlsx_bytes(columns, rows, title="queues")
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="queues-{month}.{fmt}"'
    return response
