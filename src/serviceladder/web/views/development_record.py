"""The development record's pages (issue 14, item 7): add a contribution to a person's record (the person,
their lead, HR), change or delete one (whoever recorded it, HR)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import access_employee
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.development.errors import DATE_REQUIRED, RecordInvalid
from serviceladder.development.models import Contribution
from serviceladder.development.selectors.record import access_contribution, may_add_to_record
from serviceladder.development.services import record as services
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.methods import form_page

ADDED = _("“%(title)s” added to the record.")
CHANGED = _("“%(title)s” changed.")
DELETED = _("“%(title)s” deleted from the record.")


def _fields(post) -> dict:
    raw = (post.get("date") or "").strip()
    try:
        date = dt.date.fromisoformat(raw)
    except ValueError:
        raise RecordInvalid(DATE_REQUIRED, field=_("Date")) from None
    return {
        "kind": post.get("kind", ""),
        "title": post.get("title", "")[:200],
        "date": date,
        "description": post.get("description", "")[:4000],
        "evidence": post.get("evidence", "")[:4000],
    }


def _back(employee) -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("person_development", args=[employee.number]) + "#record")


@form_page
def contribution_new(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(may_add_to_record(request.user, employee))
    post = request.POST if request.method == "POST" else None
    error = ""
    if post is not None:
        try:
            c = services.contribution_add(
                actor=Actor(user=request.user, channel="web"), employee=employee, **_fields(post)
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, ADDED % {"title": c.title})
            return _back(employee)
    context = {
        "e": employee,
        "kinds": Contribution.Kind.choices,
        "values": post or {"date": today().isoformat(), "kind": Contribution.Kind.KB_ARTICLE},
        "error": error,
        "editing": None,
    }
    return render(request, "web/development/contribution_form.html", context, status=400 if error else 200)


@form_page
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = access_contribution(request.user, pk)
    require(services.can_change_contribution(request.user, c))
    post = request.POST if request.method == "POST" else None
    error = ""
    if post is not None:
        actor = Actor(user=request.user, channel="web")
        try:
            if post.get("step") == "delete":
                title = c.title
                services.contribution_delete(actor=actor, contribution=c, reason=post.get("reason", ""))
                messages.success(request, DELETED % {"title": title})
                return _back(c.employee)
            c = services.contribution_update(actor=actor, contribution=c, **_fields(post))
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, CHANGED % {"title": c.title})
            return _back(c.employee)
    values = post or {
        "kind": c.kind,
        "title": c.title,
        "date": c.date.isoformat(),
        "description": c.description,
        "evidence": c.evidence,
    }
    context = {
        "e": c.employee,
        "kinds": Contribution.Kind.choices,
        "values": values,
        "error": error,
        "editing": c,
    }
    return render(request, "web/development/contribution_form.html", context, status=400 if error else 200)
