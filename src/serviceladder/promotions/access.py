"""Who may see and act on promotion cycles and applications. Built on accounts.scoping (the one scoping
layer); every service, selector, view and endpoint of the promotions app asks here.

- seeing an application: whoever may see the applicant's performance (the applicant, their team lead,
  their department head, HR, management) — scoping.employees_with_performance_visible_to;
- the public notice: everyone with a role sees names and from/to levels of published promotions only;
- acting (states.Scope, one line per rule):
  applicant      — the applicant themselves (submit, withdraw);
  nominator      — the superior who nominated them (submit a nomination);
  department_head— the head of the applicant's department (Department.head); HR stands in when the
                   department has no head other than the applicant;
  hr / management— holders of that role;
  staff          — anyone with a role (appeals);
  and nobody acts on their own application except to submit or withdraw it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    employees_with_performance_visible_to,
    has_role,
    user_employee,
    user_roles,
)
from serviceladder.org.models import Employee
from serviceladder.promotions.errors import OWN_APPLICATION, NotFound, StageNotAllowed
from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.states import Scope


def applications_visible_to(user) -> QuerySet[PromotionApplication]:
    """Applications whose case the user may open (the frozen snapshot holds performance data)."""
    return PromotionApplication.objects.filter(applicant__in=employees_with_performance_visible_to(user))


def access_application(user, pk) -> PromotionApplication:
    """The application `pk` if the user may see it; otherwise NotFound (missing and not yours look alike)."""
    qs = applications_visible_to(user).select_related(
        "cycle", "applicant__team__department", "from_level", "target_level", "nominated_by", "created_by"
    )
    try:
        app = qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        app = None
    if app is None:
        raise NotFound()
    return app


def is_own_application(user, application: PromotionApplication) -> bool:
    me = user_employee(user)
    return me is not None and me.pk == application.applicant_id


def _department_head_id(applicant: Employee) -> int | None:
    if applicant.team_id is None:
        return None
    return applicant.team.department.head_id


def in_scope(user, application: PromotionApplication, scope: str) -> bool:
    """Whether `user` is the actor `scope` names for this application (not counting "own application")."""
    roles = user_roles(user)
    if not roles:
        return False
    me = user_employee(user)
    if scope == Scope.APPLICANT:
        return me is not None and me.pk == application.applicant_id
    if scope == Scope.APPLICANT_OR_NOMINATOR:
        if me is None:
            return False
        return me.pk in (application.applicant_id, application.nominated_by_id)
    if scope == Scope.DEPARTMENT_HEAD:
        head = _department_head_id(application.applicant)
        if head is None or head == application.applicant_id:
            return Role.HR in roles  # no other head to review: HR stands in
        return Role.DEPARTMENT_HEAD in roles and me is not None and me.pk == head
    if scope == Scope.HR:
        return Role.HR in roles
    if scope == Scope.MANAGEMENT:
        return Role.MANAGEMENT in roles
    return scope == Scope.STAFF


def require_scope(user, application: PromotionApplication, scope: str) -> None:
    """Raise StageNotAllowed unless `user` may take a step of `scope` on this application."""
    if scope not in (Scope.APPLICANT, Scope.APPLICANT_OR_NOMINATOR) and is_own_application(user, application):
        raise StageNotAllowed(OWN_APPLICATION)
    if not in_scope(user, application, scope):
        raise StageNotAllowed(scope=Scope(scope).label)


def can_nominate(user, employee: Employee) -> bool:
    """A team lead may nominate members of the teams they lead; a department head, people of their department.

    Never oneself."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is None or me.pk == employee.pk or employee.team_id is None:
        return False
    team = employee.team
    if Role.TEAM_LEAD in roles and team.lead_id == me.pk:
        return True
    return Role.DEPARTMENT_HEAD in roles and team.department.head_id == me.pk


def can_open_cycle(user) -> bool:
    return has_role(user, Role.HR)


def can_set_quotas(user) -> bool:
    """HR sets a cycle's quotas (at opening and later); management approves against them."""
    return has_role(user, Role.HR)


def can_see_appellant(user) -> bool:
    """The identity of an appellant is for HR only (and for the appellant)."""
    return has_role(user, Role.HR)


def can_see_notices(user) -> bool:
    """The public notice is for everyone in the organisation (anyone with a role)."""
    return bool(user_roles(user))


def can_comment(user, application: PromotionApplication) -> bool:
    return applications_visible_to(user).filter(pk=application.pk).exists()
