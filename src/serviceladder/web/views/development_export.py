"""The development export as a download from the `/development/` landing (issue 14, "Also"): the same rows
and scope as `serviceladder development export` (development/selectors/export.py), as CSV or XLSX, for a
team lead, a department head and HR. HR's department filter and everybody's plan-state filter of the
landing carry over."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import has_role
from serviceladder.development.errors_export import ExportInvalid
from serviceladder.development.export import CONTENT_TYPES, render_people
from serviceladder.development.selectors.export import people_export
from serviceladder.development.selectors.plans import STATE_LABELS
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.methods import read_only

EXPORT_ROLES = (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR)


def can_download_development(user) -> bool:
    return has_role(user, *EXPORT_ROLES)


@read_only
def development_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(can_download_development(request.user))
    as_of = today()
    department = request.GET.get("department", "") if has_role(request.user, Role.HR) else ""
    try:
        records = people_export(request.user, as_of=as_of, department=department or None)
    except ExportInvalid as exc:
        messages.error(request, str(exc))
        return redirect(reverse("development"))
    state = request.GET.get("state", "")
    if state in STATE_LABELS:
        records = [r for r in records if r["plan_status"] == state]
    # CSV with a byte-order mark, as the other downloads, so that Excel opens Chinese names correctly.
    data = render_people(records, fmt, as_of, bom=True)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="development-{as_of.isoformat()}.{fmt}"'
    return response
