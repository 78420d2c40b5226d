"""How the product names a user to people: by the employee's name and role, never by the login name.

Timelines, printed forms, the audit log and notifications show "丁思玉 · Team lead"; the login name appears
only where the account itself is the subject (user administration) or when a user has no employee record.
A reader who may not see that employee (accounts.scoping.employees_visible_to) reads the role alone: an agent
learns that "Department head" approved their application, not who heads a department they cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role

SYSTEM = _("the system")
A_COLLEAGUE = _("a colleague")
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

    @property
    def shown_name(self) -> str:
        """The name in a sentence: the person's, else their role, else "a colleague"."""
        if self.is_system:
            return str(SYSTEM)
        return self.name or self.role_label or str(A_COLLEAGUE)

    def __str__(self) -> str:
        if self.is_system or not self.name:
            return self.shown_name
        return f"{self.name} · {self.role_label}" if self.role_label else self.name


SYSTEM_PERSON = PersonName(name="", is_system=True)


def leading_role(codes: Iterable[str]) -> str:
    codes = set(codes)
    return next((str(r) for r in ROLE_ORDER if r in codes), "")


def people_by_user_id(user_ids: Iterable[int | None], *, viewer) -> dict[int, PersonName]:
    """Names and leading roles of many users, as `viewer` may read them, in a few queries (for lists:
    timelines, the audit log). A user without an employee record is named by their login name."""
    from serviceladder.accounts.models import RoleGrant
    from serviceladder.accounts.scoping import employees_visible_to
    from serviceladder.org.models import Employee

    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    usernames = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    linked = set(Employee.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    viewer_id = getattr(viewer, "pk", None)
    names = dict(
        employees_visible_to(viewer).filter(user_id__in=ids).values_list("user_id", "name")
        if viewer is not None
        else Employee.objects.filter(user_id__in=ids).values_list("user_id", "name")
    )
    roles: dict[int, set[str]] = {}
    for user_id, role in RoleGrant.objects.filter(user_id__in=ids).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    out = {}
    for pk, username in usernames.items():
        if pk in names:
            name = names[pk]
        elif pk in linked and pk != viewer_id:
            name = ""  # an employee the viewer may not see: their role alone
        else:
            name = username
        out[pk] = PersonName(name=name, role=leading_role(roles.get(pk, ())))
    return out


def person_of(user, *, viewer, fallback: str = "") -> PersonName:
    """One user as `viewer` may read them; None is the system (or `fallback`, a stored label, when given)."""
    if user is None:
        return PersonName(name=fallback) if fallback and fallback != "system" else SYSTEM_PERSON
    found = people_by_user_id([user.pk], viewer=viewer).get(user.pk)
    return found or PersonName(name=fallback or user.get_username())
