from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import (
    access_employee,
    can_browse_audit,
    can_confirm_competencies,
    can_edit_employee_records,
    can_manage_logins,
    can_see_learning,
)
from serviceladder.core.i18n import pick
from serviceladder.development.selectors.confirmations import competency_confirmations
from serviceladder.org import selectors
from serviceladder.policy.selectors import training_names
from serviceladder.recognition.selectors.received import recognition_summary
from serviceladder.recognition.selectors.stars import shown_stars
from serviceladder.web.access import can_browse_directory, require
from serviceladder.web.charts import line_chart
from serviceladder.web.methods import read_only
from serviceladder.web.templatetags.web_format import pct, score

PAGE_SIZE = 25


@read_only
def directory(request: HttpRequest) -> HttpResponse:
    require(can_browse_directory(request.user))
    filters = selectors.DirectoryFilters(
        q=request.GET.get("q", "").strip()[:100],
        department=request.GET.get("department", ""),
        team=request.GET.get("team", ""),
        level=request.GET.get("level", ""),
    )
    results = selectors.directory_search(request.user, filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_levels(page.object_list)
    context = {"page": page, "filters": filters, "options": selectors.directory_filter_options(request.user)}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/people/_results.html" if partial else "web/people/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@read_only
def profile(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    data = selectors.employee_profile(request.user, employee)
    if data.trainings:
        _name_trainings(data.trainings)
    charts = _charts(data.metrics) if data.metrics else None
    return render(
        request,
        "web/people/profile.html",
        {
            "p": data,
            "e": employee,
            "charts": charts,
            "can_audit": can_browse_audit(request.user),
            "confirmations": competency_confirmations(request.user, employee),
            "can_confirm": can_confirm_competencies(request.user, employee),
            "can_edit_record": can_edit_employee_records(request.user),
            "can_manage_logins": can_manage_logins(request.user),
            "recognition": recognition_summary(request.user, employee),
            "stars": shown_stars(request.user, employee),
            "can_see_learning": can_see_learning(request.user, employee),
        },
    )


def _name_trainings(trainings: list) -> None:
    """Each completion's name in the reader's language: its catalogue course's, else its recorded
    translation, else the policy's name of the same training (recorded by code or by either name), else as
    recorded."""
    known = training_names(selectors.today())
    for t in trainings:
        found = None if t.name_alt or t.course_id else known.get(t.name.strip().lower())
        t.shown_name = pick(*found) if found else t.display_name


def _charts(metrics) -> dict:
    months = [m.month for m in metrics]
    return {
        "csat": line_chart(
            title=_("CSAT by month (1–5)"),
            labels=months,
            values=[m.csat_mean for m in metrics],
            y_min=1,
            y_max=5,
            y_ticks=[1, 2, 3, 4, 5],
            fmt=lambda v: score(v, 1),
        ),
        "fcr": line_chart(
            title=_("First contact resolution by month"),
            labels=months,
            values=[m.fcr_rate for m in metrics],
            y_min=0,
            y_max=1,
            y_ticks=[0, 0.25, 0.5, 0.75, 1],
            fmt=lambda v: pct(v, 0),
        ),
    }
