import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import access_employee, can_browse_audit
from serviceladder.audit import selectors
from serviceladder.core import spreadsheet_safety
from serviceladder.web import audit_text
from serviceladder.web.access import require
from serviceladder.web.methods import read_only

PAGE_SIZE = 50
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_BATCH = 500


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.AuditFilters:
    return selectors.AuditFilters(
        action=request.GET.get("action", ""),
        actor=request.GET.get("actor", "").strip()[:150],
        person=request.GET.get("person", "").strip()[:100],
        date_from=_date(request.GET.get("from")),
        date_to=_date(request.GET.get("to")),
    )


@read_only
def audit_list(request: HttpRequest) -> HttpResponse:
    require(can_browse_audit(request.user))
    filters = _filters(request)
    events = selectors.audit_events_list(request.user, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": audit_text.readable_events(page.object_list, viewer=request.user),
        "filters": filters,
        "actions": selectors.audit_actions(request.user),
        "query_string": query.urlencode(),
    }
    return render(request, "web/audit/list.html", context)


def _batched(events, viewer):
    """The rows in pages, so an export of the whole log never holds it all in memory."""
    paginator = Paginator(events, EXPORT_BATCH)
    for number in paginator.page_range:
        _header, rows = audit_text.export_rows(paginator.page(number).object_list, viewer=viewer)
        yield from rows


@read_only
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered log (same scope, same filters as the page) as CSV or XLSX, in the reader's language."""
    require(can_browse_audit(request.user))
    events = selectors.audit_events_list(request.user, _filters(request))
    header, _rows = audit_text.export_rows([], viewer=request.user)
    name = f"audit-log-{dt.date.today().isoformat()}.{fmt}"
    rows = list(_batched(events, request.user))  # rendered here, in the request's language
    if fmt == "csv":
        data = spreadsheet_safety.csv_bytes(header, rows, bom=True)  # the BOM: Excel reads Chinese right
    else:
        data = spreadsheet_safety.xlsx_bytes(header, rows, title=_("Audit log"))
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@read_only
def person_audit(request: HttpRequest, number: str) -> HttpResponse:
    require(can_browse_audit(request.user))
    employee = access_employee(request.user, number)
    events = selectors.audit_events_for_employee(request.user, employee)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = audit_text.readable_events(page.object_list, viewer=request.user)
    context = {"e": employee, "page": page, "rows": rows}
    return render(request, "web/audit/person.html", context)
