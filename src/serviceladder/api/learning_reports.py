"""Learning over the API (issue 17, "Also"): the enrolments and completions the token's user may read (the
same rows and scope as `serviceladder learning export`), a person's learning history, and the learning
reports of the user's scope (leads, heads, HR, management)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema

from serviceladder.accounts.scoping import access_employee, user_roles
from serviceladder.api.schemas import ERRORS, MAX_PAGE_SIZE, page_of
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.learning.export import report_records
from serviceladder.learning.selectors import reports
from serviceladder.org.selectors import today

router = Router(tags=["learning"])


class EnrolmentOut(Schema):
    id: int
    employee_number: str
    employee_name: str
    course_code: str
    course_name: str
    state: str
    source: str
    assigned_on: dt.date
    due_on: dt.date | None
    overdue: bool
    completed_on: dt.date | None


class EnrolmentPage(Schema):
    as_of: dt.date
    count: int
    page: int
    pages: int
    page_size: int
    items: list[EnrolmentOut]


class CompletionOut(Schema):
    id: int
    employee_number: str
    employee_name: str
    course_code: str
    name: str
    kind: str
    completed_on: dt.date
    expires_on: dt.date | None
    valid: bool
    score: Decimal | None
    source: str


class CompletionPage(Schema):
    as_of: dt.date
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CompletionOut]


class ExamResultOut(Schema):
    date: dt.date
    name: str
    exam_code: str
    score: Decimal
    max_score: Decimal


class HistoryOut(Schema):
    number: str
    as_of: dt.date
    enrolments: list[EnrolmentOut]
    completions: list[CompletionOut]
    exam_results: list[ExamResultOut]


class RateOut(Schema):
    key: str
    name: str
    people: int | None
    enrolled: int
    completed: int
    overdue: int
    completion_rate: int | None


class ReportOut(Schema):
    as_of: dt.date
    totals: dict[str, Any]
    course: list[RateOut]
    team: list[RateOut]
    department: list[RateOut]
    tenure: list[RateOut]
    new_hires: dict[str, Any]


def _require_role(user) -> None:
    """The lists are for everyone with a role (each sees the rows scoping allows); a login without one is
    refused, as on the Learning pages."""
    if not user_roles(user):
        raise PermissionDeniedError()


def _page(qs, record, as_of: dt.date, page: int, page_size: int) -> dict:
    result = page_of(qs, page=page, page_size=page_size)
    result["items"] = [record(x, as_of) for x in result["items"]]
    return {"as_of": as_of, **result}


@router.get(
    "/enrolments",
    response={200: EnrolmentPage, **ERRORS},
    url_name="learning_enrolments",
    summary="Enrolments the caller may read, with state, dates and whether they are overdue",
)
def learning_enrolments(
    request,
    as_of: dt.date | None = None,
    employee: str = Query("", description="only this employee number"),
    state: str = Query("", description="only this state"),
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    _require_role(request.auth)
    day = as_of or today()
    qs = reports.enrolments_listed(request.auth, employee=employee, state=state)
    return _page(qs, reports.enrolment_record, day, page, page_size)


@router.get(
    "/completions",
    response={200: CompletionPage, **ERRORS},
    url_name="learning_completions",
    summary="Completions the caller may read, with expiry and whether they are in force",
)
def learning_completions(
    request,
    as_of: dt.date | None = None,
    employee: str = Query("", description="only this employee number"),
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    _require_role(request.auth)
    day = as_of or today()
    qs = reports.completions_listed(request.auth, employee=employee)
    return _page(qs, reports.completion_record, day, page, page_size)


@router.get(
    "/people/{number}/history",
    response={200: HistoryOut, **ERRORS},
    url_name="learning_history",
    summary="A person's learning history: enrolments, completions, exam results (newest first)",
)
def learning_history(request, number: str, as_of: dt.date | None = None):
    day = as_of or today()
    employee = access_employee(request.auth, number)
    h = reports.history(request.auth, employee, as_of=day)
    return {
        "number": employee.number,
        "as_of": day,
        "enrolments": [reports.enrolment_record(e, day) for e in h.enrolments],
        "completions": [reports.completion_record(c, day) for c in h.completions],
        "exam_results": h.exams,
    }


@router.get(
    "/reports",
    response={200: ReportOut, **ERRORS},
    url_name="learning_reports",
    summary="Completion and overdue by course, team, department and tenure; new hires against early leaving",
)
def learning_report(request, as_of: dt.date | None = None, months: int = Query(12, ge=1, le=36)):
    return report_records(request.auth, as_of=as_of or today(), months=months)
