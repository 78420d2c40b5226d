"""Development planning pages (issue 14): a person's development page gathers their plan and goals,
assessments, conversations, mentoring and record, each section from its own module (development_parts)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from serviceladder.accounts.scoping import access_plan_employee, user_employee
from serviceladder.web.access import require
from serviceladder.web.methods import read_only
from serviceladder.web.views.development_parts import (
    assessments,
    conversations,
    goals,
    mentoring,
    plan,
    record,
)

PARTS = (plan.part, goals.part, assessments.part, conversations.part, mentoring.part, record.part)


@read_only
def my_development(request: HttpRequest) -> HttpResponse:
    me = user_employee(request.user)
    require(me is not None)
    return redirect("person_development", number=me.number)


@read_only
def person_development(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)  # the person's readers and their mentor
    parts = [p for p in (make(request, employee) for make in PARTS) if p is not None]
    return render(request, "web/development/person.html", {"e": employee, "parts": parts})
