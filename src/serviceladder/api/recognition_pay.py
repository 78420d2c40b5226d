"""Performance pay over the API (issue 15, item 3), scoped exactly as the web pages
(recognition.selectors.pay): GET /api/bonus/months and /api/bonus/months/{month}/lines for HR and
management (anyone else: an empty list, 404 for a month); POST propose, approve and a line's adjust for HR;
GET /api/bonus/months/{month}/export?format=csv|xlsx, the payroll file of an approved month (HR). Amounts
are decimal strings, never floats."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema, Status

from serviceladder.accounts.scoping import can_manage_bonus
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.recognition import pay_export
from serviceladder.recognition.pay_errors import PayNotAllowed
from serviceladder.recognition.selectors import pay as selectors
from serviceladder.recognition.services import pay as services

router = Router(tags=["performance pay"])


class MonthOut(Schema):
    month: str
    state: str
    policy_version: int
    rounding: str
    lines: int
    total: str
    proposed_at: dt.datetime
    approved_at: dt.datetime | None


class LineOut(Schema):
    id: int
    number: str
    name: str
    team: str
    level: str
    status: str
    base: str
    coefficient: str
    proration: str
    cap: str | None
    adjustment: str
    adjustment_reason: str
    amount: str
    rule: dict


class AdjustIn(Schema):
    adjustment: str
    reason: str


def _actor(request) -> Actor:
    return Actor(user=request.auth, channel="api")


def _month(bm) -> dict:
    lines = getattr(bm, "line_count", None)
    total = getattr(bm, "total", None)
    if lines is None:
        lines = bm.lines.count()
        total = sum(bm.lines.values_list("amount", flat=True))
    return {
        "month": bm.month,
        "state": bm.state,
        "policy_version": bm.policy_version.number,
        "rounding": bm.rounding,
        "lines": lines,
        "total": f"{total or 0:.2f}",
        "proposed_at": bm.proposed_at,
        "approved_at": bm.approved_at,
    }


def _line(line) -> dict:
    return {
        "id": line.pk,
        "number": line.employee.number,
        "name": line.employee.name,
        "team": line.team.code if line.team else "",
        "level": line.level_code,
        "status": line.status,
        "base": str(line.base),
        "coefficient": str(line.coefficient.normalize()),
        "proration": str(line.proration),
        "cap": None if line.cap is None else str(line.cap),
        "adjustment": str(line.adjustment),
        "adjustment_reason": line.adjustment_reason,
        "amount": str(line.amount),
        "rule": line.rule,
    }


@router.get(
    "/months", response={200: list[MonthOut], **ERRORS}, url_name="bonus_months", summary="Bonus months"
)
def months(request):
    return [_month(m) for m in selectors.months_for(request.auth)]


@router.get(
    "/months/{month}/lines",
    response={200: list[LineOut], **ERRORS},
    url_name="bonus_lines",
    summary="A month's lines (HR, management)",
)
def lines(request, month: str, team: str = "", status: str = ""):
    bm = selectors.access_month(request.auth, month)
    return [_line(x) for x in selectors.lines_of(request.auth, bm, team=team, status=status)]


@router.post(
    "/months/{month}/propose",
    response={201: MonthOut, **ERRORS},
    url_name="bonus_propose",
    summary="Propose an ended month, or propose again a month not approved (HR)",
)
def propose(request, month: str):
    bm = services.bonus_month_propose(actor=_actor(request), month=month)
    return Status(201, _month(selectors.access_month(request.auth, bm.month)))


@router.post(
    "/months/{month}/approve",
    response={200: MonthOut, **ERRORS},
    url_name="bonus_approve",
    summary="Approve a proposed month: it is then frozen (HR)",
)
def approve(request, month: str):
    if not can_manage_bonus(request.auth):
        raise PayNotAllowed()
    bm = selectors.access_month(request.auth, month)
    services.bonus_month_approve(actor=_actor(request), bonus_month=bm)
    return _month(selectors.access_month(request.auth, month))


@router.post(
    "/lines/{line_id}/adjust",
    response={200: LineOut, **ERRORS},
    url_name="bonus_adjust",
    summary="Adjust a line within the policy's bounds, with a reason (HR)",
)
def adjust(request, line_id: int, payload: AdjustIn):
    if not can_manage_bonus(request.auth):
        raise NotFoundOrForbidden()
    from serviceladder.recognition.models import BonusLine

    line = BonusLine.objects.select_related("employee", "team").filter(pk=line_id).first()
    if line is None:
        raise NotFoundOrForbidden()
    adjustment = services.parse_amount(payload.adjustment, "adjustment")
    line = services.bonus_line_adjust(
        actor=_actor(request), line=line, adjustment=adjustment, reason=payload.reason
    )
    return _line(line)


@router.get(
    "/months/{month}/export",
    response={200: None, **ERRORS},
    url_name="bonus_export",
    summary="The payroll file of an approved month, CSV (UTF-8 with BOM) or XLSX (HR)",
)
def export(request, month: str, format: str = "csv"):  # noqa: A002 - the query parameter's name
    if not can_manage_bonus(request.auth):
        raise PayNotAllowed()
    bm = selectors.access_month(request.auth, month)
    data = pay_export.render(bm, format)
    response = HttpResponse(data, content_type=pay_export.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{pay_export.filename(bm, format)}"'
    return response
