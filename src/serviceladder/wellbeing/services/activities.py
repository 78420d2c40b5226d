"""Team activities (issue 16 item 6): organisers create, change and cancel activities for a team, a
department or the whole organisation; people sign up and withdraw before the start (within the places);
the organiser records who attended once it has started. Every change is audited in its transaction with ids
and field names only; people signed up to a cancelled activity are told once it commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    activities_open_to,
    can_manage_activity,
    can_organise_activity_for,
    user_employee,
)
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.form_values import aware_datetime, bounded_text, places
from serviceladder.core.translatable import Message
from serviceladder.notifications.services import notify
from serviceladder.org.models import Department, Team
from serviceladder.wellbeing.errors_activities import (
    ALREADY_SIGNED_UP,
    ALREADY_STARTED,
    CANCELLED,
    CANNOT_ORGANISE,
    CANNOT_SIGN_UP,
    CAPACITY,
    CAPACITY_BELOW_SIGNUPS,
    ENDS_AT,
    FULL,
    NOT_A_SIGNUP,
    NOT_SIGNED_UP,
    NOT_STARTED,
    STARTS_AT,
    TEXT_TOO_LONG,
    TITLE_REQUIRED,
    UNKNOWN_KIND,
    ActivityInvalid,
    ActivityNotAllowed,
)
from serviceladder.wellbeing.models import Activity, ActivitySignup

TITLE_LIMIT = 200
PLACE_LIMIT = 200
TEXT_LIMIT = 4000
CAPACITY_LIMIT = 10_000

CANCELLED_TITLE = _("Cancelled: {title}")
CANCELLED_BODY = _("The activity of {when} you signed up for is cancelled.")

# The fields an organiser writes; the audit log names the changed ones, never their words.
FIELDS = ("title", "kind", "description", "starts_at", "ends_at", "place", "capacity")


def _when(raw, message, *, required: bool) -> dt.datetime | None:
    return aware_datetime(raw, error=ActivityInvalid, message=message, required=required)


def _capacity(raw) -> int | None:
    return places(raw, error=ActivityInvalid, message=CAPACITY, limit=CAPACITY_LIMIT)


def _text(raw, limit: int) -> str:
    return bounded_text(raw, limit, error=ActivityInvalid, message=TEXT_TOO_LONG)


def _values(*, title, kind, description, starts_at, ends_at, place, capacity) -> dict:
    title = (title or "").strip()
    if not title or len(title) > TITLE_LIMIT:
        raise ActivityInvalid(TITLE_REQUIRED, limit=TITLE_LIMIT)
    if kind not in Activity.Kind.values:
        raise ActivityInvalid(UNKNOWN_KIND, found=str(kind)[:40], allowed=", ".join(Activity.Kind.values))
    starts = _when(starts_at, STARTS_AT, required=True)
    ends = _when(ends_at, ENDS_AT, required=False)
    if ends is not None and ends <= starts:
        raise ActivityInvalid(ENDS_AT, found=ends_at)
    return {
        "title": title,
        "kind": kind,
        "description": _text(description, TEXT_LIMIT),
        "starts_at": starts,
        "ends_at": ends,
        "place": _text(place, PLACE_LIMIT),
        "capacity": _capacity(capacity),
    }


def _audience(activity: Activity) -> dict:
    return {"activity": activity.pk, "team": activity.team_id, "department": activity.department_id}


def _locked(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("team__department", "department")
        .get(pk=activity.pk)
    )


def _require_manage(actor: Actor, activity: Activity) -> None:
    if actor.user is None or not can_manage_activity(actor.user, activity):
        raise ActivityNotAllowed()


def _require_open(activity: Activity, now: dt.datetime) -> None:
    if activity.cancelled:
        raise ActivityInvalid(CANCELLED)
    if activity.starts_at <= now:
        raise ActivityInvalid(ALREADY_STARTED)


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    starts_at,
    ends_at=None,
    team: Team | None = None,
    department: Department | None = None,
    description: str = "",
    place: str = "",
    capacity=None,
    now: dt.datetime | None = None,
) -> Activity:
    """An activity for `team`, for `department`, or (neither) for the whole organisation, by someone who
    may organise one for that audience (accounts.scoping.can_organise_activity_for). It starts in the
    future."""
    if actor.user is None or not can_organise_activity_for(actor.user, team=team, department=department):
        raise ActivityNotAllowed(CANNOT_ORGANISE)
    values = _values(
        title=title,
        kind=kind,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
    )
    if values["starts_at"] <= (now or timezone.now()):
        raise ActivityInvalid(STARTS_AT, found=str(starts_at)[:40])
    activity = Activity.objects.create(team=team, department=department, created_by=actor.user, **values)
    audit_record(
        actor=actor,
        action="wellbeing.activity_create",
        obj=activity,
        after={
            **_audience(activity),
            "kind": activity.kind,
            "starts_at": activity.starts_at.isoformat(),
            "capacity": activity.capacity,
            "fields": [f for f in FIELDS if values[f] not in (None, "")],
        },
    )
    return activity


@transaction.atomic
def activity_edit(
    *,
    actor: Actor,
    activity: Activity,
    title: str,
    kind: str,
    starts_at,
    ends_at=None,
    description: str = "",
    place: str = "",
    capacity=None,
    now: dt.datetime | None = None,
) -> Activity:
    """Change an activity that has not started; the places never fall below the people signed up."""
    now = now or timezone.now()
    activity = _locked(activity)
    _require_manage(actor, activity)
    _require_open(activity, now)
    values = _values(
        title=title,
        kind=kind,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
    )
    if values["starts_at"] <= now:
        raise ActivityInvalid(STARTS_AT, found=str(starts_at)[:40])
    signed = activity.signups.count()
    if values["capacity"] is not None and values["capacity"] < signed:
        raise ActivityInvalid(CAPACITY_BELOW_SIGNUPS, count=signed)
    changed = [f for f in FIELDS if getattr(activity, f) != values[f]]
    if not changed:
        return activity
    for name in changed:
        setattr(activity, name, values[name])
    activity.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="wellbeing.activity_edit",
        obj=activity,
        after={**_audience(activity), "fields": changed},
    )
    return activity


@transaction.atomic
def activity_cancel(*, actor: Actor, activity: Activity, now: dt.datetime | None = None) -> Activity:
    """Cancel an activity that has not started; the people signed up are told."""
    activity = _locked(activity)
    _require_manage(actor, activity)
    _require_open(activity, now or timezone.now())
    activity.cancelled = True
    activity.save(update_fields=["cancelled"])
    audit_record(
        actor=actor,
        action="wellbeing.activity_cancel",
        obj=activity,
        before={"cancelled": False},
        after={**_audience(activity), "cancelled": True},
    )
    users = [s.employee.user for s in activity.signups.select_related("employee__user")]
    users = [u for u in users if u is not None]
    if users:
        when = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
        notify(
            recipients=users,
            kind="wellbeing.activity_cancelled",
            title=Message(CANCELLED_TITLE, title=activity.title[:120]),
            body=Message(CANCELLED_BODY, when=when),
            url=reverse("wellbeing_activity", args=[activity.pk]),
            actor=actor,
        )
    return activity


def _me(actor: Actor):
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None:
        raise ActivityNotAllowed(CANNOT_SIGN_UP)
    return me


@transaction.atomic
def activity_sign_up(*, actor: Actor, activity: Activity, now: dt.datetime | None = None) -> ActivitySignup:
    """The acting person signs up for an activity of their team, department or organisation before it
    starts, while places are left (the activity row is locked, so two people never take the last place)."""
    me = _me(actor)
    activity = _locked(activity)
    if not activities_open_to(me).filter(pk=activity.pk).exists():
        raise ActivityNotAllowed(CANNOT_SIGN_UP)
    _require_open(activity, now or timezone.now())
    if activity.signups.filter(employee=me).exists():
        raise ActivityInvalid(ALREADY_SIGNED_UP)
    if activity.capacity is not None and activity.signups.count() >= activity.capacity:
        raise ActivityInvalid(FULL, capacity=activity.capacity)
    try:
        with transaction.atomic():
            signup = ActivitySignup.objects.create(activity=activity, employee=me)
    except IntegrityError:
        raise ActivityInvalid(ALREADY_SIGNED_UP) from None
    audit_record(
        actor=actor,
        action="wellbeing.activity_sign_up",
        employee=me,
        obj=activity,
        after={"activity": activity.pk, "signup": signup.pk},
    )
    return signup


@transaction.atomic
def activity_withdraw(*, actor: Actor, activity: Activity, now: dt.datetime | None = None) -> None:
    """The acting person withdraws their sign-up before the activity starts."""
    me = _me(actor)
    activity = _locked(activity)
    _require_open(activity, now or timezone.now())
    signup = activity.signups.filter(employee=me).first()
    if signup is None:
        raise ActivityInvalid(NOT_SIGNED_UP)
    signup_pk = signup.pk
    signup.delete()
    audit_record(
        actor=actor,
        action="wellbeing.activity_withdraw",
        employee=me,
        obj=activity,
        before={"activity": activity.pk, "signup": signup_pk},
    )


@transaction.atomic
def activity_attendance_record(
    *, actor: Actor, activity: Activity, attended: Iterable[int], now: dt.datetime | None = None
) -> dict[str, int]:
    """The organiser records who of the people signed up attended (employee ids; everyone else signed up
    did not) once the activity has started; recording again corrects it."""
    activity = _locked(activity)
    _require_manage(actor, activity)
    if activity.cancelled:
        raise ActivityInvalid(CANCELLED)
    if activity.starts_at > (now or timezone.now()):
        raise ActivityInvalid(NOT_STARTED)
    present = {int(pk) for pk in attended}
    signups = list(activity.signups.all())
    unknown = present - {s.employee_id for s in signups}
    if unknown:
        raise ActivityInvalid(NOT_A_SIGNUP, found=", ".join(str(pk) for pk in sorted(unknown)))
    changed = []
    for signup in signups:
        value = signup.employee_id in present
        if signup.attended is not value:
            signup.attended = value
            changed.append(signup)
    ActivitySignup.objects.bulk_update(changed, ["attended"])
    audit_record(
        actor=actor,
        action="wellbeing.activity_attendance",
        obj=activity,
        after={
            "activity": activity.pk,
            "attended": len(present),
            "attended_ids": sorted(present),
            "absent_ids": sorted(s.employee_id for s in signups if s.employee_id not in present),
        },
    )
    return {"attended": len(present), "absent": len(signups) - len(present)}
