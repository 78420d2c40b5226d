import getpass
import io

import pytest
from django.contrib.auth import get_user_model

from serviceladder.accounts.models import RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.accounts.services import (
    CANNOT_MANAGE_ROLES,
    REASON_REQUIRED,
    ROLE_OUT_OF_REACH,
    UNKNOWN_ROLE,
    role_grant,
    role_revoke,
    user_create,
)
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.actor import NO_CLI_ACTOR, resolve_cli_actor
from serviceladder.cli.main import main
from serviceladder.core.errors import ActorError, PermissionDeniedError, ValidationFailed
from tests.factories import EmployeeFactory, user_with_roles

pytestmark = pytest.mark.django_db


def test_hr_grants_and_revokes_a_role_with_audit_rows():
    hr = user_with_roles("hr1", Role.HR)
    emp = EmployeeFactory()
    user_with_roles("someone", Role.AGENT, employee=emp)
    role_grant(actor=Actor(user=hr), username="someone", role=Role.TEAM_LEAD, reason="new lead")
    assert RoleGrant.objects.filter(user__username="someone", role=Role.TEAM_LEAD).exists()
    event = AuditEvent.objects.get(action="role.grant")
    assert (event.actor, event.employee, event.reason) == (hr, emp, "new lead")
    assert event.after == {"username": "someone", "role": "team_lead"}

    assert role_revoke(actor=Actor(user=hr), username="someone", role=Role.TEAM_LEAD, reason="moved")
    assert not RoleGrant.objects.filter(user__username="someone", role=Role.TEAM_LEAD).exists()
    assert AuditEvent.objects.filter(action="role.revoke", reason="moved").count() == 1


def test_granting_twice_writes_one_row_and_one_event():
    hr = user_with_roles("hr1", Role.HR)
    user_with_roles("someone")
    role_grant(actor=Actor(user=hr), username="someone", role=Role.AGENT, reason="joined")
    role_grant(actor=Actor(user=hr), username="someone", role=Role.AGENT, reason="joined")
    assert RoleGrant.objects.filter(user__username="someone").count() == 1
    assert AuditEvent.objects.filter(action="role.grant").count() == 1


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.MANAGEMENT])
def test_roles_other_than_hr_and_admin_cannot_grant(role):
    actor = user_with_roles("actor", role)
    user_with_roles("target")
    with pytest.raises(PermissionDeniedError) as exc:
        role_grant(actor=Actor(user=actor), username="target", role=Role.HR)
    assert exc.value.message == CANNOT_MANAGE_ROLES
    assert not RoleGrant.objects.filter(user__username="target").exists()
    assert not AuditEvent.objects.exists()


def test_an_admin_cannot_grant_hr_but_hr_grants_admin():
    admin = user_with_roles("admin1", Role.ADMIN)
    user_with_roles("target")
    with pytest.raises(PermissionDeniedError) as exc:
        role_grant(actor=Actor(user=admin), username="target", role=Role.HR, reason="x")
    assert exc.value.message == ROLE_OUT_OF_REACH
    assert not RoleGrant.objects.filter(user__username="target").exists()
    hr = user_with_roles("hr1", Role.HR)
    role_grant(actor=Actor(user=hr), username="target", role=Role.ADMIN, reason="new operator")
    assert RoleGrant.objects.filter(user__username="target", role=Role.ADMIN).exists()


def test_a_role_change_without_a_reason_is_refused_and_writes_nothing():
    hr = user_with_roles("hr1", Role.HR)
    user_with_roles("target")
    with pytest.raises(ValidationFailed) as exc:
        role_grant(actor=Actor(user=hr), username="target", role=Role.AGENT, reason="  ")
    assert exc.value.message == REASON_REQUIRED
    with pytest.raises(ValidationFailed):
        user_create(actor=Actor(user=hr), username="x", password="a-long-enough-pass-9", roles=[Role.AGENT])
    assert not RoleGrant.objects.filter(user__username="target").exists()
    assert not get_user_model().objects.filter(username="x").exists()
    assert not AuditEvent.objects.exists()


def test_unknown_role_is_rejected_with_the_allowed_list():
    hr = user_with_roles("hr1", Role.HR)
    user_with_roles("target")
    with pytest.raises(ValidationFailed) as exc:
        role_grant(actor=Actor(user=hr), username="target", role="boss")
    assert exc.value.message == UNKNOWN_ROLE
    assert "team_lead" in str(exc.value)


def test_user_create_links_employee_and_audits():
    hr = user_with_roles("hr1", Role.HR)
    emp = EmployeeFactory()
    user = user_create(
        actor=Actor(user=hr),
        username="newbie",
        password="a-long-enough-pass-9",
        employee_number=emp.number,
        roles=[Role.AGENT],
        reason="new hire",
    )
    emp.refresh_from_db()
    assert emp.user == user
    assert AuditEvent.objects.get(action="user.create").employee == emp


def test_user_create_rejects_weak_password_and_writes_nothing():
    hr = user_with_roles("hr1", Role.HR)
    with pytest.raises(ValidationFailed):
        user_create(
            actor=Actor(user=hr), username="newbie", password="123", roles=[Role.AGENT], reason="new hire"
        )
    assert not AuditEvent.objects.exists()
    assert not RoleGrant.objects.filter(user__username="newbie").exists()


def test_cli_actor_is_required_without_as(monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "nobody-here")
    with pytest.raises(ActorError) as exc:
        resolve_cli_actor(None)
    assert exc.value.message == NO_CLI_ACTOR
    assert "nobody-here" in str(exc.value)


def test_cli_grant_uses_the_marked_os_user_and_exit_codes(monkeypatch, capsys):
    monkeypatch.setattr(getpass, "getuser", lambda: "opsuser")
    user_with_roles("hr1", Role.HR)
    user_with_roles("target")
    assert main(["user", "grant", "target", "agent"]) == 2
    assert "opsuser" in capsys.readouterr().err
    assert main(["user", "cli-actor", "hr1"]) == 0
    assert main(["user", "grant", "target", "agent", "--reason", "joined"]) == 0
    event = AuditEvent.objects.get(action="role.grant")
    assert (event.actor.username, event.channel, event.reason) == ("hr1", "cli", "joined")
    assert main(["user", "grant", "target", "nonsense"]) == 2


def test_audit_events_cannot_be_changed_or_deleted():
    hr = user_with_roles("hr1", Role.HR)
    user_with_roles("target")
    role_grant(actor=Actor(user=hr), username="target", role=Role.AGENT, reason="joined")
    event = AuditEvent.objects.get()
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(reason="x")
    assert AuditEvent.objects.get().reason == "joined"


def test_first_user_on_a_fresh_install_needs_no_actor_and_becomes_the_cli_actor(monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "installer")
    monkeypatch.setenv("SERVICELADDER_PASSWORD", "a-long-enough-pass-9")
    assert main(["user", "create", "firstadmin", "--role", "admin", "--role", "hr"]) == 0
    assert RoleGrant.objects.filter(user__username="firstadmin").count() == 2
    assert resolve_cli_actor(None).user.username == "firstadmin"
    # From now on an actor is needed: a second user is recorded as created by the first.
    assert main(["user", "create", "second", "--role", "agent"]) == 2  # a role change needs a reason
    assert main(["user", "create", "second", "--role", "agent", "--reason", "new hire"]) == 0
    assert (
        AuditEvent.objects.get(action="user.create", after__username="second").actor.username == "firstadmin"
    )
    monkeypatch.setattr(getpass, "getuser", lambda: "stranger")
    assert main(["user", "create", "third", "--role", "agent", "--reason", "x"]) == 2


def test_user_create_without_a_terminal_or_password_says_how_to_give_one(monkeypatch, capsys):
    monkeypatch.delenv("SERVICELADDER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script or a pipe, not a terminal
    assert main(["user", "create", "firstadmin", "--role", "admin"]) == 2
    assert "set SERVICELADDER_PASSWORD" in capsys.readouterr().err
    assert not get_user_model().objects.exists()
