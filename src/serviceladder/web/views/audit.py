import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from serviceladder.accounts.scoping import access_employee, can_browse_audit
from serviceladder.audit import selectors
from serviceladder.web.access import require
from serviceladder.web.methods import read_only

PAGE_SIZE = 50


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@read_only
def audit_list(request: HttpRequest) -> HttpResponse:
    require(can_browse_audit(request.user))
    filters = selectors.AuditFilters(
        action=request.GET.get("action", ""),
        actor=request.GET.get("actor", "").strip()[:150],
        date_from=_date(request.GET.get("from")),
        date_to=_date(request.GET.get("to")),
    )
    events = selectors.audit_events_list(request.user, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "actions": selectors.audit_actions(request.user)}
    return render(request, "web/audit/list.html", context)


@read_only
def person_audit(request: HttpRequest, number: str) -> HttpResponse:
    require(can_browse_audit(request.user))
    employee = access_employee(request.user, number)
    events = selectors.audit_events_for_employee(request.user, employee)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/audit/person.html", {"e": employee, "page": page})
