"""GET /api/people and /api/people/{number} — the directory, scoped exactly as the web pages.

Everyone sees the people accounts.scoping lets them see (an agent: only themselves); anyone else is 404.
Pay appears only where scoping.can_see_pay says so; otherwise "pay" is null. Everyone who sees a person sees
their current level; "level_since" only where scoping.may_see_level_history says so (never an administrator).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from serviceladder.accounts.scoping import access_employee, can_see_pay, may_see_level_history
from serviceladder.api.schemas import ERRORS, MAX_PAGE_SIZE, page_of
from serviceladder.org import selectors

router = Router(tags=["people"])


class PersonSummary(Schema):
    number: str
    name: str
    department: str | None
    team: str | None
    level: str | None


class PeoplePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[PersonSummary]


class PayOut(Schema):
    monthly_amount: Decimal
    currency: str
    effective_from: dt.date


class PersonOut(PersonSummary):
    level_since: dt.date | None = Field(
        description="since when the current level is held; null for callers who may not see level history"
    )
    hire_date: dt.date
    leave_date: dt.date | None
    pay: list[PayOut] | None  # newest first; null when the caller may not see this person's pay


def _summary(employee) -> dict:
    team = employee.team
    level = getattr(employee, "current_level", None)
    return {
        "number": employee.number,
        "name": employee.name,
        "department": team.department.code if team else None,
        "team": team.code if team else None,
        "level": level.code if level else None,
    }


@router.get("", response={200: PeoplePage, **ERRORS}, url_name="people", summary="People the caller may see")
def people_list(
    request,
    q: str = Query("", max_length=100, description="part of a name or an employee number"),
    department: str = Query("", description="department code"),
    team: str = Query("", description="team code"),
    level: str = Query("", description="current level code"),
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    filters = selectors.DirectoryFilters(q=q.strip(), department=department, team=team, level=level)
    result = page_of(selectors.directory_search(request.auth, filters), page=page, page_size=page_size)
    selectors.attach_levels(result["items"])
    result["items"] = [_summary(e) for e in result["items"]]
    return result


@router.get("/{number}", response={200: PersonOut, **ERRORS}, url_name="person", summary="One person")
def person(request, number: str):
    user = request.auth
    employee = access_employee(user, number)
    current = selectors.level_as_of(employee, selectors.today())
    employee.current_level = current.level if current else None
    out = _summary(employee)
    out.update(
        level_since=current.effective_from if current and may_see_level_history(user, employee) else None,
        hire_date=employee.hire_date,
        leave_date=employee.leave_date,
        pay=None,
    )
    if can_see_pay(user, employee):
        out["pay"] = [
            {"monthly_amount": p.monthly_amount, "currency": p.currency, "effective_from": p.effective_from}
            for p in employee.pay_records.order_by("-effective_from")
        ]
    return out
