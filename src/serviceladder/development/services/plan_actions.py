"""Actions of a development plan (issue 14 item 4): add, change and remove them on the draft; record their
progress (status and evidence) on the version in force.

What each kind needs (`action_fields_check`):
- training: a course code of the policy in force, or none (the title says what it is);
- rotation: a host team other than the person's own, start and end dates; the host lead defaults to the
  host team's lead;
- project: the person's role, start and end dates (the outcome is recorded with the final update);
- management task: which task (lead a shift, onboard a newcomer, run a study group, other); the host team
  defaults to the person's own and the host lead to its lead;
- cross-department visit: a host team of another department;
- mentoring, self-study: a title and, optionally, dates.
Dates: the end is never before the start.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from serviceladder.audit.services import Actor, audit_record
from serviceladder.development.models import ActionUpdate, PlanAction, PlanVersion
from serviceladder.development.plan_errors import (
    ACTION_COURSE,
    ACTION_DATE_FUTURE,
    ACTION_DATES,
    ACTION_DATES_NEEDED,
    ACTION_HOST_LEAD,
    ACTION_HOST_TEAM,
    ACTION_KIND,
    ACTION_NOT_IN_FORCE,
    ACTION_OUTCOME_ONLY_DONE,
    ACTION_OWN_TEAM,
    ACTION_ROLE,
    ACTION_SAME_DEPARTMENT,
    ACTION_STATUS,
    ACTION_TASK,
    ACTION_TITLE,
    ACTION_UNKNOWN,
    ActionInvalid,
)
from serviceladder.development.plan_states import Action
from serviceladder.development.services.plan_drafts import draft_changed, plan_draft_for
from serviceladder.development.services.plans import locked_open_plan, plan_step
from serviceladder.org.models import Employee, Team
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force

K = PlanAction.Kind
HOSTED_KINDS = (K.ROTATION, K.MANAGEMENT_TASK)


@dataclass(frozen=True)
class ActionInput:
    """What a person types for an action (dates already parsed; ids as given)."""

    kind: str
    title: str
    horizon: str = "short"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    course_code: str = ""
    host_team_id: int | None = None
    host_lead_id: int | None = None
    role: str = ""
    task: str = ""
    goal_lineage: uuid.UUID | None = None


def _trainings() -> list[str]:
    """The course codes a training action may name: the policy's trainings, then the catalogue's courses."""
    from serviceladder.learning.models import Course

    try:
        codes = [t.code for t in policy_in_force(today()).trainings]
    except NoPolicyInForce:
        codes = []
    catalogue = Course.objects.filter(active=True).exclude(code__in=codes).values_list("code", flat=True)
    return [*codes, *catalogue]


def action_fields_check(employee: Employee, data: ActionInput) -> dict:
    """The model fields of a valid action of `employee` from `data`, or ActionInvalid with what is wrong."""
    kind_label = dict(K.choices).get(data.kind)
    if kind_label is None:
        raise ActionInvalid(ACTION_KIND, found=data.kind, allowed=", ".join(K.values))
    title = data.title.strip()
    if not title or len(title) > 200:
        raise ActionInvalid(ACTION_TITLE)
    start, end = data.start_date, data.end_date
    if start and end and end < start:
        raise ActionInvalid(ACTION_DATES, start=start.isoformat(), end=end.isoformat())
    if data.kind in (K.ROTATION, K.PROJECT) and not (start and end):
        raise ActionInvalid(ACTION_DATES_NEEDED, kind=kind_label)
    fields = {
        "kind": data.kind,
        "title": title,
        "horizon": data.horizon if data.horizon in ("short", "mid", "long") else "short",
        "start_date": start,
        "end_date": end,
        "goal_lineage": data.goal_lineage,
        "course_code": "",
        "host_team": None,
        "host_lead": None,
        "role": "",
        "task": "",
    }
    if data.kind == K.TRAINING and data.course_code.strip():
        known = _trainings()
        if data.course_code.strip() not in known:
            raise ActionInvalid(
                ACTION_COURSE, found=data.course_code.strip(), allowed=", ".join(known) or "—"
            )
        fields["course_code"] = data.course_code.strip()
    if data.kind == K.PROJECT:
        if not data.role.strip():
            raise ActionInvalid(ACTION_ROLE)
        fields["role"] = data.role.strip()[:200]
    if data.kind == K.MANAGEMENT_TASK:
        if data.task not in PlanAction.Task.values:
            raise ActionInvalid(
                ACTION_TASK, allowed=", ".join(str(label) for label in PlanAction.Task.labels)
            )
        fields["task"] = data.task
    if data.kind in (K.ROTATION, K.VISIT, K.MANAGEMENT_TASK):
        team = Team.objects.select_related("department").filter(pk=data.host_team_id).first()
        if team is None and data.kind == K.MANAGEMENT_TASK:
            team = employee.team
        if team is None:
            raise ActionInvalid(ACTION_HOST_TEAM, kind=kind_label)
        if data.kind == K.ROTATION and team.pk == employee.team_id:
            raise ActionInvalid(ACTION_OWN_TEAM)
        if data.kind == K.VISIT and employee.team_id and team.department_id == employee.team.department_id:
            raise ActionInvalid(ACTION_SAME_DEPARTMENT)
        fields["host_team"] = team
        lead = None
        if data.host_lead_id:
            lead = Employee.objects.filter(pk=data.host_lead_id).first()
            if lead is None or (lead.pk != team.lead_id and lead.team_id != team.pk):
                raise ActionInvalid(ACTION_HOST_LEAD)
        elif team.lead_id:
            lead = team.lead
        fields["host_lead"] = lead if lead is None or lead.pk != employee.pk else None
    return fields


def _audit_values(fields: dict) -> dict:
    out = {}
    for k, v in fields.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif hasattr(v, "pk"):
            v = v.pk
        elif isinstance(v, uuid.UUID):
            v = str(v)
        out[k] = v
    return out


@transaction.atomic
def action_add(*, actor: Actor, employee: Employee, data: ActionInput, source: str = "") -> PlanAction:
    """Add an action to the draft (made when there is none); withdraws both acceptances."""
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.EDIT)
    fields = action_fields_check(employee, data)
    draft = plan_draft_for(actor=actor, employee=employee)
    position = (draft.actions.aggregate(m=Max("position"))["m"] or 0) + 1
    action = PlanAction.objects.create(version=draft, position=position, source=source, **fields)
    draft_changed(draft)
    audit_record(
        actor=actor,
        action="development.action_add",
        employee=employee,
        obj=action,
        after={"version": draft.number, **_audit_values(fields)},
    )
    return action


def _draft_action(actor: Actor, employee: Employee, lineage: uuid.UUID) -> tuple[PlanVersion, PlanAction]:
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.EDIT)
    if plan is None or not PlanAction.objects.filter(version__plan=plan, lineage=lineage).exists():
        raise ActionInvalid(ACTION_UNKNOWN)
    draft = plan_draft_for(actor=actor, employee=employee)
    action = draft.actions.filter(lineage=lineage).first()
    if action is None:
        raise ActionInvalid(ACTION_UNKNOWN)
    return draft, action


@transaction.atomic
def action_edit(*, actor: Actor, employee: Employee, lineage: uuid.UUID, data: ActionInput) -> PlanAction:
    """Change an action of the draft (a plan in force gets a new draft first); withdraws both acceptances."""
    fields = action_fields_check(employee, data)
    draft, action = _draft_action(actor, employee, lineage)
    before = _audit_values({k: getattr(action, k) for k in fields})
    after = _audit_values(fields)
    changed = [k for k in fields if before[k] != after[k]]
    if not changed:
        return action
    for k in fields:
        setattr(action, k, fields[k])
    action.save(update_fields=list(fields))
    draft_changed(draft)
    audit_record(
        actor=actor,
        action="development.action_edit",
        employee=employee,
        obj=action,
        before={"title": before["title"], **{k: before[k] for k in changed}},
        after={"version": draft.number, "title": after["title"], **{k: after[k] for k in changed}},
    )
    return action


@transaction.atomic
def action_remove(*, actor: Actor, employee: Employee, lineage: uuid.UUID) -> None:
    """Remove an action from the draft; its recorded progress stays with its lineage."""
    draft, action = _draft_action(actor, employee, lineage)
    title = action.title
    action.delete()
    draft_changed(draft)
    audit_record(
        actor=actor,
        action="development.action_remove",
        employee=employee,
        obj=draft.plan,
        before={"title": title, "lineage": str(lineage)},
        after={"version": draft.number},
    )


@transaction.atomic
def action_update_record(
    *,
    actor: Actor,
    employee: Employee,
    lineage: uuid.UUID,
    status: str,
    evidence: str = "",
    outcome: str = "",
    date: dt.date | None = None,
) -> ActionUpdate:
    """Record an action's progress (status, evidence; a project's outcome when done) on the plan in force,
    by the person or the lead."""
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.UPDATE_ACTION)
    in_force = PlanAction.objects.filter(
        version__plan=plan, version__state=PlanVersion.State.AGREED, lineage=lineage
    ).first()
    if in_force is None:
        raise ActionInvalid(ACTION_NOT_IN_FORCE)
    if status not in ActionUpdate.Status.values:
        raise ActionInvalid(ACTION_STATUS, found=status, allowed=", ".join(ActionUpdate.Status.values))
    outcome = outcome.strip()
    if outcome and status != ActionUpdate.Status.DONE:
        raise ActionInvalid(ACTION_OUTCOME_ONLY_DONE)
    date = date or today()
    if date > today():
        raise ActionInvalid(ACTION_DATE_FUTURE)
    update = ActionUpdate.objects.create(
        lineage=lineage,
        employee=employee,
        status=status,
        evidence=evidence.strip(),
        outcome=outcome,
        date=date,
        recorded_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="development.action_update",
        employee=employee,
        obj=in_force,
        after={"title": in_force.title, "status": status, "date": date.isoformat()},
    )
    return update
