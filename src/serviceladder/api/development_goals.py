"""GET /api/people/{number}/goals — a person's SMART goals with their progress (issue 14 item 3).

Scoped as the web pages: whoever may see the person's plan (accounts.scoping.can_see_plan: the person, their
lead, head, HR, their mentor); anyone else gets 404. The figure, the months and the explanation come only to
callers who may see the person's performance (a mentor may not: status only)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from serviceladder.accounts.scoping import access_employee, can_see_performance, can_see_plan
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.selectors.goals import goal_views, plan_goal_versions, version_goals
from serviceladder.org.selectors import today

router = Router(tags=["development"])


class MeasureOut(Schema):
    metric: str
    comparison: str
    value: str  # policy units: 0.85 for 85 %, minutes for response time
    window: int
    aggregation: str
    min_sample: int


class CheckInOut(Schema):
    date: dt.date
    percent_done: int | None
    note: str


class GoalOut(Schema):
    lineage: str
    version: int
    version_state: str
    statement: str
    owner: str
    horizon: str
    due_date: dt.date
    measure: str  # metric | manual
    clause: MeasureOut | None
    done_when: str
    source_step: str
    source_clause: str
    status: str  # on_track | off_track | insufficient_data | awaiting_figures | achieved | missed | unknown |
    # in_progress | to_judge
    final: bool
    judged_on: dt.date | None
    as_of: dt.date | None
    actual: float | None  # in data units (rates as shares, times in seconds); null without figures access
    months: list[str] | None
    explanation: str | None  # in the request's language
    check_ins: list[CheckInOut]


class GoalsOut(Schema):
    number: str
    goals: list[GoalOut]


@router.get(
    "/{number}/goals",
    response={200: GoalsOut, **ERRORS},
    url_name="person_goals",
    summary="A person's development goals with their progress",
)
def person_goals(request, number: str):
    user = request.auth
    employee = access_employee(user, number)
    if not can_see_plan(user, employee):
        raise NotFoundOrForbidden()
    figures = can_see_performance(user, employee)
    goals = []
    for version in plan_goal_versions(employee):
        if version is None:
            continue
        for v in goal_views(version_goals(version), today()):
            g = v.goal
            metric = v.check is not None and figures
            goals.append(
                {
                    "lineage": str(g.lineage),
                    "version": version.number,
                    "version_state": version.state,
                    "statement": g.statement,
                    "owner": g.owner.number,
                    "horizon": g.horizon,
                    "due_date": g.due_date,
                    "measure": g.measure,
                    "clause": {**g.clause, "value": str(g.clause["value"])} if g.clause else None,
                    "done_when": g.done_when,
                    "source_step": g.source_step,
                    "source_clause": g.source_clause,
                    "status": v.status,
                    "final": v.final,
                    "judged_on": v.judgement.judged_on if v.judgement else None,
                    "as_of": v.as_of,
                    "actual": v.check.actual if metric else None,
                    "months": list(v.check.months) if metric else None,
                    "explanation": v.explanation if metric or v.check is None else None,
                    "check_ins": [
                        {"date": c.date, "percent_done": c.percent_done, "note": c.note} for c in v.check_ins
                    ],
                }
            )
    return {"number": employee.number, "goals": goals}
