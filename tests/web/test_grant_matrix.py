"""The grant matrix over HTTP and the CLI: every role × every target role × grant/revoke × self/other.

Part of the permission matrix (test_permissions.py covers reads); here the writes on the users page and
`user grant|revoke --as`. The expected outcome is the README's table, written out here.
"""

import pytest
from django.urls import reverse

from serviceladder.accounts.models import RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.accounts.services import CANNOT_MANAGE_ROLES, OWN_ROLES, REASON_REQUIRED, ROLE_OUT_OF_REACH
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from tests.factories import UserFactory
from tests.web.org import ROLE_KEYS, USERS

ADMIN_REACH = {Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.ADMIN}
TARGET = "target1"


def _allowed(actor_key: str, role: str, self_change: bool) -> bool:
    if self_change or actor_key not in ("hr", "admin"):
        return False
    return actor_key == "hr" or role in ADMIN_REACH


def _roles(username: str) -> set[str]:
    return set(RoleGrant.objects.filter(user__username=username).values_list("role", flat=True))


def _set_target(role: str, op: str) -> None:
    RoleGrant.objects.filter(user__username=TARGET).delete()
    if op == "revoke":
        RoleGrant.objects.create(user=UserFactory._meta.model.objects.get(username=TARGET), role=role)


def _cases():
    for role in Role.values:
        for op in ("grant", "revoke"):
            for self_change in (False, True):
                yield role, op, self_change


def _expected_message(actor_key: str, role: str, self_change: bool) -> str:
    if actor_key not in ("hr", "admin"):
        return str(CANNOT_MANAGE_ROLES)
    if self_change:
        return str(OWN_ROLES)
    return str(ROLE_OUT_OF_REACH) % {"role": Role(role).label}


@pytest.mark.django_db
@pytest.mark.parametrize("actor_key", ROLE_KEYS)
def test_grant_matrix_on_the_users_page(client, org, actor_key):
    UserFactory(username=TARGET)
    username = USERS[actor_key][0]
    client.force_login(org.users[actor_key])
    client.cookies["serviceladder_language"] = "en"
    problems = []
    for role, op, self_change in _cases():
        _set_target(role, op)
        who = username if self_change else TARGET
        mine, before_events = _roles(username), AuditEvent.objects.count()
        response = client.post(
            reverse("users"), {"op": op, "username": who, "role": role, "reason": "matrix"}, follow=True
        )
        label = f"{actor_key} {op} {role} {'self' if self_change else 'other'}"
        if _allowed(actor_key, role, self_change):
            held = role in _roles(TARGET)
            if held != (op == "grant") or AuditEvent.objects.count() != before_events + 1:
                problems.append(f"{label}: not done")
            continue
        if _roles(username) != mine or (not self_change and (role in _roles(TARGET)) != (op == "revoke")):
            problems.append(f"{label}: roles changed")
        if AuditEvent.objects.count() != before_events:
            problems.append(f"{label}: audited a refused change")
        if actor_key in ("hr", "admin"):
            if _expected_message(actor_key, role, self_change) not in response.content.decode():
                problems.append(f"{label}: no clear message")
        elif response.status_code != 403:
            problems.append(f"{label}: {response.status_code}, expected 403")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_key", ROLE_KEYS)
def test_grant_matrix_on_the_command_line(org, actor_key, capsys):
    UserFactory(username=TARGET)
    username = USERS[actor_key][0]
    problems = []
    for role, op, self_change in _cases():
        _set_target(role, op)
        who = username if self_change else TARGET
        mine = _roles(username)
        capsys.readouterr()
        code = main(["user", op, who, role, "--as", username, "--reason", "matrix"])
        err = capsys.readouterr().err
        label = f"{actor_key} {op} {role} {'self' if self_change else 'other'}"
        if _allowed(actor_key, role, self_change):
            if code != 0 or (role in _roles(TARGET)) != (op == "grant"):
                problems.append(f"{label}: exit {code}, not done")
            continue
        if code != 2 or _expected_message(actor_key, role, self_change) not in err:
            problems.append(f"{label}: exit {code}, {err.strip()!r}")
        if _roles(username) != mine or (not self_change and (role in _roles(TARGET)) != (op == "revoke")):
            problems.append(f"{label}: roles changed")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_role_change_without_a_reason_is_refused_on_the_web_and_the_cli(client_for, org, capsys):
    UserFactory(username=TARGET)
    response = client_for("hr").post(
        reverse("users"), {"op": "grant", "username": TARGET, "role": "agent", "reason": " "}, follow=True
    )
    assert str(REASON_REQUIRED) in response.content.decode()
    assert main(["user", "grant", TARGET, "agent", "--as", "zhaomin"]) == 2
    assert str(REASON_REQUIRED) in capsys.readouterr().err
    assert _roles(TARGET) == set()


@pytest.mark.django_db
def test_the_users_page_offers_only_the_roles_the_actor_may_grant(client_for, org):
    html = client_for("admin").get(reverse("users")).content.decode()
    assert 'value="department_head"' in html and 'value="admin"' in html
    assert 'value="hr"' not in html and 'value="management"' not in html
    html = client_for("hr").get(reverse("users")).content.decode()
    assert 'value="hr"' in html and 'value="management"' in html
