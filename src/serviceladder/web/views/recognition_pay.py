"""Performance-pay pages (issue 15, item 3): the months (HR and management; HR's propose form), a month with
its lines, filters and team totals (HR: approve, adjust a line, record a correction, download the payroll
file). Thin: access in recognition.selectors.pay (accounts.scoping), writes in recognition.services.pay."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_bonus
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee, Team
from serviceladder.org.selectors import today
from serviceladder.policy.selectors import policy_parsed
from serviceladder.recognition import pay_export
from serviceladder.recognition.models import BonusLine, BonusMonth
from serviceladder.recognition.pay_explain import explain, rounding_name
from serviceladder.recognition.selectors import pay as selectors
from serviceladder.recognition.services import pay as services
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only

PROPOSED = _("Performance pay of %(month)s proposed: %(lines)s lines.")
ADJUSTED = _("The bonus of %(name)s is now %(amount)s.")
APPROVED = _("Performance pay of %(month)s approved; it is now frozen and ready for payroll.")
CORRECTED = _("Correction of %(delta)s for %(name)s recorded; it is paid with the next month proposed.")


def _last_month() -> str:
    last = today().replace(day=1) - dt.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


@form_page
def bonus_months(request: HttpRequest) -> HttpResponse:
    """The bonus months, newest first; HR proposes a month here."""
    require(selectors.can_open_pay(request.user))
    error = ""
    month = request.POST.get("month", "") if request.method == "POST" else _last_month()
    if request.method == "POST":
        require(can_manage_bonus(request.user))
        try:
            bm = services.bonus_month_propose(actor=Actor(user=request.user, channel="web"), month=month)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, PROPOSED % {"month": bm.month, "lines": bm.lines.count()})
            return redirect("bonus_month", month=bm.month)
    context = {
        "months": selectors.months_for(request.user),
        "can_manage": can_manage_bonus(request.user),
        "month": month,
        "error": error,
    }
    return render(request, "web/recognition/pay_months.html", context, status=400 if error else 200)


@form_page
def bonus_month(request: HttpRequest, month: str) -> HttpResponse:
    """A month: team totals, the lines (filter by team, status, name or number), and HR's actions."""
    bm = selectors.access_month(request.user, month)
    error = ""
    if request.method == "POST":
        require(can_manage_bonus(request.user))
        try:
            if request.POST.get("action") == "approve":
                services.bonus_month_approve(actor=Actor(user=request.user, channel="web"), bonus_month=bm)
                messages.success(request, APPROVED % {"month": bm.month})
            else:
                bm2 = services.bonus_month_propose(
                    actor=Actor(user=request.user, channel="web"), month=bm.month
                )
                messages.success(request, PROPOSED % {"month": bm2.month, "lines": bm2.lines.count()})
        except DomainError as exc:
            error = str(exc)
        else:
            return redirect("bonus_month", month=bm.month)
    team = request.GET.get("team", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:60]
    lines = list(selectors.lines_of(request.user, bm, team=team, status=status, q=q))
    names = {level.code: level.name for level in Level.objects.all()}
    for line in lines:
        line.level_name = names.get(line.level_code, line.level_code)  # the level as people read it
    context = {
        "bm": bm,
        "lines": lines,
        "totals": selectors.team_totals(request.user, bm),
        "corrections": selectors.corrections_of(request.user, bm),
        "teams": Team.objects.filter(pk__in=bm.lines.values("team_id")).order_by("code"),
        "statuses": BonusLine.Status.choices,
        "filters": {"team": team, "status": status, "q": q},
        "can_manage": can_manage_bonus(request.user),
        "approved": bm.state == BonusMonth.State.APPROVED,
        "error": error,
        "rounding_name": rounding_name(bm.rounding),
        "currency": policy_parsed(bm.policy_version).currency,
        "waiting_stars": selectors.held_for_unpublished_stars(bm),
    }
    return render(request, "web/recognition/pay_month.html", context, status=400 if error else 200)


@form_page
def bonus_line_adjust(request: HttpRequest, month: str, pk: int) -> HttpResponse:
    """HR adjusts one line of a proposed month, with a reason, within the policy's bounds."""
    require(can_manage_bonus(request.user))
    bm = selectors.access_month(request.user, month)
    line = selectors.access_line(request.user, bm, pk)
    error = ""
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            adjustment = services.parse_amount(post.get("adjustment", ""), _("Adjustment"))
            line = services.bonus_line_adjust(
                actor=Actor(user=request.user, channel="web"),
                line=line,
                adjustment=adjustment,
                reason=post.get("reason", "")[:2000],
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, ADJUSTED % {"name": line.employee.name, "amount": line.amount})
            return redirect("bonus_month", month=bm.month)
    context = {
        "bm": bm,
        "line": line,
        "explanation": explain(line),
        "values": post or {"adjustment": line.adjustment, "reason": line.adjustment_reason},
        "frozen": bm.state == BonusMonth.State.APPROVED,
        "percent": _percent(bm),
        "error": error,
    }
    return render(request, "web/recognition/pay_adjust.html", context, status=400 if error else 200)


def _percent(bm: BonusMonth):
    from serviceladder.policy.selectors import policy_parsed

    return policy_parsed(bm.policy_version).performance_pay.adjustment_percent


@form_page
def bonus_correction_new(request: HttpRequest, month: str) -> HttpResponse:
    """HR corrects a person's bonus of an approved month: a delta line in the next month proposed."""
    require(can_manage_bonus(request.user))
    bm = selectors.access_month(request.user, month)
    error = ""
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            employee = Employee.objects.filter(
                pk__in=bm.lines.values("employee_id"), number=post.get("employee", "").strip()
            ).first()
            if employee is None:
                raise NotFoundOrForbidden()
            delta = services.parse_amount(post.get("delta", ""), _("Correction"))
            services.bonus_correction_create(
                actor=Actor(user=request.user, channel="web"),
                bonus_month=bm,
                employee=employee,
                delta=delta,
                reason=post.get("reason", "")[:2000],
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, CORRECTED % {"delta": f"{delta:+}", "name": employee.name})
            return redirect("bonus_month", month=bm.month)
    context = {
        "bm": bm,
        "people": bm.lines.select_related("employee").order_by("employee__number"),
        "values": post or {"employee": request.GET.get("employee", "")},
        "frozen": bm.state == BonusMonth.State.APPROVED,
        "error": error,
    }
    return render(request, "web/recognition/pay_correction.html", context, status=400 if error else 200)


@read_only
def bonus_export(request: HttpRequest, month: str, fmt: str) -> HttpResponse:
    """The payroll file of an approved month (HR), the same bytes as `serviceladder bonus export`."""
    require(can_manage_bonus(request.user))
    bm = selectors.access_month(request.user, month)
    try:
        data = pay_export.render(bm, fmt)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("bonus_month", month=bm.month)
    response = HttpResponse(data, content_type=pay_export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{pay_export.filename(bm, fmt)}"'
    return response
