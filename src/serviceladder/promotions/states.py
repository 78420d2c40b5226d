"""States, actions and THE transition table of a promotion application (policy 001 §6, the process).

    draft ──submit──► submitted ──dept_approve──► dept_approved ──hr_approve──► hr_approved
                          │                            │                            │
                     dept_reject                   hr_reject                  mgmt_approve / mgmt_reject
                          ▼                            ▼                            ▼
                      rejected ◄───────────────────────┴──────────────────── mgmt_approved
                                                                                    │ publish
                                                                                    ▼
     effective ◄──finalise── on_notice ◄──appeal_dismiss── under_appeal ◄──appeal_file── on_notice
                                                               │
                     appeal_uphold_department → submitted · appeal_uphold_hr → dept_approved ·
                     appeal_uphold_reject → rejected
    withdraw (by the applicant): from draft … on_notice → withdrawn

`TRANSITIONS` is the only description of which action moves which state; `workflow.transition_apply` is
the only function that changes a state, and it reads this table. Each step names the scope of the actor
who may take it (see access.py); nobody acts on their own application except to submit or withdraw it.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting the department review")
    DEPT_APPROVED = "dept_approved", _("Department approved, awaiting the HR review")
    HR_APPROVED = "hr_approved", _("HR approved, awaiting management approval")
    MGMT_APPROVED = "mgmt_approved", _("Approved by management, awaiting the public notice")
    ON_NOTICE = "on_notice", _("On public notice")
    UNDER_APPEAL = "under_appeal", _("On notice, appeal under investigation")
    EFFECTIVE = "effective", _("Effective")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    WITHDRAW = "withdraw", _("Withdraw")
    DEPT_APPROVE = "dept_approve", _("Department review: approve")
    DEPT_REJECT = "dept_reject", _("Department review: reject")
    HR_APPROVE = "hr_approve", _("HR review: approve")
    HR_REJECT = "hr_reject", _("HR review: reject")
    MGMT_APPROVE = "mgmt_approve", _("Management: approve")
    MGMT_REJECT = "mgmt_reject", _("Management: reject")
    PUBLISH = "publish", _("Publish the notice")
    APPEAL_FILE = "appeal_file", _("File an appeal")
    APPEAL_DISMISS = "appeal_dismiss", _("Appeal dismissed")
    APPEAL_UPHOLD_DEPARTMENT = "appeal_uphold_department", _("Appeal upheld: back to the department review")
    APPEAL_UPHOLD_HR = "appeal_uphold_hr", _("Appeal upheld: back to the HR review")
    APPEAL_UPHOLD_REJECT = "appeal_uphold_reject", _("Appeal upheld: rejected")
    FINALISE = "finalise", _("Finalise: level, pay and training take effect")


class Scope(models.TextChoices):
    """Who may take a step (each resolved in access.py through accounts.scoping)."""

    APPLICANT = "applicant", _("the applicant")
    APPLICANT_OR_NOMINATOR = "applicant_or_nominator", _("the applicant or the nominating superior")
    DEPARTMENT_HEAD = "department_head", _("the head of the applicant's department")
    HR = "hr", _("HR")
    MANAGEMENT = "management", _("management")
    STAFF = "staff", _("anyone in the organisation")


class Step(NamedTuple):
    to_state: str
    scope: str


S, A = State, Action
TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.DRAFT, A.SUBMIT): Step(S.SUBMITTED, Scope.APPLICANT_OR_NOMINATOR),
    (S.SUBMITTED, A.DEPT_APPROVE): Step(S.DEPT_APPROVED, Scope.DEPARTMENT_HEAD),
    (S.SUBMITTED, A.DEPT_REJECT): Step(S.REJECTED, Scope.DEPARTMENT_HEAD),
    (S.DEPT_APPROVED, A.HR_APPROVE): Step(S.HR_APPROVED, Scope.HR),
    (S.DEPT_APPROVED, A.HR_REJECT): Step(S.REJECTED, Scope.HR),
    (S.HR_APPROVED, A.MGMT_APPROVE): Step(S.MGMT_APPROVED, Scope.MANAGEMENT),
    (S.HR_APPROVED, A.MGMT_REJECT): Step(S.REJECTED, Scope.MANAGEMENT),
    (S.MGMT_APPROVED, A.PUBLISH): Step(S.ON_NOTICE, Scope.HR),
    (S.ON_NOTICE, A.APPEAL_FILE): Step(S.UNDER_APPEAL, Scope.STAFF),
    (S.UNDER_APPEAL, A.APPEAL_FILE): Step(S.UNDER_APPEAL, Scope.STAFF),  # a further appeal
    (S.UNDER_APPEAL, A.APPEAL_DISMISS): Step(S.ON_NOTICE, Scope.HR),  # the last open appeal answered
    (S.UNDER_APPEAL, A.APPEAL_UPHOLD_DEPARTMENT): Step(S.SUBMITTED, Scope.HR),
    (S.UNDER_APPEAL, A.APPEAL_UPHOLD_HR): Step(S.DEPT_APPROVED, Scope.HR),
    (S.UNDER_APPEAL, A.APPEAL_UPHOLD_REJECT): Step(S.REJECTED, Scope.HR),
    (S.ON_NOTICE, A.FINALISE): Step(S.EFFECTIVE, Scope.HR),
    **{
        (state, A.WITHDRAW): Step(S.WITHDRAWN, Scope.APPLICANT)
        for state in (S.DRAFT, S.SUBMITTED, S.DEPT_APPROVED, S.HR_APPROVED, S.MGMT_APPROVED, S.ON_NOTICE)
    },
}
del S, A

# Applications in these states hold a place: one per applicant and cycle.
OPEN_STATES = frozenset(s for s in State if s not in (State.REJECTED, State.WITHDRAWN))
FINAL_STATES = frozenset({State.EFFECTIVE, State.REJECTED, State.WITHDRAWN})
# Approved by management and not (yet) undone: these use the target level's quota.
QUOTA_STATES = frozenset({State.MGMT_APPROVED, State.ON_NOTICE, State.UNDER_APPEAL, State.EFFECTIVE})
REJECT_ACTIONS = frozenset(
    {Action.DEPT_REJECT, Action.HR_REJECT, Action.MGMT_REJECT, Action.APPEAL_UPHOLD_REJECT}
)
APPEAL_UPHOLD_ACTIONS = {
    "department": Action.APPEAL_UPHOLD_DEPARTMENT,
    "hr": Action.APPEAL_UPHOLD_HR,
    "reject": Action.APPEAL_UPHOLD_REJECT,
}


def step_for(state: str, action: str) -> Step | None:
    return TRANSITIONS.get((state, action))


def actions_from(state: str) -> list[str]:
    """The actions the table allows from `state` (who may take them is access.py's answer)."""
    return [a for (s, a) in TRANSITIONS if s == state]
