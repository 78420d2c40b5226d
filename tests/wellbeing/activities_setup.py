"""Activities made through the services for the tests (and the route matrix)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.wellbeing.models import Activity, ActivitySignup
from serviceladder.wellbeing.services.activities import activity_create


def soon(days: int = 7) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )


def team_activity(org, *, title="羽毛球活动", days=7, capacity=None) -> Activity:
    return activity_create(
        actor=Actor(user=org.users["team_lead"]),
        team=org.teams["a1"],
        title=title,
        kind="social",
        starts_at=soon(days),
        capacity=capacity,
    )


def past(activity: Activity, days: int = 2) -> Activity:
    """Move an activity into the past (as time passing would), without the services' future check."""
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - dt.timedelta(days=days))
    activity.refresh_from_db()
    return activity


def signup(activity: Activity, employee) -> ActivitySignup:
    return ActivitySignup.objects.create(activity=activity, employee=employee)
