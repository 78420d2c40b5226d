"""Writers for users and roles. Each use case is one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts import grant_rules
from serviceladder.accounts.models import CommandLineActor, RoleGrant, UserPreferences
from serviceladder.accounts.roles import Role
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
NO_ACTOR_FOR_ROLES = _(
    "Roles are changed by a person: only the first user of an empty database is created without one."
)
OWN_ROLES = _("Nobody grants or revokes their own roles: ask another HR user or administrator.")
ROLE_OUT_OF_REACH = _(
    "An administrator grants and revokes only the agent, team lead, department head and administrator "
    "roles; %(role)s is granted by HR."
)
LAST_HR = _("%(username)s is the last active HR user and cannot lose HR: grant HR to someone else first.")
REASON_REQUIRED = _("Give a reason for the role change: it is written to the audit log.")
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


class RoleChangeDenied(PermissionDeniedError):
    """A grant, revoke or creation the grant matrix refuses; `code` is the rule's decision code."""


class RoleReasonMissing(ValidationFailed):
    code = grant_rules.DENIED_NO_REASON


DENIAL_MESSAGES = {
    grant_rules.DENIED_NO_ACTOR: NO_ACTOR_FOR_ROLES,
    grant_rules.DENIED_NOT_MANAGER: CANNOT_MANAGE_ROLES,
    grant_rules.DENIED_OWN_ROLES: OWN_ROLES,
    grant_rules.DENIED_OUT_OF_REACH: ROLE_OUT_OF_REACH,
    grant_rules.DENIED_LAST_HR: LAST_HR,
}


def _actor_roles(actor: Actor) -> frozenset[str] | None:
    """The roles the acting user holds now (read afresh: a role revoked a moment ago no longer counts)."""
    if actor.user is None:
        return None
    if not actor.user.is_active:
        return frozenset()
    return frozenset(RoleGrant.objects.filter(user=actor.user).values_list("role", flat=True))


def _is_last_active_hr(user) -> bool:
    if not user.is_active or not RoleGrant.objects.filter(user=user, role=Role.HR).exists():
        return False
    others = RoleGrant.objects.filter(role=Role.HR, user__is_active=True).exclude(user=user)
    return not others.exists()


def _enforce(change: grant_rules.RoleChange, *, username: str) -> None:
    decision = grant_rules.role_change_decision(change)
    if decision == grant_rules.ALLOWED:
        return
    if decision == grant_rules.DENIED_NO_REASON:
        raise RoleReasonMissing(REASON_REQUIRED)
    error = RoleChangeDenied(DENIAL_MESSAGES[decision], role=Role(change.role).label, username=username)
    error.code = decision
    raise error


def _check_change(*, actor: Actor, op: str, role: str, target, username: str, reason: str) -> None:
    _enforce(
        grant_rules.RoleChange(
            op=op,
            role=role,
            actor_roles=_actor_roles(actor),
            self_change=target is not None and actor.user is not None and target.pk == actor.user.pk,
            reason=reason,
            target_is_last_active_hr=(
                op == "revoke" and role == Role.HR and target is not None and _is_last_active_hr(target)
            ),
        ),
        username=username,
    )


def _get_user_for(actor: Actor, username: str):
    """The target user; someone who may manage no roles learns nothing about which user names exist."""
    roles = _actor_roles(actor)
    if roles is not None and not roles & {Role.HR, Role.ADMIN}:
        raise RoleChangeDenied(CANNOT_MANAGE_ROLES)
    return _get_user(username)


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
    User = get_user_model()
    actor_roles = _actor_roles(actor)
    empty = actor_roles is None and not User.objects.exists()
    if actor_roles is None and not empty:
        _enforce(grant_rules.RoleChange(op="grant", role=Role.AGENT, actor_roles=None), username=username)
    if actor_roles is not None and not actor_roles & {Role.HR, Role.ADMIN}:
        raise RoleChangeDenied(CANNOT_MANAGE_ROLES)
    for role in roles:
        change = grant_rules.RoleChange(
            op="grant", role=role, actor_roles=actor_roles, reason=reason, database_empty=empty
        )
        _enforce(change, username=username)
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
    """Grant `role` to `username` as the grant matrix allows (accounts.grant_rules); audited."""
    role = _check_role(role)
    user = _get_user_for(actor, username)
    _check_change(actor=actor, op="grant", role=role, target=user, username=username, reason=reason)
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
    """Revoke `role` from `username` as the grant matrix allows; False when they did not hold it."""
    role = _check_role(role)
    user = _get_user_for(actor, username)
    _check_change(actor=actor, op="revoke", role=role, target=user, username=username, reason=reason)
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


def user_language_on_login(*, user, current: str | None, chosen: str | None = None) -> str:
    """The language to switch to when `user` signs in.

    A language `chosen` with the sign-in page's switch becomes their stored choice. Otherwise a stored choice
    wins. Someone who never chose keeps the language the sign-in page was shown in (`current`: its switch's
    cookie, or the browser's own), which is stored as their choice, so their notifications and e-mails
    follow it too; without one they get the site's LANGUAGE_CODE and nothing is stored.
    """
    if chosen and language_code(chosen) is not None:
        return user_language_set(user=user, language=language_code(chosen))
    stored = user_stored_language(user)
    if stored:
        return stored
    code = language_code(current)
    if code is None:
        return settings.LANGUAGE_CODE
    UserPreferences.objects.get_or_create(user=user, defaults={"language": code})
    return code
