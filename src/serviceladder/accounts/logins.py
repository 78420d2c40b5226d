"""Logins in the browser: create them for employees, switch them off and on, hand over a way to a password.

- A login belongs to one employee (never two logins for one person). A new login has no password anyone
  knows: its person gets a one-time link (or a password-reset e-mail) and must choose a password at the
  first sign-in.
- Deactivating and reactivating is HR's or an administrator's, with a reason, audited. An administrator does
  not switch off HR or management (the grant matrix keeps those roles out of their reach), nobody switches
  off themselves, and the last active HR user stays active. A deactivated user cannot sign in, their session
  ends and their API tokens are refused.
- A person whose employee record has a leave date on or before today cannot sign in (accounts.backends), and
  `logins_of_leavers_deactivate` switches their login off (audited): run by the roster import, by HR's record
  edit and daily by `serviceladder user deactivate-leavers`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts import services
from serviceladder.accounts.models import OneTimeLink, PasswordChangeRequired, RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import can_manage_roles, user_roles
from serviceladder.accounts.selectors import user_language
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed
from serviceladder.org.models import Employee, Team

LINK_DAYS = 7
# Set in a session whose person must choose a password before anything else (web middleware, API).
MUST_CHANGE_SESSION_KEY = "serviceladder_must_change_password"

CANNOT_MANAGE_LOGINS = _("Only HR or an administrator may manage logins.")
REASON_MISSING = _("Give a reason: it is written to the audit log.")
EMPLOYEE_REQUIRED = _("Choose the employee this login belongs to.")
EMPLOYEE_LEFT = _("%(name)s left on %(date)s; a login for them would be refused at once.")
BAD_USERNAME = _(
    "A user name has 1 to 150 letters, digits and @ . + - _ only (no spaces); %(username)s is not one."
)
OWN_LOGIN = _("Nobody switches off their own login: ask another HR user or administrator.")
LOGIN_OUT_OF_REACH = _(
    "An administrator does not switch off or on a login holding HR or management: HR does."
)
LAST_HR_LOGIN = _("%(username)s is the last active HR user: grant HR to someone else first.")
ALREADY_INACTIVE = _("%(username)s is already deactivated.")
ALREADY_ACTIVE = _("%(username)s is already active.")
REACTIVATE_LEFT = _(
    "%(username)s belongs to %(name)s, who left on %(date)s: HR clears or moves the leave date first."
)
NO_EMAIL = _("%(username)s has no e-mail address: hand over a one-time link instead.")
NO_BASE_URL = _(
    "E-mails cannot carry a link: SERVICELADDER_BASE_URL (the site's address) is not set on the server."
)
LINK_INACTIVE_USER = _("%(username)s is deactivated: reactivate the login first.")
LINK_INVALID = _("This link is not valid: it was already used, replaced by a newer one or has expired.")
WEAK_PASSWORD = services.WEAK_PASSWORD
NO_TEAM = _("No team with code %(code)s.")
LEFT_REASON = "left on %(date)s"


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise ValidationFailed(REASON_MISSING)
    return reason


def _require_manager(actor: Actor) -> None:
    if actor.user is not None and not can_manage_roles(actor.user):
        raise PermissionDeniedError(CANNOT_MANAGE_LOGINS)


def _user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFoundOrForbidden()
    return user


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# --- who may sign in ---------------------------------------------------------------------------------------


def employee_has_left(employee: Employee | None, today: dt.date | None = None) -> bool:
    """From the leave date on, the person no longer works here (the leave date is their first day away)."""
    if employee is None or employee.leave_date is None:
        return False
    return employee.leave_date <= (today or timezone.localdate())


def login_allowed(user) -> bool:
    """An active user whose employee (if any) has not left. Sign-in, sessions and API tokens all ask here."""
    if user is None or not user.is_active:
        return False
    try:
        employee = user.employee
    except Employee.DoesNotExist:
        return True
    return not employee_has_left(employee)


def password_change_required(user) -> bool:
    return PasswordChangeRequired.objects.filter(user_id=user.pk).exists()


# --- user names -------------------------------------------------------------------------------------------

_USERNAME = re.compile(r"^[\w.@+-]{1,150}$", re.ASCII)


def username_suggest(employee: Employee) -> str:
    """A free user name for `employee`: their e-mail's local part when it makes one, else the employee number,
    lower-cased; a digit is added when it is taken."""
    local = employee.email.split("@", 1)[0].lower() if employee.email else ""
    base = (
        local
        if _USERNAME.match(local or "")
        else re.sub(r"[^\w.@+-]", "", employee.number.lower(), flags=re.ASCII)
    )
    base = (base or "user")[:140]
    taken = set(get_user_model().objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


# --- creating logins ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedLink:
    """A one-time link as made: `key` exists only here (the database keeps its hash)."""

    user: object
    key: str
    expires_at: dt.datetime

    @property
    def path(self) -> str:
        return reverse("welcome", args=[self.key])

    def url(self, base: str) -> str:
        return base.rstrip("/") + self.path


def _issue(*, actor: Actor, user, reason: str, action: str) -> IssuedLink:
    now = timezone.now()
    OneTimeLink.objects.filter(user=user, used_at=None, ended_at=None).update(ended_at=now)
    key = secrets.token_urlsafe(32)
    link = OneTimeLink.objects.create(
        user=user,
        key_hash=_key_hash(key),
        created_by=actor.user,
        expires_at=now + dt.timedelta(days=LINK_DAYS),
    )
    PasswordChangeRequired.objects.get_or_create(user=user)
    audit_record(
        actor=actor,
        action=action,
        employee=Employee.objects.filter(user=user).first(),
        obj=user,
        after={"username": user.username, "link": link.pk, "expires_at": link.expires_at.isoformat()},
        reason=reason,
    )
    return IssuedLink(user=user, key=key, expires_at=link.expires_at)


@transaction.atomic
def login_create(
    *,
    actor: Actor,
    employee_number: str,
    username: str,
    roles: list[str],
    reason: str,
    language: str | None = None,
) -> IssuedLink:
    """A login for an employee, with roles under the grant matrix, and its one-time link (shown once).

    Nobody knows its password: it has none until its person chooses one through the link.
    """
    _require_manager(actor)
    reason = _clean_reason(reason)
    if not employee_number:
        raise ValidationFailed(EMPLOYEE_REQUIRED)
    if not _USERNAME.match(username or ""):
        raise ValidationFailed(BAD_USERNAME, username=username)
    employee = Employee.objects.filter(number=employee_number).first()
    if employee is not None and employee_has_left(employee):
        raise ValidationFailed(EMPLOYEE_LEFT, name=employee.name, date=employee.leave_date)
    user = services.user_create(
        actor=actor,
        username=username,
        password="",
        employee_number=employee_number,
        roles=roles,
        reason=reason,
        check_password=False,
        language=language,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return _issue(actor=actor, user=user, reason=reason, action="user.one_time_link")


@dataclass(frozen=True)
class TeamLogins:
    team: Team
    created: list[tuple[Employee, IssuedLink]]
    skipped_linked: int
    skipped_left: int


@transaction.atomic
def team_logins_create(*, actor: Actor, team_code: str, roles: list[str], reason: str) -> TeamLogins:
    """Logins for every member of a team who has none and has not left, each with its one-time link."""
    _require_manager(actor)
    reason = _clean_reason(reason)
    team = Team.objects.filter(code=team_code).first()
    if team is None:
        raise ValidationFailed(NO_TEAM, code=team_code)
    created, linked, left = [], 0, 0
    for employee in Employee.objects.filter(team=team).order_by("number"):
        if employee.user_id:
            linked += 1
            continue
        if employee_has_left(employee):
            left += 1
            continue
        link = login_create(
            actor=actor,
            employee_number=employee.number,
            username=username_suggest(employee),
            roles=roles,
            reason=reason,
        )
        created.append((employee, link))
    return TeamLogins(team=team, created=created, skipped_linked=linked, skipped_left=left)


# --- one-time links and passwords --------------------------------------------------------------------------


@transaction.atomic
def one_time_link_issue(*, actor: Actor, username: str, reason: str) -> IssuedLink:
    """A new one-time link for an existing login (a forgotten password, no e-mail); older links end."""
    _require_manager(actor)
    reason = _clean_reason(reason)
    user = _user(username)
    _check_reach(actor, user)
    if not user.is_active:
        raise ValidationFailed(LINK_INACTIVE_USER, username=username)
    return _issue(actor=actor, user=user, reason=reason, action="user.one_time_link")


def one_time_link_find(key: str) -> OneTimeLink | None:
    """The usable link with this key (unused, not ended, unexpired, its user allowed to sign in), or None."""
    link = (
        OneTimeLink.objects.select_related("user")
        .filter(key_hash=_key_hash(key or ""), used_at=None, ended_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not login_allowed(link.user):
        return None
    return link


@transaction.atomic
def one_time_link_use(*, key: str, address: str = ""):
    """Spend a link: its user, who must now choose a password (ValidationFailed for a bad link)."""
    link = one_time_link_find(key)
    if link is not None:
        link = OneTimeLink.objects.select_for_update().filter(pk=link.pk, used_at=None).first()
    if link is None:
        raise ValidationFailed(LINK_INVALID)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    PasswordChangeRequired.objects.get_or_create(user=link.user)
    audit_record(
        actor=Actor(user=link.user, channel="web"),
        action="user.one_time_link_used",
        obj=link.user,
        after={"username": link.user.username, "link": link.pk, "address": address},
    )
    return link.user


@transaction.atomic
def password_set_by_user(*, user, password: str) -> None:
    """The person chooses their own password; any must-change mark is cleared. Audited, never the password."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(WEAK_PASSWORD, problems=" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    was_required = PasswordChangeRequired.objects.filter(user_id=user.pk).delete()[0] > 0
    audit_record(
        actor=Actor(user=user, channel="web"),
        action="user.password_change",
        obj=user,
        after={"username": user.username, "was_required": was_required},
    )


def _email_of(user) -> str:
    if user.email:
        return user.email
    return Employee.objects.filter(user=user).values_list("email", flat=True).first() or ""


def password_reset_link(user, base: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def password_reset_message(user, address: str) -> EmailMessage:
    """Django's password-reset e-mail, in its reader's language, with an absolute link."""
    from django.template.loader import render_to_string

    with translation.override(user_language(user)):
        link = password_reset_link(user, settings.SERVICELADDER_BASE_URL)
        context = {"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        subject = " ".join(render_to_string("web/account/reset_subject.txt", context).split())
        body = render_to_string("web/account/reset_email.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])


@transaction.atomic
def password_reset_email_send(*, actor: Actor, username: str, reason: str) -> str:
    """Send the person a password-reset link by e-mail (the configured backend); returns the address."""
    _require_manager(actor)
    reason = _clean_reason(reason)
    user = _user(username)
    _check_reach(actor, user)
    if not user.is_active:
        raise ValidationFailed(LINK_INACTIVE_USER, username=username)
    address = _email_of(user)
    if not address:
        raise ValidationFailed(NO_EMAIL, username=username)
    if not settings.SERVICELADDER_BASE_URL:
        raise ValidationFailed(NO_BASE_URL)
    message = password_reset_message(user, address)
    audit_record(
        actor=actor,
        action="user.password_reset_email",
        employee=Employee.objects.filter(user=user).first(),
        obj=user,
        after={"username": username, "email": address},
        reason=reason,
    )
    transaction.on_commit(message.send)
    return address


# --- switching logins off and on ---------------------------------------------------------------------------


def _check_reach(actor: Actor, user) -> None:
    """An administrator acts on logins within their grant reach only: not on HR or management."""
    if actor.user is None:
        return
    held = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    if Role.HR not in user_roles(actor.user) and held & {Role.HR, Role.MANAGEMENT}:
        raise PermissionDeniedError(LOGIN_OUT_OF_REACH)


def _deactivate(*, actor: Actor, user, reason: str) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    OneTimeLink.objects.filter(user=user, used_at=None, ended_at=None).update(ended_at=timezone.now())
    audit_record(
        actor=actor,
        action="user.deactivate",
        employee=Employee.objects.filter(user=user).first(),
        obj=user,
        before={"username": user.username, "active": True},
        after={"username": user.username, "active": False},
        reason=reason,
    )


@transaction.atomic
def user_deactivate(*, actor: Actor, username: str, reason: str) -> None:
    """Switch a login off: no sign-in, no session, no API token. Roles and history stay."""
    _require_manager(actor)
    reason = _clean_reason(reason)
    user = _user(username)
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDeniedError(OWN_LOGIN)
    _check_reach(actor, user)
    if not user.is_active:
        raise ValidationFailed(ALREADY_INACTIVE, username=username)
    if services._is_last_active_hr(user):
        raise PermissionDeniedError(LAST_HR_LOGIN, username=username)
    _deactivate(actor=actor, user=user, reason=reason)


@transaction.atomic
def user_reactivate(*, actor: Actor, username: str, reason: str) -> None:
    """Switch a login on again; refused while its employee has left."""
    _require_manager(actor)
    reason = _clean_reason(reason)
    user = _user(username)
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDeniedError(OWN_LOGIN)
    _check_reach(actor, user)
    if user.is_active:
        raise ValidationFailed(ALREADY_ACTIVE, username=username)
    employee = Employee.objects.filter(user=user).first()
    if employee_has_left(employee):
        raise ValidationFailed(
            REACTIVATE_LEFT, username=username, name=employee.name, date=employee.leave_date
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.reactivate",
        employee=employee,
        obj=user,
        before={"username": username, "active": False},
        after={"username": username, "active": True},
        reason=reason,
    )


def logins_of_leavers_deactivate(*, actor: Actor, today: dt.date | None = None) -> list[str]:
    """Switch off every active login whose employee's leave date has come (each audited with the date).

    Call inside the caller's transaction (the roster import, HR's record edit) or alone (the daily command).
    Returns the user names switched off.
    """
    today = today or timezone.localdate()
    leavers = (
        Employee.objects.filter(user__is_active=True, leave_date__isnull=False, leave_date__lte=today)
        .select_related("user")
        .order_by("number")
    )
    done = []
    with transaction.atomic():
        for employee in leavers:
            _deactivate(actor=actor, user=employee.user, reason=LEFT_REASON % {"date": employee.leave_date})
            done.append(employee.user.username)
    return done
