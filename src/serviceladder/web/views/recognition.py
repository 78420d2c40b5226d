"""Recognition and performance pay pages (issue 15): the landing, and a person's page gathering their stars,
the recognition they received, their performance pay, coaching and improvement plans, each section from its
own module (recognition_parts)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from serviceladder.accounts.scoping import access_employee, can_see_plan, user_employee
from serviceladder.web.access import can_open_recognition, require
from serviceladder.web.methods import read_only
from serviceladder.web.views.recognition_parts import coaching, improvement, pay, received, stars

TOPICS = (stars, received, pay, coaching, improvement)


@read_only
def landing(request: HttpRequest) -> HttpResponse:
    require(can_open_recognition(request.user))
    blocks = [b for b in (topic.landing(request) for topic in TOPICS) if b is not None]
    return render(
        request, "web/recognition/landing.html", {"me": user_employee(request.user), "parts": blocks}
    )


@read_only
def my_recognition(request: HttpRequest) -> HttpResponse:
    me = user_employee(request.user)
    require(can_open_recognition(request.user) and me is not None)
    return redirect("person_recognition", number=me.number)


@read_only
def person_recognition(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    parts = [p for p in (topic.part(request, employee) for topic in TOPICS) if p is not None]
    context = {"e": employee, "parts": parts, "sees_development": can_see_plan(request.user, employee)}
    return render(request, "web/recognition/person.html", context)
