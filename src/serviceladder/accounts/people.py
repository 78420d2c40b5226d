"""How the product names a user to people: by the employee's name and role, never by the login name.

Timelines, printed forms, the audit log and notifications show "丁思玉 · Team lead"; the login name appears
only where the account itself is the subject (user administration) or when a user has no employee record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role

SYSTEM = _("the system")
# The role a person is introduced by when they hold several: the one they most likely acted in.
ROLE_ORDER = (Role.HR, Role.MANAGEMENT, Role.DEPARTMENT_HEAD, Role.TEAM_LEAD, Role.ADMIN, Role.AGENT)


@dataclass(frozen=True)
class PersonName:
    """A user as people read it: `name` (the employee's, else the login name) and the leading role."""

    name: str
    role: str = ""  # a Role code, or "" (no role, or the system)
    is_system: bool = False

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else ""

    def __str__(self) -> str:
        if self.is_system:
            return str(SYSTEM)
        return f"{self.name} · {self.role_label}" if self.role_label else self.name


SYSTEM_PERSON = PersonName(name="", is_system=True)


def leading_role(codes: Iterable[str]) -> str:
    codes = set(codes)
    return next((str(r) for r in ROLE_ORDER if r in codes), "")


def people_by_user_id(user_ids: Iterable[int | None]) -> dict[int, PersonName]:
    """Names and leading roles of many users in two queries (for lists: timelines, the audit log)."""
    from serviceladder.accounts.models import RoleGrant
    from serviceladder.org.models import Employee

    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    usernames = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    names = dict(Employee.objects.filter(user_id__in=ids).values_list("user_id", "name"))
    roles: dict[int, set[str]] = {}
    for user_id, role in RoleGrant.objects.filter(user_id__in=ids).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    return {
        pk: PersonName(name=names.get(pk) or username, role=leading_role(roles.get(pk, ())))
        for pk, username in usernames.items()
    }


def person_of(user, *, fallback: str = "") -> PersonName:
    """One user as people read it; None is the system (or `fallback`, a stored label, when given)."""
    if user is None:
        return PersonName(name=fallback) if fallback and fallback != "system" else SYSTEM_PERSON
    return people_by_user_id([user.pk]).get(user.pk) or PersonName(name=fallback or user.get_username())
