"""The role grant matrix: who may grant or revoke which role to whom. Pure: plain values in, a code out.

- The first user created on an empty database may hold any roles (the system creates them; nobody to ask).
- Otherwise there is always a person acting: the system alone changes no roles.
- HR grants and revokes every role.
- An administrator grants and revokes agent, team lead and department head, and administrator while they
  hold it themselves (the roles are the ones they hold now, so a revoked admin loses that right at once).
  HR and management are out of an administrator's reach: they open pay and everyone's KPIs.
- Nobody grants or revokes their own roles.
- The last active HR user cannot lose HR (nobody would be left to grant it back).
- Every role change needs a reason, written to the audit log.

The services ask `role_change_decision` and raise the matching domain error; the web page and the CLI only
call the services, and the users page offers only the roles `roles_grantable_by` returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

AGENT, TEAM_LEAD, DEPARTMENT_HEAD, HR, MANAGEMENT, ADMIN = (
    "agent",
    "team_lead",
    "department_head",
    "hr",
    "management",
    "admin",
)
ALL_ROLES = frozenset({AGENT, TEAM_LEAD, DEPARTMENT_HEAD, HR, MANAGEMENT, ADMIN})
ADMIN_REACH = frozenset({AGENT, TEAM_LEAD, DEPARTMENT_HEAD, ADMIN})

# Decision codes. ALLOWED is the only yes.
ALLOWED = "allowed"
DENIED_NO_ACTOR = "no_actor"  # the system (no user) outside the first-user bootstrap
DENIED_NOT_MANAGER = "not_manager"  # neither HR nor administrator
DENIED_OWN_ROLES = "own_roles"
DENIED_OUT_OF_REACH = "out_of_reach"  # an administrator and HR or management
DENIED_LAST_HR = "last_hr"
DENIED_NO_REASON = "no_reason"

Op = Literal["grant", "revoke"]


@dataclass(frozen=True)
class RoleChange:
    """One grant or revoke as the rule sees it.

    actor_roles: the roles the acting user holds now; None when the system acts (no user).
    database_empty: no user exists yet (only meaningful for the first user's creation).
    target_is_last_active_hr: the target is active, holds HR, and no other active user does.
    """

    op: Op
    role: str
    actor_roles: frozenset[str] | None
    self_change: bool = False
    reason: str = ""
    database_empty: bool = False
    target_is_last_active_hr: bool = False


def roles_grantable_by(actor_roles: Iterable[str] | None, *, database_empty: bool = False) -> frozenset[str]:
    """The roles this actor may grant or revoke on someone else (before the reason and last-HR checks)."""
    if actor_roles is None:
        return ALL_ROLES if database_empty else frozenset()
    held = frozenset(actor_roles)
    reach: frozenset[str] = frozenset()
    if HR in held:
        reach |= ALL_ROLES
    if ADMIN in held:
        reach |= ADMIN_REACH
    return reach


def role_change_decision(change: RoleChange) -> str:
    """ALLOWED, or the code of the first rule that refuses the change (codes above)."""
    if change.actor_roles is None:
        if not (change.database_empty and change.op == "grant"):
            return DENIED_NO_ACTOR
        return ALLOWED  # the first user: any roles, no one to give a reason to
    if not change.actor_roles & {HR, ADMIN}:
        return DENIED_NOT_MANAGER
    if change.self_change:
        return DENIED_OWN_ROLES
    if change.role not in roles_grantable_by(change.actor_roles):
        return DENIED_OUT_OF_REACH
    if change.op == "revoke" and change.role == HR and change.target_is_last_active_hr:
        return DENIED_LAST_HR
    if not change.reason.strip():
        return DENIED_NO_REASON
    return ALLOWED
