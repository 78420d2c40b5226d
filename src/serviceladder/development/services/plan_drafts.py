"""Where a change to a plan is written: the plan's draft version (DOMAIN.md "Development planning").

Every writer that changes what a plan says (its target, horizons, goals, actions: by hand, from a template,
from a conversation's agreed actions, from "make this a goal") asks `plan_draft_for` for the draft to change.
A person with no open plan gets a new plan with a first draft; a plan in force gets a new draft copied from
the agreed version (goals and actions keep their lineage), while the agreed version stays in force until
both sides accept the new one. Editing a draft withdraws any acceptance of it: both must accept the same
version.
"""

from __future__ import annotations

from django.db import transaction

from serviceladder.audit.services import Actor, audit_record
from serviceladder.development.models import DevelopmentPlan, Goal, PlanAction, PlanVersion
from serviceladder.org.models import Employee

_GOAL_FIELDS = (
    "lineage",
    "position",
    "statement",
    "owner_id",
    "horizon",
    "due_date",
    "measure",
    "clause",
    "source_step",
    "source_clause",
    "done_when",
)
_ACTION_FIELDS = (
    "lineage",
    "position",
    "goal_lineage",
    "kind",
    "title",
    "horizon",
    "start_date",
    "end_date",
    "course_code",
    "host_team_id",
    "host_lead_id",
    "role",
    "task",
    "source",
)
_VERSION_FIELDS = ("target_level_code", "aspiration", "horizon_short", "horizon_mid", "horizon_long")


def open_plan(employee: Employee) -> DevelopmentPlan | None:
    """The person's plan that is not closed (at most one: a database constraint)."""
    return (
        DevelopmentPlan.objects.filter(employee=employee)
        .exclude(status=DevelopmentPlan.Status.CLOSED)
        .first()
    )


@transaction.atomic
def plan_draft_for(*, actor: Actor, employee: Employee, template_code: str = "") -> PlanVersion:
    """The draft version of the person's plan, made when there is none (see the module docstring).

    Access is the caller's to check (the service that changes the draft knows who may). Locks the plan row,
    so two people starting a draft at once get the same one."""
    plan = (
        DevelopmentPlan.objects.select_for_update()
        .filter(employee=employee)
        .exclude(status=DevelopmentPlan.Status.CLOSED)
        .first()
    )
    if plan is None:
        plan = DevelopmentPlan.objects.create(
            employee=employee, created_by=actor.user, template_code=template_code
        )
        version = PlanVersion.objects.create(plan=plan, number=1, created_by=actor.user)
        audit_record(
            actor=actor,
            action="development.plan_start",
            employee=employee,
            obj=plan,
            after={"plan": plan.pk, "template": template_code},
        )
        return version
    draft = plan.versions.filter(state=PlanVersion.State.DRAFT).first()
    if draft is not None:
        return draft
    agreed = plan.versions.get(state=PlanVersion.State.AGREED)
    draft = PlanVersion.objects.create(
        plan=plan,
        number=agreed.number + 1,
        created_by=actor.user,
        **{f: getattr(agreed, f) for f in _VERSION_FIELDS},
    )
    Goal.objects.bulk_create(
        Goal(version=draft, **{f: getattr(g, f) for f in _GOAL_FIELDS}) for g in agreed.goals.all()
    )
    PlanAction.objects.bulk_create(
        PlanAction(version=draft, **{f: getattr(a, f) for f in _ACTION_FIELDS}) for a in agreed.actions.all()
    )
    audit_record(
        actor=actor,
        action="development.plan_revise",
        employee=employee,
        obj=plan,
        after={"plan": plan.pk, "version": draft.number, "in_force": agreed.number},
    )
    return draft


def draft_changed(version: PlanVersion) -> None:
    """A draft's content changed: any acceptance of it is withdrawn (both must accept the same version)."""
    if version.agent_accepted_at is not None or version.lead_accepted_at is not None:
        version.agent_accepted_at = None
        version.lead_accepted_at = None
        version.lead_accepted_by = None
        version.save(update_fields=["agent_accepted_at", "lead_accepted_at", "lead_accepted_by"])
