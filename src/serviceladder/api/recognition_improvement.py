"""Improvement plans for the bottom band (issue 15 item 5), under /api/people/{number}/improvement-plans.

Who may read: the person, their lead, their head and HR (accounts.scoping.can_see_improvement_plan); anyone
else — management and administrators included — gets 404. Each step asks its own rule in the service (the
lead's review, HR's review, check-ins and outcome by the lead, acknowledgment and response by the person).
Never a sanction: a plan is support agreed by the lead and HR.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from serviceladder.accounts.scoping import access_employee, can_see_improvement_plan
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.services.goals import GoalInput
from serviceladder.recognition.selectors.improvement import access_improvement_plan, plans_of
from serviceladder.recognition.services import improvement as svc

router = Router(tags=["recognition"])


class EvidenceMonthOut(Schema):
    month: str
    pct: float | None
    group_size: int | None


class CheckInOut(Schema):
    date: dt.date
    note: str
    recorded_by: str


class PlanOut(Schema):
    id: int
    employee: str
    state: str
    entered_month: str
    evidence_code: str
    evidence_months: list[EvidenceMonthOut]
    starts_on: dt.date | None
    ends_on: dt.date | None
    support_actions: str
    goal_lineages: list[str]
    lead_note: str
    hr_note: str
    acknowledged_at: dt.datetime | None
    acknowledgment_comment: str
    agent_response: str
    outcome_reason: str
    check_ins: list[CheckInOut]


class GoalIn(Schema):
    statement: str
    measure: str = "metric"  # metric | manual
    metric: str = ""
    comparison: str = ">="
    value: str = ""
    window: int = 1
    aggregation: str = "mean"
    done_when: str = ""


class LeadReviewIn(Schema):
    decision: str  # propose | decline
    goals: list[GoalIn] = []
    support_actions: str = ""
    duration_months: int | None = None
    starts_on: dt.date | None = None
    note: str = ""


class HrReviewIn(Schema):
    decision: str  # approve | decline
    note: str = ""


class CheckInIn(Schema):
    date: dt.date
    note: str


class AcknowledgeIn(Schema):
    comment: str = ""


class ResponseIn(Schema):
    response: str


class OutcomeIn(Schema):
    outcome: str  # completed | extended | closed
    reason: str = ""
    new_end: dt.date | None = None


def _out(plan) -> dict:
    values = (plan.evidence or {}).get("values", {})
    return {
        "id": plan.pk,
        "employee": plan.employee.number,
        "state": plan.state,
        "entered_month": plan.entered_month,
        "evidence_code": (plan.evidence or {}).get("code", ""),
        "evidence_months": [
            {"month": m, "pct": pct, "group_size": size} for m, pct, size in values.get("detail", [])
        ],
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "support_actions": plan.support_actions,
        "goal_lineages": list(plan.goal_lineages),
        "lead_note": plan.lead_note,
        "hr_note": plan.hr_note,
        "acknowledged_at": plan.acknowledged_at,
        "acknowledgment_comment": plan.acknowledgment_comment,
        "agent_response": plan.agent_response,
        "outcome_reason": plan.outcome_reason,
        "check_ins": [
            {"date": c.date, "note": c.note, "recorded_by": c.recorded_by.get_username()}
            for c in plan.check_ins.select_related("recorded_by")
        ],
    }


def _actor(request) -> Actor:
    return Actor(user=request.auth, channel="api")


def _plan(request, number: str, plan_id: int):
    return access_improvement_plan(request.auth, number, plan_id)


@router.get(
    "/{number}/improvement-plans",
    response={200: list[PlanOut], **ERRORS},
    url_name="improvement_plans",
    summary="A person's improvement plans (the person, their lead and head, HR)",
)
def plans(request, number: str):
    employee = access_employee(request.auth, number)
    if not can_see_improvement_plan(request.auth, employee):
        raise NotFoundOrForbidden()
    return [_out(p) for p in plans_of(request.auth, employee)]


@router.get(
    "/{number}/improvement-plans/{plan_id}",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_plan",
    summary="One improvement plan with its evidence, goals, check-ins, acknowledgment and outcome",
)
def plan_get(request, number: str, plan_id: int):
    return _out(_plan(request, number, plan_id))


@router.post(
    "/{number}/improvement-plans/{plan_id}/lead-review",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_lead_review",
    summary="The lead's review: propose goals, support, duration and start — or decline with a reason",
)
def lead_review(request, number: str, plan_id: int, payload: LeadReviewIn):
    plan = svc.improvement_lead_review(
        actor=_actor(request),
        plan=_plan(request, number, plan_id),
        decision=payload.decision,
        goals=[GoalInput(due_date="", **g.dict()) for g in payload.goals],
        support_actions=payload.support_actions,
        duration_months=payload.duration_months,
        starts_on=payload.starts_on,
        note=payload.note,
    )
    return _out(plan)


@router.post(
    "/{number}/improvement-plans/{plan_id}/hr-review",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_hr_review",
    summary="HR's review: approve (the plan becomes active) or decline with a reason",
)
def hr_review(request, number: str, plan_id: int, payload: HrReviewIn):
    if payload.decision not in ("approve", "decline"):
        from serviceladder.recognition.errors_improvement import UNKNOWN_DECISION, ImprovementInvalid

        raise ImprovementInvalid(UNKNOWN_DECISION, allowed="approve, decline")
    plan = svc.improvement_hr_review(
        actor=_actor(request),
        plan=_plan(request, number, plan_id),
        approve=payload.decision == "approve",
        note=payload.note,
    )
    return _out(plan)


@router.post(
    "/{number}/improvement-plans/{plan_id}/check-ins",
    response={201: PlanOut, **ERRORS},
    url_name="improvement_check_in",
    summary="A check-in by the lead on a running plan",
)
def check_in(request, number: str, plan_id: int, payload: CheckInIn):
    plan = _plan(request, number, plan_id)
    svc.improvement_check_in(actor=_actor(request), plan=plan, date=payload.date, note=payload.note)
    plan.refresh_from_db()
    return Status(201, _out(plan))


@router.post(
    "/{number}/improvement-plans/{plan_id}/acknowledgment",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_acknowledge",
    summary="The person acknowledges their approved plan (a dated acceptance, with a comment if they wish)",
)
def acknowledge(request, number: str, plan_id: int, payload: AcknowledgeIn):
    plan = svc.improvement_acknowledge(
        actor=_actor(request), plan=_plan(request, number, plan_id), comment=payload.comment
    )
    return _out(plan)


@router.post(
    "/{number}/improvement-plans/{plan_id}/response",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_respond",
    summary="The person attaches (or rewrites) their response, at any time",
)
def respond(request, number: str, plan_id: int, payload: ResponseIn):
    plan = svc.improvement_respond(
        actor=_actor(request), plan=_plan(request, number, plan_id), response=payload.response
    )
    return _out(plan)


@router.post(
    "/{number}/improvement-plans/{plan_id}/outcome",
    response={200: PlanOut, **ERRORS},
    url_name="improvement_outcome",
    summary="The outcome: completed (from the end date), extended (new end date) or closed with a reason",
)
def outcome(request, number: str, plan_id: int, payload: OutcomeIn):
    plan = svc.improvement_outcome(
        actor=_actor(request),
        plan=_plan(request, number, plan_id),
        outcome=payload.outcome,
        reason=payload.reason,
        new_end=payload.new_end,
    )
    return _out(plan)
