"""Writers for users and roles. Each use case is one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.models import CommandLineActor, RoleGrant, UserPreferences
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles
from serviceladder.accounts.selectors import language_code, user_stored_language
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.org.models import Employee

UNKNOWN_ROLE = _("Unknown role %(role)s; allowed: %(allowed)s.")
UNKNOWN_USER = _("No user named %(username)s.")
USER_EXISTS = _("A user named %(username)s already exists.")
UNKNOWN_EMPLOYEE = _("No employee with number %(number)s.")
EMPLOYEE_LINKED = _("Employee %(number)s is already linked to user %(username)s.")
WEAK_PASSWORD = _("The password is not acceptable: %(problems)s")
CANNOT_MANAGE_ROLES = _("Only HR or an administrator may manage users and roles.")
ONLY_ADMIN_GRANTS_ADMIN = _("Only an administrator may grant or revoke the administrator role.")
UNKNOWN_LANGUAGE = _("Unknown language %(language)s; allowed: %(allowed)s.")


def _check_language(language: str) -> str:
    code = language_code(language)
    if code is None:
        raise ValidationFailed(
            UNKNOWN_LANGUAGE, language=language, allowed=", ".join(c for c, _n in settings.LANGUAGES)
        )
    return code


def _check_role(role: str) -> Role:
    if role not in Role.values:
        raise ValidationFailed(UNKNOWN_ROLE, role=role, allowed=", ".join(Role.values))
    return Role(role)


def _require_manager(actor: Actor, role: str | None = None) -> None:
    if actor.user is None:  # the system itself (demo loader, migrations)
        return
    if not can_manage_roles(actor.user):
        raise PermissionDeniedError(CANNOT_MANAGE_ROLES)
    if role == Role.ADMIN and not actor.user.role_grants.filter(role=Role.ADMIN).exists():
        raise PermissionDeniedError(ONLY_ADMIN_GRANTS_ADMIN)


def _get_user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationFailed(UNKNOWN_USER, username=username)
    return user


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    employee_number: str | None = None,
    roles: Iterable[str] = (),
    reason: str = "",
    check_password: bool = True,
    language: str | None = None,
):
    """Create a user, optionally linked to an employee, with roles and a language (default: the site's)."""
    roles = [_check_role(r) for r in roles]
    language = _check_language(language) if language else None
    for role in roles:
        _require_manager(actor, role)
    _require_manager(actor)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(USER_EXISTS, username=username)
    employee = None
    if employee_number:
        employee = Employee.objects.select_for_update().filter(number=employee_number).first()
        if employee is None:
            raise ValidationFailed(UNKNOWN_EMPLOYEE, number=employee_number)
        if employee.user_id:
            raise ValidationFailed(EMPLOYEE_LINKED, number=employee_number, username=employee.user.username)
    user = User(username=username)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(WEAK_PASSWORD, problems=" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r, granted_by=actor.user) for r in roles])
    after = {"username": username, "employee": employee_number, "roles": sorted(roles)}
    if language:
        UserPreferences.objects.create(user=user, language=language)
        after["language"] = language
    audit_record(
        actor=actor,
        action="user.create",
        employee=employee,
        obj=user,
        after=after,
        reason=reason,
    )
    return user


@transaction.atomic
def role_grant(*, actor: Actor, username: str, role: str, reason: str = "") -> RoleGrant:
    role = _check_role(role)
    _require_manager(actor, role)
    user = _get_user(username)
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, defaults={"granted_by": actor.user}
    )
    if created:
        audit_record(
            actor=actor,
            action="role.grant",
            employee=Employee.objects.filter(user=user).first(),
            obj=grant,
            after={"username": username, "role": role},
            reason=reason,
        )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, username: str, role: str, reason: str = "") -> bool:
    role = _check_role(role)
    _require_manager(actor, role)
    user = _get_user(username)
    grant = RoleGrant.objects.filter(user=user, role=role).first()
    if grant is None:
        return False
    audit_record(
        actor=actor,
        action="role.revoke",
        employee=Employee.objects.filter(user=user).first(),
        obj=grant,
        before={"username": username, "role": role},
        reason=reason,
    )
    grant.delete()
    return True


@transaction.atomic
def cli_actor_mark(*, username: str, os_username: str) -> CommandLineActor:
    """Run by whoever controls the server's shell; that access is already full control of the data."""
    user = _get_user(username)
    marker, _created = CommandLineActor.objects.update_or_create(
        os_username=os_username, defaults={"user": user}
    )
    audit_record(
        actor=Actor(user=user, channel="cli"),
        action="user.cli_actor",
        obj=marker,
        after={"os_username": os_username, "username": username},
    )
    return marker


def user_language_set(*, user, language: str) -> str:
    """Store the language `user` reads the site and receives notifications in; returns the stored code.

    A person's own display setting, like marking a notification read: not a business event, so not audited.
    """
    code = _check_language(language)
    UserPreferences.objects.update_or_create(user=user, defaults={"language": code})
    return code


def user_language_on_login(*, user, current: str | None) -> str:
    """The language to switch to when `user` signs in.

    A stored choice wins. Someone who never chose keeps the language they picked on the sign-in page (the
    cookie `current`), which is stored as their choice; without one they get the site's LANGUAGE_CODE.
    """
    stored = user_stored_language(user)
    if stored:
        return stored
    code = language_code(current)
    if code is None:
        return settings.LANGUAGE_CODE
    UserPreferences.objects.get_or_create(user=user, defaults={"language": code})
    return code
