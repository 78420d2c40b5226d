"""The grant matrix as a pure rule: every actor role set × role × grant/revoke × self/other × state."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from serviceladder.accounts import grant_rules as g
from serviceladder.accounts.grant_rules import RoleChange, role_change_decision, roles_grantable_by
from serviceladder.accounts.roles import Role

ROLES = sorted(g.ALL_ROLES)
ROLE_SETS = [frozenset(c) for n in range(len(ROLES) + 1) for c in itertools.combinations(ROLES, n)]


def test_the_rule_knows_every_role_of_the_product():
    assert set(Role.values) == g.ALL_ROLES


def _expected(c: RoleChange) -> str:
    """The README's table, written out independently of the implementation."""
    if c.actor_roles is None:
        return g.ALLOWED if c.database_empty and c.op == "grant" else g.DENIED_NO_ACTOR
    if "hr" not in c.actor_roles and "admin" not in c.actor_roles:
        return g.DENIED_NOT_MANAGER
    if c.self_change:
        return g.DENIED_OWN_ROLES
    hr_may = "hr" in c.actor_roles
    admin_may = "admin" in c.actor_roles and c.role in {"agent", "team_lead", "department_head", "admin"}
    if not (hr_may or admin_may):
        return g.DENIED_OUT_OF_REACH
    if c.op == "revoke" and c.role == "hr" and c.target_is_last_active_hr:
        return g.DENIED_LAST_HR
    return g.ALLOWED if c.reason.strip() else g.DENIED_NO_REASON


def test_exhaustively_against_the_table():
    checked = 0
    for actor_roles, role, op, self_change, reason, empty, last_hr in itertools.product(
        [None, *ROLE_SETS],
        ROLES,
        ["grant", "revoke"],
        *[[False, True]],
        ["", " ", "why"],
        *[[False, True]] * 2,
    ):
        change = RoleChange(
            op=op,
            role=role,
            actor_roles=actor_roles,
            self_change=self_change,
            reason=reason,
            database_empty=empty,
            target_is_last_active_hr=last_hr,
        )
        assert role_change_decision(change) == _expected(change), change
        checked += 1
    assert checked == 65 * 6 * 2 * 2 * 3 * 2 * 2


changes = st.builds(
    RoleChange,
    op=st.sampled_from(["grant", "revoke"]),
    role=st.sampled_from(ROLES),
    actor_roles=st.none() | st.frozensets(st.sampled_from(ROLES)),
    self_change=st.booleans(),
    reason=st.text(max_size=5),
    database_empty=st.booleans(),
    target_is_last_active_hr=st.booleans(),
)


@given(changes)
def test_nobody_changes_their_own_roles(change):
    if change.self_change and change.actor_roles is not None:
        assert role_change_decision(change) != g.ALLOWED


@given(changes)
def test_an_administrator_without_hr_never_opens_pay_roles(change):
    held = change.actor_roles
    if held is not None and "hr" not in held and change.role in {"hr", "management"}:
        assert role_change_decision(change) != g.ALLOWED


@given(changes)
def test_a_person_never_changes_a_role_without_a_reason(change):
    if change.actor_roles is not None and not change.reason.strip():
        assert role_change_decision(change) != g.ALLOWED


@given(changes)
def test_the_last_active_hr_never_loses_hr(change):
    if change.op == "revoke" and change.role == "hr" and change.target_is_last_active_hr:
        assert role_change_decision(change) != g.ALLOWED


@given(changes)
def test_an_allowed_change_is_within_the_actors_reach(change):
    if role_change_decision(change) == g.ALLOWED:
        assert change.role in roles_grantable_by(change.actor_roles, database_empty=change.database_empty)


def test_reach_per_role():
    assert roles_grantable_by({"hr"}) == g.ALL_ROLES
    assert roles_grantable_by({"admin"}) == {"agent", "team_lead", "department_head", "admin"}
    for role in ("agent", "team_lead", "department_head", "management"):
        assert roles_grantable_by({role}) == frozenset()
    assert roles_grantable_by(None) == frozenset()
    assert roles_grantable_by(None, database_empty=True) == g.ALL_ROLES
