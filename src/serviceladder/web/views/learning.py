"""Learning pages (issue 17): the area's landing and a person's learning page, each section from its own
module (learning_parts). Every section asks accounts.scoping for its own rule."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from serviceladder.accounts.scoping import access_employee, can_see_learning, user_employee
from serviceladder.web.access import can_open_learning, require
from serviceladder.web.methods import read_only
from serviceladder.web.views.learning_parts import catalogue, curricula, enrolments, exams, reports

TOPICS = (enrolments, exams, curricula, catalogue, reports)


@read_only
def landing(request: HttpRequest) -> HttpResponse:
    require(can_open_learning(request.user))
    blocks = [b for b in (topic.landing(request) for topic in TOPICS) if b is not None]
    return render(request, "web/learning/landing.html", {"me": user_employee(request.user), "parts": blocks})


@read_only
def my_learning(request: HttpRequest) -> HttpResponse:
    me = user_employee(request.user)
    require(me is not None and can_see_learning(request.user, me))
    return redirect("person_learning", number=me.number)


@read_only
def person_learning(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(can_see_learning(request.user, employee))
    parts = [p for p in (topic.part(request, employee) for topic in TOPICS) if p is not None]
    return render(request, "web/learning/person.html", {"e": employee, "parts": parts})
