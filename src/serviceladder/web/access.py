"""Which pages a user may open. Object-level visibility is decided by accounts.scoping."""

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_browse_audit,
    can_import,
    can_manage_roles,
    can_see_queues,
    has_role,
    user_employee,
    user_roles,
)
from serviceladder.core.errors import PermissionDeniedError

DIRECTORY_ROLES = (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR, Role.MANAGEMENT, Role.ADMIN)


def can_browse_directory(user) -> bool:
    # An agent sees only themselves; their home page is their card, so a directory adds nothing.
    return has_role(user, *DIRECTORY_ROLES)


POLICY_HISTORY_ROLES = (Role.HR, Role.MANAGEMENT, Role.ADMIN)


def can_view_ladder(user) -> bool:
    # The ladder is how everyone, agents included, sees their path; only users without a role are kept out.
    return bool(user_roles(user))


def can_read_policy_history(user) -> bool:
    return has_role(user, *POLICY_HISTORY_ROLES)


def can_edit_policy(user) -> bool:
    return has_role(user, Role.HR)


WHATIF_ROLES = (Role.HR, Role.MANAGEMENT)


def can_run_whatif(user) -> bool:
    # HR drafts the policy; management approves promotions against headcount, so it may try a draft too.
    # Nothing is stored. Both see everyone's performance; an administrator sees none, so a simulation
    # would tell them nothing (and must not: it would reveal who is eligible).
    return has_role(user, *WHATIF_ROLES)


ELIGIBILITY_LIST_ROLES = (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR, Role.MANAGEMENT)
ELIGIBILITY_DEPARTMENT_FILTER_ROLES = (Role.HR, Role.MANAGEMENT)


def can_browse_eligibility(user) -> bool:
    # Lists of who may move up are for the people who decide on promotions; which people appear on them
    # is decided by accounts.scoping (employees_with_performance_visible_to).
    return has_role(user, *ELIGIBILITY_LIST_ROLES)


def can_filter_eligibility_by_department(user) -> bool:
    return has_role(user, *ELIGIBILITY_DEPARTMENT_FILTER_ROLES)


def can_view_own_path(user) -> bool:
    # Everyone with a role may open "My path"; without an employee record the page says so.
    return bool(user_roles(user))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError()


def can_open_development(user) -> bool:
    """The Development landing: HR and management (lists, counts), and everyone with a role and an employee
    record who has a development record of their own (not an administrator's login)."""
    roles = user_roles(user)
    if roles & {Role.HR, Role.MANAGEMENT}:
        return True
    return (
        bool(roles & {Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}) and user_employee(user) is not None
    )


def can_open_recognition(user) -> bool:
    """The Recognition landing (the star wall is for all staff): everyone with a role."""
    return bool(user_roles(user))


def can_open_wellbeing(user) -> bool:
    """The Wellbeing landing: everyone with a role (the pulse, the voice channel and activities are for all
    staff; each section then asks its own rule)."""
    return bool(user_roles(user))


def can_open_learning(user) -> bool:
    """The Learning landing: everyone with a role (the catalogue, one's own enrolments and exams are for all
    staff; each section then asks its own rule)."""
    return bool(user_roles(user))


def nav_for(user) -> dict[str, bool]:
    return {
        "directory": can_browse_directory(user),
        "audit": can_browse_audit(user),
        "users": can_manage_roles(user),
        "imports": can_import(user),
        "ladder": can_view_ladder(user),
        "policy": can_read_policy_history(user),
        "whatif": can_run_whatif(user),
        "promotions": bool(user_roles(user)),
        "my_path": can_view_own_path(user) and user_employee(user) is not None,
        "eligibility": can_browse_eligibility(user),
        "queues": can_see_queues(user),
        "development": can_open_development(user),
        "recognition": can_open_recognition(user),
        "wellbeing": can_open_wellbeing(user),
        "learning": can_open_learning(user),
    }
