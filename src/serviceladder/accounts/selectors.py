"""Reads about users and roles (for those who manage them), and each person's language (for everyone)."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from serviceladder.accounts.models import RoleGrant, UserPreferences
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.core.errors import PermissionDeniedError


def _require_manager(user) -> None:
    if not can_manage_roles(user):
        raise PermissionDeniedError()


def users_with_roles(user, *, q: str = "") -> QuerySet:
    """Every user with their role grants and linked employee, ordered by username."""
    _require_manager(user)
    qs = (
        get_user_model()
        .objects.select_related("employee__team")
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))
        .order_by("username")
    )
    if q:
        qs = qs.filter(username__icontains=q)
    return qs


def role_counts(user) -> dict[str, int | list]:
    """How many users hold each role, and how many active users hold none."""
    _require_manager(user)
    counts = Counter(RoleGrant.objects.filter(user__is_active=True).values_list("role", flat=True))
    users = get_user_model().objects.filter(is_active=True)
    return {
        "users": users.count(),
        "without_role": users.filter(role_grants=None).count(),
        "per_role": [(Role(r).label, counts.get(r, 0)) for r in Role.values],
    }


# --- a person's own preferences (read by the system for anyone: which language to write to them in) --------


def language_code(value: str | None) -> str | None:
    """The site's code for a language written any usual way ("zh-Hans", "zh_hans", "EN"), else None."""
    if not value:
        return None
    wanted = value.strip().lower().replace("_", "-")
    return next((code for code, _name in settings.LANGUAGES if code.lower() == wanted), None)


def user_language(user) -> str:
    """The language `user` reads the site and their notifications in: their stored choice, else the site's."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    return user_languages([user.pk]).get(user.pk, settings.LANGUAGE_CODE)


def user_languages(user_ids) -> dict[int, str]:
    """user id → language for many users in one query; users who never chose get the site's LANGUAGE_CODE."""
    ids = list(user_ids)
    stored = dict(UserPreferences.objects.filter(user_id__in=ids).values_list("user_id", "language"))
    return {pk: language_code(stored.get(pk)) or settings.LANGUAGE_CODE for pk in ids}


def user_stored_language(user) -> str | None:
    """The language `user` chose, or None if they never chose one."""
    stored = UserPreferences.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language_code(stored)


# --- logins (for those who manage them) -------------------------------------------------------------------


def employees_without_login(user, *, limit: int = 2000) -> list:
    """Employees who have no login yet and have not left, by number: whom a new login may belong to."""
    from django.utils import timezone

    from serviceladder.accounts.scoping import can_manage_logins, employees_visible_to

    if not can_manage_logins(user):
        raise PermissionDeniedError()
    today = timezone.localdate()
    return list(
        employees_visible_to(user)
        .filter(user__isnull=True)
        .exclude(leave_date__lte=today)
        .select_related("team")
        .order_by("number")[:limit]
    )


def login_of(user, username: str):
    """One login with its roles, employee and one-time links, for the login page; None if there is none."""
    from serviceladder.accounts.scoping import can_manage_logins

    if not can_manage_logins(user):
        raise PermissionDeniedError()
    return (
        get_user_model()
        .objects.select_related("employee__team")
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))
        .filter(username=username)
        .first()
    )


def teams_for_logins(user) -> list:
    """Every team with how many of its current members have no login yet."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from serviceladder.accounts.scoping import can_manage_logins
    from serviceladder.org.models import Team

    if not can_manage_logins(user):
        raise PermissionDeniedError()
    today = timezone.localdate()
    current = Q(members__leave_date__isnull=True) | Q(members__leave_date__gt=today)
    return list(
        Team.objects.select_related("department")
        .annotate(without_login=Count("members", filter=current & Q(members__user__isnull=True)))
        .order_by("department__code", "code")
    )
