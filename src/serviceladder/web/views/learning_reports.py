"""Learning reports (issue 17 item 6): one page whose tables follow the reader's scope — a lead's teams, a
head's department, everyone for HR and management — with the overdue count and completion rate by team, by
department, by course and by tenure cohort, the new hires' curriculum progress against early leaving, and the
open enrolments past their due day. Figures from learning.selectors.reports (a few queries whatever the
head-count); people are named only to readers who see their learning record."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_see_learning_reports
from serviceladder.learning.export import REPORT_TABLES
from serviceladder.learning.export import render as render_export
from serviceladder.learning.selectors import reports
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.methods import read_only

MONTHS_CHOICES = (3, 6, 12, 24)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OVERDUE_LIMIT = 30
TENURE_LABELS = {
    "0-3": _("0–3 months"),
    "3-6": _("3–6 months"),
    "6-12": _("6–12 months"),
    "12-24": _("12–24 months"),
    "24+": _("24 months or more"),
}


def _day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else today()
    except ValueError:
        return today()


def _months(raw: str | None) -> int:
    try:
        value = int(raw or 12)
    except ValueError:
        return 12
    return value if value in MONTHS_CHOICES else 12


@read_only
def learning_reports_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report of the page as XLSX (every table, one sheet each) or CSV (`?by=` one table, default by
    course): the same bytes as `serviceladder learning export --what report`."""
    user = request.user
    require(can_see_learning_reports(user))
    as_of = _day(request.GET.get("as_of"))
    by = request.GET.get("by") if request.GET.get("by") in REPORT_TABLES else None
    data = render_export(
        user, what="report", fmt=fmt, as_of=as_of, by=by, months=_months(request.GET.get("months")), bom=True
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="learning-report-{as_of.isoformat()}.{fmt}"'
    return response


@read_only
def learning_reports(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(can_see_learning_reports(user))
    as_of = _day(request.GET.get("as_of"))
    months = _months(request.GET.get("months"))
    departments = reports.by_department(user, as_of=as_of)
    hires = reports.new_hires(user, as_of=as_of, months=months)
    days = [gettext("Day %(n)s") % {"n": n} for n in reports.CHECKPOINTS]
    tenure = [{"row": r, "label": TENURE_LABELS[r.key]} for r in reports.by_tenure(user, as_of=as_of)]
    return render(
        request,
        "web/learning/reports.html",
        {
            "as_of": as_of,
            "months": months,
            "months_choices": MONTHS_CHOICES,
            "total": reports.totals(user, as_of=as_of),
            "teams": reports.by_team(user, as_of=as_of),
            "departments": departments if len(departments) > 1 else [],
            "courses": reports.by_course(user, as_of=as_of),
            "tenure": tenure,
            "new_hires": hires,
            "days": days,
            "summary": [
                {"s": s, "cells": list(zip(days, [s[f"day_{n}"] for n in reports.CHECKPOINTS], strict=True))}
                for s in hires.summary()
            ],
            "hires": [{"p": p, "cells": list(zip(days, p.share_list, strict=True))} for p in hires.listed],
            "overdue": reports.overdue_enrolments(user, as_of=as_of, limit=OVERDUE_LIMIT),
            "overdue_limit": OVERDUE_LIMIT,
        },
    )
