"""Writers of development plans (issue 14 item 2): edit the draft's target and horizons, accept by the person
and by the lead, agreement (both accepted the same version), discard a draft of a plan in force, close.

Every step is checked against plan_states.TRANSITIONS by `plan_step`, with the side resolved through
accounts.scoping (`can_edit_own_development` for the person, `can_lead_development` for the lead, HR, or
the head of a leadless team). Each writer locks the plan row, writes in one transaction and records an
audit event with a sentence (audit/actions.py, "development: plans and actions").
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_edit_own_development, can_lead_development
from serviceladder.audit.services import Actor, audit_record
from serviceladder.development.models import DevelopmentPlan, PlanVersion
from serviceladder.development.plan_errors import (
    ALREADY_ACCEPTED,
    CLOSE_OUTCOME,
    CLOSE_REASON,
    DRAFT_MOVED,
    NEEDS_TARGET,
    NO_DRAFT,
    NO_POLICY,
    STEP_NOT_ALLOWED,
    TARGET_TOO_LONG,
    UNKNOWN_TARGET,
    PlanInvalid,
    PlanNotAllowed,
    PlanStepInvalid,
)
from serviceladder.development.plan_states import NONE, Action, Side, step_for
from serviceladder.development.selectors.plans import draft_fingerprint, offered_steps
from serviceladder.development.services.plan_drafts import draft_changed, plan_draft_for
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force

STATUS_NAMES = {NONE: _("not started"), **dict(DevelopmentPlan.Status.choices)}


ACCEPT_ACTION = {
    Action.ACCEPT_PERSON: "development.plan_accept_person",
    Action.ACCEPT_LEAD: "development.plan_accept_lead",
}


def sides_of(user, employee: Employee) -> set[str]:
    """The sides `user` takes on `employee`'s plan: the person; the lead (lead, HR, leadless team's head)."""
    sides = set()
    if can_edit_own_development(user, employee):
        sides.add(Side.PERSON)
    if can_lead_development(user, employee):
        sides.add(Side.LEAD)
    return sides


def may_take(user, employee: Employee, status: str, action: str) -> bool:
    """Whether the table allows `action` from `status` and `user` is on a side that may take it."""
    step = step_for(status, action)
    if step is None:
        return False
    sides = sides_of(user, employee)
    if step.side == Side.PERSON_OR_LEAD:
        return bool(sides)
    return step.side in sides


def plan_status(plan: DevelopmentPlan | None) -> str:
    return NONE if plan is None else plan.status


def plan_step(user, employee: Employee, plan: DevelopmentPlan | None, action: str):
    """Check a step against the table and the user's side; returns the step. Raises PlanNotAllowed when the
    user is on no side that may take it, PlanStepInvalid when the plan's status does not allow it."""
    status = plan_status(plan)
    step = step_for(status, action)
    if step is None:
        if not any(may_take(user, employee, other, action) for other in STATUS_NAMES):
            raise PlanNotAllowed()  # not this user's step in any status
        raise PlanStepInvalid(
            STEP_NOT_ALLOWED, status=STATUS_NAMES.get(status, status), action=Action(action).label
        )
    if not may_take(user, employee, status, action):
        raise PlanNotAllowed()
    return step


def locked_open_plan(employee: Employee) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.select_for_update()
        .filter(employee=employee)
        .exclude(status=DevelopmentPlan.Status.CLOSED)
        .first()
    )


def _draft_of(plan: DevelopmentPlan | None) -> PlanVersion | None:
    return None if plan is None else plan.versions.filter(state=PlanVersion.State.DRAFT).first()


def checked_target(employee: Employee, target_level_code: str, aspiration: str) -> tuple[str, str]:
    """(level code, aspiration): a step the policy offers from the person's level today, or free text."""
    code, aspiration = target_level_code.strip(), aspiration.strip()
    if len(aspiration) > 300:
        raise PlanInvalid(TARGET_TOO_LONG)
    if code:
        try:
            policy_in_force(today())
        except NoPolicyInForce as exc:
            raise PlanInvalid(NO_POLICY) from exc
        offered = [s.to_level for s in offered_steps(employee, today())]
        if code not in offered:
            raise PlanInvalid(UNKNOWN_TARGET, code=code, allowed=", ".join(offered) or "—")
        aspiration = ""
    return code, aspiration


@transaction.atomic
def plan_edit(
    *,
    actor: Actor,
    employee: Employee,
    target_level_code: str = "",
    aspiration: str = "",
    horizon_short: str = "",
    horizon_mid: str = "",
    horizon_long: str = "",
) -> PlanVersion:
    """Change the draft's target and three horizons (short ≤ 6 months, mid 6–24, long 2–5 years). Makes
    the draft when there is none; withdraws both acceptances when anything changed."""
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.EDIT)
    code, aspiration = checked_target(employee, target_level_code, aspiration)
    draft = plan_draft_for(actor=actor, employee=employee)
    new = {
        "target_level_code": code,
        "aspiration": aspiration,
        "horizon_short": horizon_short.strip(),
        "horizon_mid": horizon_mid.strip(),
        "horizon_long": horizon_long.strip(),
    }
    before = {k: getattr(draft, k) for k in new if getattr(draft, k) != new[k]}
    if not before:
        return draft
    for k, v in new.items():
        setattr(draft, k, v)
    draft.save(update_fields=list(new))
    draft_changed(draft)
    audit_record(
        actor=actor,
        action="development.plan_edit",
        employee=employee,
        obj=draft.plan,
        before=before,
        after={"version": draft.number, **{k: new[k] for k in before}},
    )
    return draft


@transaction.atomic
def plan_accept(*, actor: Actor, employee: Employee, fingerprint: str = "") -> PlanVersion:
    """Accept the draft as the person or as the lead (whichever side the actor is on). `fingerprint` is the
    draft's fingerprint the actor read (selectors.plans.draft_fingerprint); a draft that changed since is
    refused. When both sides have accepted, the draft is agreed: in force from now, the version it replaces
    superseded, the plan active."""
    plan = locked_open_plan(employee)
    sides = sides_of(actor.user, employee)
    action = Action.ACCEPT_PERSON if Side.PERSON in sides else Action.ACCEPT_LEAD
    plan_step(actor.user, employee, plan, action)
    draft = _draft_of(plan)
    if draft is None:
        raise PlanStepInvalid(NO_DRAFT)
    if fingerprint and fingerprint != draft_fingerprint(draft):
        raise PlanStepInvalid(DRAFT_MOVED)
    if not (draft.target_level_code or draft.aspiration):
        raise PlanInvalid(NEEDS_TARGET)
    now = timezone.now()
    if action == Action.ACCEPT_PERSON:
        if draft.agent_accepted_at is not None:
            raise PlanStepInvalid(ALREADY_ACCEPTED)
        draft.agent_accepted_at = now
        draft.save(update_fields=["agent_accepted_at"])
    else:
        if draft.lead_accepted_at is not None:
            raise PlanStepInvalid(ALREADY_ACCEPTED)
        draft.lead_accepted_at, draft.lead_accepted_by = now, actor.user
        draft.save(update_fields=["lead_accepted_at", "lead_accepted_by"])
    audit_record(
        actor=actor,
        action=ACCEPT_ACTION[action],
        employee=employee,
        obj=plan,
        after={"version": draft.number},
    )
    if draft.agent_accepted_at and draft.lead_accepted_at:
        _agree(actor, employee, plan, draft, now)
    return draft


def _agree(actor: Actor, employee: Employee, plan: DevelopmentPlan, draft: PlanVersion, now) -> None:
    step = step_for(plan.status, Action.AGREE)
    previous = plan.versions.filter(state=PlanVersion.State.AGREED).first()
    if previous is not None:
        previous.state = PlanVersion.State.SUPERSEDED
        previous.save(update_fields=["state"])
    draft.state, draft.agreed_at = PlanVersion.State.AGREED, now
    draft.save(update_fields=["state", "agreed_at"])
    plan.status = step.to_status
    plan.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="development.plan_agree",
        employee=employee,
        obj=plan,
        before={"version": previous.number} if previous else {},
        after={"version": draft.number},
    )
    _enrol_training_actions(actor, employee, draft)


def _enrol_training_actions(actor: Actor, employee: Employee, version: PlanVersion) -> None:
    """An agreed plan's training actions that name a course enrol the person in it (learning, source
    "plan", due at the action's end), once per action: a later version keeping the action does not enrol
    again, even after the course was completed."""
    from serviceladder.learning.models import Enrolment
    from serviceladder.learning.services.enrolments import enrol
    from serviceladder.learning.services.policy_courses import course_for_training

    actions = [a for a in version.actions.all() if a.kind == "training" and a.course_code]
    if not actions:
        return
    done = set(
        Enrolment.objects.filter(
            employee=employee, plan_action__lineage__in=[a.lineage for a in actions]
        ).values_list("plan_action__lineage", flat=True)
    )
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        policy = None
    for action in actions:
        if action.lineage in done:
            continue
        enrol(
            employee,
            course_for_training(action.course_code, policy),
            source=Enrolment.Source.PLAN,
            actor=actor,
            due_on=action.end_date,
            plan_action=action,
        )


@transaction.atomic
def plan_discard_draft(*, actor: Actor, employee: Employee) -> None:
    """Drop the draft of a plan in force (the agreed version stays as it is)."""
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.DISCARD_DRAFT)
    draft = _draft_of(plan)
    if draft is None:
        raise PlanStepInvalid(NO_DRAFT)
    number = draft.number
    draft.delete()
    audit_record(
        actor=actor,
        action="development.plan_discard_draft",
        employee=employee,
        obj=plan,
        before={"version": number},
    )


@transaction.atomic
def plan_close(*, actor: Actor, employee: Employee, outcome: str, reason: str) -> DevelopmentPlan:
    """Close the open plan: achieved, changed or abandoned, with a reason (the lead or HR)."""
    plan = locked_open_plan(employee)
    step = plan_step(actor.user, employee, plan, Action.CLOSE)
    if outcome not in DevelopmentPlan.Outcome.values:
        raise PlanInvalid(CLOSE_OUTCOME)
    reason = reason.strip()
    if not reason:
        raise PlanInvalid(CLOSE_REASON)
    before = plan.status
    plan.status, plan.outcome, plan.close_reason = step.to_status, outcome, reason
    plan.closed_at, plan.closed_by = timezone.now(), actor.user
    plan.save(update_fields=["status", "outcome", "close_reason", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="development.plan_close",
        employee=employee,
        obj=plan,
        before={"status": before},
        after={"status": plan.status, "outcome": outcome},
        reason=reason,
    )
    return plan
