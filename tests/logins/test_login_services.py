"""accounts.logins: logins created for employees, switched off and on, one-time links, leavers."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone

from serviceladder.accounts import logins, services
from serviceladder.accounts.models import OneTimeLink, PasswordChangeRequired, RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed
from serviceladder.org.models import Employee

User = get_user_model()


def _actor(org, key):
    return Actor(user=org.users[key], channel="web")


def test_admin_creates_a_login_for_an_employee_with_a_link_shown_once(org):
    issued = logins.login_create(
        actor=_actor(org, "admin"),
        employee_number="E2004",
        username="zhangwei",
        roles=["agent"],
        reason="入职",
    )
    user = User.objects.get(username="zhangwei")
    assert Employee.objects.get(number="E2004").user == user
    assert not user.has_usable_password()
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == {"agent"}
    assert PasswordChangeRequired.objects.filter(user=user).exists()
    link = OneTimeLink.objects.get(user=user)
    assert issued.key not in link.key_hash and len(issued.key) >= 40
    actions = list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "user.create" in actions and "user.one_time_link" in actions
    assert not AuditEvent.objects.filter(after__icontains=issued.key).exists()


@pytest.mark.parametrize(
    ("number", "username", "roles", "reason", "message"),
    [
        ("E2003", "lina2", ["agent"], "x", services.EMPLOYEE_LINKED),  # already linked to lina
        ("E9999", "nobody", ["agent"], "x", services.UNKNOWN_EMPLOYEE),
        ("E2004", "lina", ["agent"], "x", services.USER_EXISTS),
        ("E2004", "zhang wei", ["agent"], "x", logins.BAD_USERNAME),
        ("E2004", "zhangwei", ["agent"], "  ", logins.REASON_MISSING),
        ("", "zhangwei", ["agent"], "x", logins.EMPLOYEE_REQUIRED),
    ],
)
def test_a_refused_login_writes_nothing(org, number, username, roles, reason, message):
    users, events = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        logins.login_create(
            actor=_actor(org, "admin"), employee_number=number, username=username, roles=roles, reason=reason
        )
    assert caught.value.message == message
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)
    assert not OneTimeLink.objects.exists()


def test_an_administrator_cannot_create_an_hr_login(org):
    with pytest.raises(PermissionDeniedError) as caught:
        logins.login_create(
            actor=_actor(org, "admin"), employee_number="E2004", username="zw", roles=["hr"], reason="x"
        )
    assert caught.value.message == services.ROLE_OUT_OF_REACH
    assert not User.objects.filter(username="zw").exists()


@pytest.mark.parametrize("key", ["agent", "team_lead", "department_head", "management"])
def test_only_hr_and_admin_create_logins(org, key):
    with pytest.raises(PermissionDeniedError):
        logins.login_create(
            actor=_actor(org, key), employee_number="E2004", username="zw", roles=[], reason="x"
        )
    assert not User.objects.filter(username="zw").exists()


def test_no_login_for_someone_who_has_left(org):
    Employee.objects.filter(number="E2004").update(leave_date=timezone.localdate())
    with pytest.raises(ValidationFailed) as caught:
        logins.login_create(
            actor=_actor(org, "hr"), employee_number="E2004", username="zw", roles=[], reason="x"
        )
    assert caught.value.message == logins.EMPLOYEE_LEFT


def test_username_suggestion_from_email_then_number_and_never_taken(org):
    e = Employee.objects.get(number="E2004")
    assert logins.username_suggest(e) == "e2004"
    e.email = "Zhang.Wei@example.com"
    assert logins.username_suggest(e) == "zhang.wei"
    User.objects.create(username="zhang.wei")
    User.objects.create(username="zhang.wei2")
    assert logins.username_suggest(e) == "zhang.wei3"
    e.email = "张伟@example.com"
    assert logins.username_suggest(e) == "e2004"


def test_a_link_signs_in_once_then_a_password_is_chosen(org):
    issued = logins.login_create(
        actor=_actor(org, "hr"), employee_number="E2004", username="zw", roles=["agent"], reason="x"
    )
    user = logins.one_time_link_use(key=issued.key)
    assert user.username == "zw" and logins.password_change_required(user)
    with pytest.raises(ValidationFailed):
        logins.one_time_link_use(key=issued.key)  # single use
    with pytest.raises(ValidationFailed):
        logins.password_set_by_user(user=user, password="123")
    assert logins.password_change_required(user)
    logins.password_set_by_user(user=user, password="a-long-own-secret-9")
    assert not logins.password_change_required(user)
    assert authenticate(username="zw", password="a-long-own-secret-9") == user
    assert AuditEvent.objects.filter(action="user.password_change", actor=user).count() == 1


def test_a_link_expires_and_a_newer_link_ends_the_older(org):
    hr = _actor(org, "hr")
    first = logins.login_create(actor=hr, employee_number="E2004", username="zw", roles=[], reason="x")
    second = logins.one_time_link_issue(actor=hr, username="zw", reason="lost the first")
    assert logins.one_time_link_find(first.key) is None
    assert logins.one_time_link_find(second.key) is not None
    OneTimeLink.objects.filter(ended_at=None).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert logins.one_time_link_find(second.key) is None
    with pytest.raises(ValidationFailed):
        logins.one_time_link_use(key=second.key)


def test_deactivate_and_reactivate_with_reason_audited(org):
    admin = _actor(org, "admin")
    org.users["agent"].set_password("pw-of-lina-2026")
    org.users["agent"].save()
    assert authenticate(username="lina", password="pw-of-lina-2026") is not None
    with pytest.raises(ValidationFailed):
        logins.user_deactivate(actor=admin, username="lina", reason=" ")
    assert User.objects.get(username="lina").is_active
    logins.user_deactivate(actor=admin, username="lina", reason="长期病假")
    lina = User.objects.get(username="lina")
    assert not lina.is_active
    assert authenticate(username="lina", password="pw-of-lina-2026") is None
    event = AuditEvent.objects.get(action="user.deactivate")
    assert (event.actor, event.reason, event.after["active"]) == (org.users["admin"], "长期病假", False)
    logins.user_reactivate(actor=admin, username="lina", reason="回岗")
    assert authenticate(username="lina", password="pw-of-lina-2026") == lina
    assert AuditEvent.objects.get(action="user.reactivate").reason == "回岗"


def test_switching_off_follows_the_grant_matrix(org):
    admin, hr = _actor(org, "admin"), _actor(org, "hr")
    for username in ("zhaomin", "sunqiang"):  # HR and management: out of an administrator's reach
        with pytest.raises(PermissionDeniedError) as caught:
            logins.user_deactivate(actor=admin, username=username, reason="x")
        assert caught.value.message == logins.LOGIN_OUT_OF_REACH
    with pytest.raises(PermissionDeniedError) as caught:
        logins.user_deactivate(actor=admin, username="sysadmin", reason="x")
    assert caught.value.message == logins.OWN_LOGIN
    with pytest.raises(PermissionDeniedError) as caught:
        logins.user_deactivate(actor=_actor(org, "management"), username="lina", reason="x")
    with pytest.raises(NotFoundOrForbidden):
        logins.user_deactivate(actor=hr, username="no-such-user", reason="x")
    RoleGrant.objects.create(user=org.users["admin"], role=Role.HR)
    with pytest.raises(PermissionDeniedError) as caught:  # the last other active HR user
        logins.user_deactivate(actor=_actor(org, "admin"), username="zhaomin", reason="x")
    assert User.objects.filter(is_active=True).count() == User.objects.count()
    assert not AuditEvent.objects.filter(action="user.deactivate").exists()


def test_a_leaver_is_refused_at_sign_in_and_switched_off_by_the_daily_job(org):
    lina = org.users["agent"]
    lina.set_password("pw-of-lina-2026")
    lina.save()
    assert authenticate(username="lina", password="pw-of-lina-2026") == lina
    Employee.objects.filter(number="E2003").update(leave_date=timezone.localdate() + dt.timedelta(days=1))
    assert authenticate(username="lina", password="pw-of-lina-2026") == lina  # not yet
    Employee.objects.filter(number="E2003").update(leave_date=timezone.localdate())
    assert authenticate(username="lina", password="pw-of-lina-2026") is None  # before the job has run
    done = logins.logins_of_leavers_deactivate(actor=Actor(user=None, channel="system"))
    assert done == ["lina"]
    assert not User.objects.get(username="lina").is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.reason == f"left on {timezone.localdate()}" and event.actor is None
    assert logins.logins_of_leavers_deactivate(actor=Actor(user=None, channel="system")) == []
    with pytest.raises(ValidationFailed) as caught:
        logins.user_reactivate(actor=_actor(org, "hr"), username="lina", reason="x")
    assert caught.value.message == logins.REACTIVATE_LEFT


def test_team_logins_in_one_step(org):
    done = logins.team_logins_create(
        actor=_actor(org, "admin"), team_code="b1", roles=["agent"], reason="开通"
    )
    # b1: E2006, E2007 without a login; E2010 (huangli) has one
    assert [e.number for e, _link in done.created] == ["E2006", "E2007"]
    assert done.skipped_linked == 1
    for e, link in done.created:
        assert Employee.objects.get(pk=e.pk).user.username == link.user.username == e.number.lower()
        assert logins.one_time_link_find(link.key).user == link.user
    again = logins.team_logins_create(actor=_actor(org, "admin"), team_code="b1", roles=["agent"], reason="x")
    assert again.created == [] and again.skipped_linked == 3


def test_team_logins_refused_write_nothing(org):
    users = User.objects.count()
    with pytest.raises(PermissionDeniedError):
        logins.team_logins_create(
            actor=_actor(org, "admin"), team_code="b1", roles=["management"], reason="x"
        )
    with pytest.raises(ValidationFailed):
        logins.team_logins_create(actor=_actor(org, "admin"), team_code="zz", roles=["agent"], reason="x")
    assert User.objects.count() == users and not OneTimeLink.objects.exists()


def test_password_reset_email_has_an_absolute_link(
    org, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SERVICELADDER_BASE_URL = "https://ladder.example.com/"
    Employee.objects.filter(number="E2003").update(email="lina@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        address = logins.password_reset_email_send(
            actor=_actor(org, "admin"), username="lina", reason="忘记密码"
        )
    assert address == "lina@example.com"
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "https://ladder.example.com/password-reset/" in body
    assert AuditEvent.objects.get(action="user.password_reset_email").reason == "忘记密码"


def test_password_reset_email_needs_an_address_and_a_base_url(org, settings, mailoutbox):
    settings.SERVICELADDER_BASE_URL = ""
    with pytest.raises(ValidationFailed) as caught:
        logins.password_reset_email_send(actor=_actor(org, "hr"), username="lina", reason="x")
    assert caught.value.message == logins.NO_EMAIL
    Employee.objects.filter(number="E2003").update(email="lina@example.com")
    with pytest.raises(ValidationFailed) as caught:
        logins.password_reset_email_send(actor=_actor(org, "hr"), username="lina", reason="x")
    assert caught.value.message == logins.NO_BASE_URL
    assert mailoutbox == [] and not AuditEvent.objects.filter(action="user.password_reset_email").exists()
