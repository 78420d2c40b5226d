"""Team activities (issue 16 item 6): the calendar of a month, an activity with its sign-ups and attendance,
and the organiser's form to create or change one. Thin: access through accounts.scoping and the activity
selectors, writes through the activity services."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceladder.accounts.scoping import (
    activities_open_to,
    activity_targets,
    can_manage_activity,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.org.models import Department, Team
from serviceladder.web.access import can_open_wellbeing, require
from serviceladder.web.methods import form_page, read_only
from serviceladder.wellbeing.models import Activity
from serviceladder.wellbeing.selectors import activities as selectors
from serviceladder.wellbeing.services import activities as services

CREATED = gettext_lazy("The activity is on the calendar.")
SAVED = gettext_lazy("The activity is changed.")
CANCELLED = gettext_lazy("The activity is cancelled; the people signed up are told.")
SIGNED_UP = gettext_lazy("You are signed up.")
WITHDRAWN = gettext_lazy("You are no longer signed up.")
ATTENDANCE = gettext_lazy("Attendance recorded: %(attended)s attended, %(absent)s did not.")
ORGANISATION = gettext_lazy("Whole organisation")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def audience_label(activity: Activity) -> str:
    if activity.team is not None:
        return activity.team.name
    if activity.department is not None:
        return activity.department.name
    return str(ORGANISATION)


def _local(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _row(activity: Activity, mine: set[int]) -> dict:
    return {
        "a": activity,
        "audience": audience_label(activity),
        "starts": _local(activity.starts_at, "%H:%M"),
        "ends": _local(activity.ends_at, "%H:%M"),
        "signed_up": activity.pk in mine,
        "full": activity.capacity is not None and activity.signup_count >= activity.capacity,
    }


def _shift(month: str, months: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@read_only
def calendar(request: HttpRequest) -> HttpResponse:
    """The month's activities the reader sees, by day, with the month before and after."""
    require(can_open_wellbeing(request.user))
    month = request.GET.get("month", "")
    if not MONTH.match(month):
        month = timezone.localdate().strftime("%Y-%m")
    activities = selectors.activities_in_month(request.user, month)
    mine = selectors.signed_up_ids(user_employee(request.user), activities)
    days: dict[str, list[dict]] = {}
    for activity in activities:
        days.setdefault(_local(activity.starts_at, "%Y-%m-%d"), []).append(_row(activity, mine))
    context = {
        "month": month,
        "previous": _shift(month, -1),
        "next": _shift(month, 1),
        "days": list(days.items()),
        "can_organise": bool(activity_targets(request.user)),
    }
    return render(request, "web/wellbeing/activities.html", context)


def _targets(user) -> list[tuple[str, str]]:
    out = []
    for team, department in activity_targets(user):
        if team is not None:
            out.append((f"team:{team.code}", _("Team %(name)s") % {"name": team.name}))
        elif department is not None:
            out.append(
                (f"department:{department.code}", _("Department %(name)s") % {"name": department.name})
            )
        else:
            out.append(("organisation", str(ORGANISATION)))
    return out


def _audience(value: str) -> tuple[Team | None, Department | None]:
    kind, _sep, code = value.partition(":")
    if kind == "team":
        team = Team.objects.select_related("department").filter(code=code).first()
        if team is None:
            raise PermissionDeniedError()
        return team, None
    if kind == "department":
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise PermissionDeniedError()
        return None, department
    return None, None


def _fields(post) -> dict:
    return {
        "title": post.get("title", "")[:400],
        "kind": post.get("kind", ""),
        "description": post.get("description", "")[:8000],
        "starts_at": post.get("starts_at", ""),
        "ends_at": post.get("ends_at", ""),
        "place": post.get("place", "")[:400],
        "capacity": post.get("capacity", ""),
    }


def _form(request, *, activity=None, posted=None, error="", status=200) -> HttpResponse:
    if posted is None and activity is not None:
        posted = {
            "title": activity.title,
            "kind": activity.kind,
            "description": activity.description,
            "starts_at": _local(activity.starts_at, "%Y-%m-%dT%H:%M"),
            "ends_at": _local(activity.ends_at, "%Y-%m-%dT%H:%M"),
            "place": activity.place,
            "capacity": activity.capacity or "",
        }
    context = {
        "activity": activity,
        "audience": audience_label(activity) if activity else "",
        "targets": [] if activity else _targets(request.user),
        "kinds": Activity.Kind.choices,
        "posted": posted or {},
        "error": error,
        "min": _local(timezone.now(), "%Y-%m-%dT%H:%M"),
    }
    return render(request, "web/wellbeing/activity_form.html", context, status=status)


@form_page
def activity_new(request: HttpRequest) -> HttpResponse:
    require(bool(activity_targets(request.user)))
    if request.method != "POST":
        return _form(request)
    post = request.POST
    try:
        team, department = _audience(post.get("audience", ""))
        activity = services.activity_create(
            actor=_actor(request), team=team, department=department, **_fields(post)
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, posted=post, error=str(exc), status=400)
    messages.success(request, CREATED)
    return redirect("wellbeing_activity", pk=activity.pk)


@form_page
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    require(can_manage_activity(request.user, activity))
    if request.method != "POST":
        return _form(request, activity=activity)
    try:
        services.activity_edit(actor=_actor(request), activity=activity, **_fields(request.POST))
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _form(request, activity=activity, posted=request.POST, error=str(exc), status=400)
    messages.success(request, SAVED)
    return redirect("wellbeing_activity", pk=activity.pk)


def _page(request, activity: Activity, *, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    now = timezone.now()
    me = user_employee(user)
    manage = can_manage_activity(user, activity)
    signups = list(selectors.activity_signups(activity)) if manage else []
    mine = selectors.signed_up_ids(me, [activity])
    open_to_me = me is not None and activities_open_to(me).filter(pk=activity.pk).exists()
    before_start = not activity.cancelled and activity.starts_at > now
    full = activity.capacity is not None and activity.signup_count >= activity.capacity
    context = {
        "a": activity,
        "audience": audience_label(activity),
        "starts": _local(activity.starts_at),
        "ends": _local(activity.ends_at),
        "signups": signups,
        "signed_up": activity.pk in mine,
        "can_sign_up": open_to_me and before_start and activity.pk not in mine and not full,
        "full": full,
        "can_withdraw": before_start and activity.pk in mine,
        "can_manage": manage,
        "can_edit": manage and before_start,
        "can_record": manage and not activity.cancelled and activity.starts_at <= now and bool(signups),
        "attended_count": sum(1 for s in signups if s.attended),
        "error": error,
    }
    return render(request, "web/wellbeing/activity.html", context, status=status)


@form_page
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    if request.method != "POST":
        return _page(request, activity)
    action = request.POST.get("action", "")
    actor = _actor(request)
    try:
        if action == "sign_up":
            services.activity_sign_up(actor=actor, activity=activity)
            messages.success(request, SIGNED_UP)
        elif action == "withdraw":
            services.activity_withdraw(actor=actor, activity=activity)
            messages.success(request, WITHDRAWN)
        elif action == "cancel":
            services.activity_cancel(actor=actor, activity=activity)
            messages.success(request, CANCELLED)
        elif action == "attendance":
            ids = []
            for raw in request.POST.getlist("attended"):
                if not raw.isdigit():
                    return _page(request, activity, error=_("Unknown person."), status=400)
                ids.append(int(raw))
            counts = services.activity_attendance_record(actor=actor, activity=activity, attended=ids)
            messages.success(request, ATTENDANCE % counts)
        else:
            return _page(request, activity, error=_("Unknown action."), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        activity = selectors.activity_get(request.user, pk)
        return _page(request, activity, error=str(exc), status=400)
    return redirect("wellbeing_activity", pk=activity.pk)
