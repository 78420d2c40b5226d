"""GET /api/people/{number}/development/plan and …/plan/versions — a person's development plan (the version
in force and the draft) and every version of their plans, scoped like the web page: the person, their lead,
their head, HR and their mentor (accounts.scoping.access_plan_employee); anyone else is 404. Plans carry no
private notes (those belong to conversations and never appear here)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Router, Schema

from serviceladder.accounts.scoping import access_plan_employee
from serviceladder.api.schemas import ERRORS
from serviceladder.development.models import DevelopmentPlan
from serviceladder.development.selectors.plans import latest_action_updates, plan_versions, plan_view

router = Router(tags=["development"])


class GoalOut(Schema):
    lineage: uuid.UUID
    statement: str
    horizon: str
    due_date: dt.date
    measure: str
    done_when: str


class ActionOut(Schema):
    lineage: uuid.UUID
    kind: str
    title: str
    horizon: str
    start_date: dt.date | None
    end_date: dt.date | None
    course_code: str
    host_team: str | None
    host_lead: str | None  # employee number
    role: str
    task: str
    status: str  # the latest recorded status; "planned" when none
    status_date: dt.date | None


class VersionOut(Schema):
    plan: int
    number: int
    state: str
    target_level: str
    aspiration: str
    horizon_short: str
    horizon_mid: str
    horizon_long: str
    agent_accepted_at: dt.datetime | None
    lead_accepted_at: dt.datetime | None
    agreed_at: dt.datetime | None
    goals: list[GoalOut]
    actions: list[ActionOut]


class PlanOut(Schema):
    plan: int | None
    status: str  # "none", "draft", "active"
    template_code: str
    in_force: VersionOut | None
    draft: VersionOut | None


def _version(v, updates: dict) -> dict:
    return {
        "plan": v.plan_id,
        "number": v.number,
        "state": v.state,
        "target_level": v.target_level_code,
        "aspiration": v.aspiration,
        "horizon_short": v.horizon_short,
        "horizon_mid": v.horizon_mid,
        "horizon_long": v.horizon_long,
        "agent_accepted_at": v.agent_accepted_at,
        "lead_accepted_at": v.lead_accepted_at,
        "agreed_at": v.agreed_at,
        "goals": [
            {
                "lineage": g.lineage,
                "statement": g.statement,
                "horizon": g.horizon,
                "due_date": g.due_date,
                "measure": g.measure,
                "done_when": g.done_when,
            }
            for g in v.goals.all()
        ],
        "actions": [
            {
                "lineage": a.lineage,
                "kind": a.kind,
                "title": a.title,
                "horizon": a.horizon,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "course_code": a.course_code,
                "host_team": a.host_team.code if a.host_team_id else None,
                "host_lead": a.host_lead.number if a.host_lead_id else None,
                "role": a.role,
                "task": a.task,
                "status": updates[a.lineage].status if a.lineage in updates else "planned",
                "status_date": updates[a.lineage].date if a.lineage in updates else None,
            }
            for a in v.actions.all()
        ],
    }


@router.get(
    "/{number}/development/plan",
    response={200: PlanOut, **ERRORS},
    url_name="development_plan",
    summary="A person's development plan: the version in force and the draft",
)
def development_plan(request, number: str):
    employee = access_plan_employee(request.auth, number)
    view = plan_view(employee)
    return {
        "plan": view.plan.pk if view.plan else None,
        "status": view.plan.status if view.plan else "none",
        "template_code": view.plan.template_code if view.plan else "",
        "in_force": _version(view.in_force, view.updates) if view.in_force else None,
        "draft": _version(view.draft, view.updates) if view.draft else None,
    }


@router.get(
    "/{number}/development/plan/versions",
    response={200: list[VersionOut], **ERRORS},
    url_name="development_plan_versions",
    summary="Every version of a person's development plans, newest plan and version first",
)
def development_plan_versions(request, number: str):
    employee = access_plan_employee(request.auth, number)
    versions = [v for plan in DevelopmentPlan.objects.filter(employee=employee) for v in plan_versions(plan)]
    updates = latest_action_updates({a.lineage for v in versions for a in v.actions.all()})
    return [_version(v, updates) for v in versions]
