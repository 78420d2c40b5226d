"""Wellbeing pages (issue 16): the area's landing and a person's wellbeing page, each section from its own
module (wellbeing_parts). Sensitive data: every section asks accounts.scoping for its own rule."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from serviceladder.accounts.scoping import access_employee, can_see_wellbeing, user_employee
from serviceladder.web.access import can_open_wellbeing, require
from serviceladder.web.methods import read_only
from serviceladder.web.views.wellbeing_parts import activities, cases, pulse, signals, voice

TOPICS = (signals, cases, pulse, voice, activities)


@read_only
def landing(request: HttpRequest) -> HttpResponse:
    require(can_open_wellbeing(request.user))
    blocks = [b for b in (topic.landing(request) for topic in TOPICS) if b is not None]
    return render(request, "web/wellbeing/landing.html", {"me": user_employee(request.user), "parts": blocks})


@read_only
def my_wellbeing(request: HttpRequest) -> HttpResponse:
    me = user_employee(request.user)
    require(me is not None and can_see_wellbeing(request.user, me))
    return redirect("person_wellbeing", number=me.number)


@read_only
def person_wellbeing(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(can_see_wellbeing(request.user, employee))
    parts = [p for p in (topic.part(request, employee) for topic in TOPICS) if p is not None]
    return render(request, "web/wellbeing/person.html", {"e": employee, "parts": parts})
