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
- removing an attachment (attachment_remover): the person who uploaded it while the applicant side may still
  change the case (uploader_window_open), with an optional reason; HR on someone else's case in any state
  before it is closed (effective, rejected, withdrawn), with a required reason.
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
from serviceladder.promotions.errors import (
    ATTACHMENT_REMOVE_CLOSED,
    ATTACHMENT_REMOVE_NOT_ALLOWED,
    OWN_APPLICATION,
    AttachmentLocked,
    NotFound,
    StageNotAllowed,
)
from serviceladder.promotions.models import ApplicationAttachment, PromotionApplication
from serviceladder.promotions.states import FINAL_STATES, TRANSITIONS, Action, Scope, State

# How a user may remove an attachment (attachment_remover): as its uploader, or as HR (a reason required).
REMOVE_AS_UPLOADER = "uploader"
REMOVE_AS_HR = "hr"


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


# --- the role before the state ------------------------------------------------------------------------------
# Steps on a case are checked in this order: may the user see the case (404 otherwise, access_application),
# may they act in this role at all (403, require_operation), and only then is the case's state or version
# right for it (409). The role does not depend on the state, so someone without it never learns the state.

EDIT, ATTACHMENT_ADD, ASSESSMENT, PAY = "edit", "attachment_add", "assessment", "pay"
APPEAL_ANSWER = "appeal_answer"


def _action_scopes() -> dict[str, str]:
    scopes: dict[str, str] = {}
    for (_state, action), step in TRANSITIONS.items():
        if scopes.setdefault(action, step.scope) != step.scope:  # pragma: no cover - a table edit would show
            raise ValueError(f"action {action} has two scopes; require_operation needs one per action")
    return scopes


OPERATION_SCOPES: dict[str, str] = {
    **_action_scopes(),
    EDIT: Scope.APPLICANT_OR_NOMINATOR,
    ATTACHMENT_ADD: Scope.APPLICANT_OR_NOMINATOR,
    ASSESSMENT: Scope.HR,
    PAY: Scope.HR,
    APPEAL_ANSWER: Scope.HR,
}
assert set(Action.values) <= set(OPERATION_SCOPES)


def require_operation(user, application: PromotionApplication, operation: str) -> None:
    """StageNotAllowed (403) unless `user` may take `operation` (an Action or one of the names above) on this
    application in some state. Called before anything looks at the state or the version."""
    require_scope(user, application, OPERATION_SCOPES[operation])


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


# --- attachments --------------------------------------------------------------------------------------------


def uploader_window_open(application: PromotionApplication) -> bool:
    """Whether the applicant side may still take back its own files: a draft, or a submitted application
    whose review has not started. The department review starts with the head's decision (a StageOpinion);
    a case sent back to `submitted` by an appeal has been reviewed before, so the window stays shut."""
    if application.state == State.DRAFT:
        return True
    if application.state != State.SUBMITTED:
        return False
    return not application.opinions.exists()


def attachment_remover(
    user, application: PromotionApplication, attachment: ApplicationAttachment, *, window: bool | None = None
) -> str:
    """REMOVE_AS_UPLOADER or REMOVE_AS_HR: how `user` may remove `attachment` of `application` now (the caller
    has already checked that the user sees the case). `window`: uploader_window_open(application), when the
    caller already knows it. Raises AttachmentLocked (409) when the stage forbids it, StageNotAllowed (403)
    when the user may not remove it at all."""
    if window is None:
        window = uploader_window_open(application)
    uploader = (
        attachment.uploaded_by_id is not None
        and attachment.uploaded_by_id == getattr(user, "pk", None)
        and in_scope(user, application, Scope.APPLICANT_OR_NOMINATOR)
    )
    if uploader and window:
        return REMOVE_AS_UPLOADER
    hr = has_role(user, Role.HR)
    own = is_own_application(user, application)
    if hr and not own and application.state not in FINAL_STATES:
        return REMOVE_AS_HR
    if hr and not own:
        raise AttachmentLocked(ATTACHMENT_REMOVE_CLOSED, state=State(application.state).label)
    if uploader:
        raise AttachmentLocked(name=attachment.original_name, state=State(application.state).label)
    if hr and own:
        raise StageNotAllowed(OWN_APPLICATION)
    raise StageNotAllowed(ATTACHMENT_REMOVE_NOT_ALLOWED)


def attachment_remover_or_none(user, application, attachment, *, window: bool | None = None) -> str | None:
    """attachment_remover without the reasons: None when the user may not remove it now (for buttons)."""
    from serviceladder.core.errors import DomainError

    try:
        return attachment_remover(user, application, attachment, window=window)
    except DomainError:
        return None
