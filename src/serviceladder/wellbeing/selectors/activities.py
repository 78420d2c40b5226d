"""Reads of team activities, already scoped through accounts.scoping: the calendar of a month, the next
ones, one activity, the activities a person may join (a wellbeing case's "team activity" action picks one of
those), and the activities whose attendance the organiser still owes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from serviceladder.accounts.scoping import activities_open_to, activities_visible_to
from serviceladder.org.models import Employee
from serviceladder.wellbeing.errors_activities import ActivityNotFound
from serviceladder.wellbeing.models import Activity


def _with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("team", "department", "created_by").annotate(
        signup_count=Count("signups", distinct=True)
    )


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next one, in the local time zone."""
    year, number = int(month[:4]), int(month[5:7])
    start = dt.datetime(year, number, 1)
    end = dt.datetime(year + number // 12, number % 12 + 1, 1)
    return timezone.make_aware(start), timezone.make_aware(end)


def activities_in_month(user, month: str) -> list[Activity]:
    """The month's activities this user sees (cancelled ones too, marked), in start order."""
    start, end = month_bounds(month)
    qs = activities_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    return list(_with_counts(qs).order_by("starts_at", "pk"))


def upcoming_activities(user, *, now: dt.datetime | None = None, limit: int = 5) -> list[Activity]:
    qs = activities_visible_to(user).filter(starts_at__gte=now or timezone.now(), cancelled=False)
    return list(_with_counts(qs).order_by("starts_at", "pk")[:limit])


def activity_get(user, pk) -> Activity:
    """One activity this user sees; "not found" and "not allowed" look the same."""
    try:
        return _with_counts(activities_visible_to(user)).get(pk=int(pk))
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise ActivityNotFound() from None


def activity_signups(activity: Activity):
    """The sign-ups with their people (for the organiser)."""
    return activity.signups.select_related("employee__team").order_by("employee__name", "pk")


def activities_for_employee(employee: Employee, *, now: dt.datetime | None = None) -> QuerySet[Activity]:
    """The coming activities `employee` may join (their team's, department's and the organisation's), not
    cancelled, in start order: what a wellbeing case's "team activity" action links."""
    qs = activities_open_to(employee).filter(cancelled=False, starts_at__gte=now or timezone.now())
    return qs.select_related("team", "department").order_by("starts_at", "pk")


def signed_up_ids(employee: Employee | None, activities) -> set[int]:
    if employee is None:
        return set()
    return set(
        employee.activity_signups.filter(activity__in=list(activities)).values_list("activity_id", flat=True)
    )


def attendance_owed(user, *, now: dt.datetime | None = None) -> QuerySet[Activity]:
    """Activities this user created that have started, with someone signed up whose attendance is not
    recorded yet."""
    if not user.is_authenticated:
        return Activity.objects.none()
    return (
        Activity.objects.filter(created_by=user, cancelled=False, starts_at__lte=now or timezone.now())
        .filter(Q(signups__attended__isnull=True))
        .distinct()
        .order_by("starts_at", "pk")
    )
