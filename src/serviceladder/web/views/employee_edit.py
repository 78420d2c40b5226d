"""People → a person → Edit record (HR): the roster's fields for one person, with a reason, audited.

The values go through org.services.employee_record_update, which checks them with the roster import's own
checks; each problem is shown beside its field, nothing is written until all are fixed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import access_employee, can_edit_employee_records
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.ladder.models import Level
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.imports.values import CHANNELS_ALLOWED
from serviceladder.org.models import Education, Team
from serviceladder.org.selectors import employee_record_values
from serviceladder.org.services import RECORD_FIELDS, employee_record_update
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

LABELS = {
    "name": gettext_lazy("Name"),
    "department": gettext_lazy("Department"),
    "team": gettext_lazy("Team"),
    "manager": gettext_lazy("Manager (employee number)"),
    "hire_date": gettext_lazy("Hire date"),
    "level": gettext_lazy("Level"),
    "level_since": gettext_lazy("Level since"),
    "education": gettext_lazy("Education"),
    "education_date": gettext_lazy("Education completed on"),
    "leave_date": gettext_lazy("Leave date"),
    "prior_experience_months": gettext_lazy("Prior customer-service experience (months)"),
    "channels": gettext_lazy("Service channels"),
    "languages": gettext_lazy("Service languages"),
    "email": gettext_lazy("E-mail"),
}


@form_page
def employee_edit(request: HttpRequest, number: str) -> HttpResponse:
    require(can_edit_employee_records(request.user))
    employee = access_employee(request.user, number)
    values = employee_record_values(employee)
    reason = ""
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip()[:300] for k in RECORD_FIELDS}
        team = Team.objects.select_related("department").filter(code=values["team"]).first()
        values["department"] = team.department.code if team else values.get("department", "")
        reason = request.POST.get("reason", "")[:500]
        try:
            result = employee_record_update(
                actor=Actor(user=request.user, channel="web"), number=number, values=values, reason=reason
            )
        except ImportRejected as exc:
            for error in exc.errors:
                problems.setdefault(error.column, []).append(error.reason)
            messages.error(request, _("Nothing was saved: fix the fields marked below."))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if result.updated:
                messages.success(request, _("The record of %(name)s is saved.") % {"name": values["name"]})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("person", number=number)
    fields = [
        {"key": k, "label": LABELS[k], "value": values.get(k, ""), "problems": problems.get(k, [])}
        for k in RECORD_FIELDS
        if k != "department"
    ]
    return render(
        request,
        "web/people/edit.html",
        {
            "e": employee,
            "fields": fields,
            "reason": reason,
            "teams": Team.objects.select_related("department").order_by("department__code", "code"),
            "levels": Level.objects.select_related("track"),
            "degrees": Education.Degree.choices,
            "channels_allowed": CHANNELS_ALLOWED,
            "other_problems": [p for k, ps in problems.items() if k not in LABELS for p in ps],
        },
    )
