"""/api/coaching — coaching tasks from KPI drops (issue 15 item 4), scoped as the web pages.

GET /api/coaching/tasks: the tasks the caller may see (the person their own; the lead, head and HR those of
the people whose development record they read), newest month first, optionally by `state` or person.
POST /api/coaching/tasks/{id}/session: the coach records the session (the person's lead; the head for a
leadless team and for the lead; HR). POST /api/coaching/tasks/{id}/acknowledge: the person acknowledges it.
A task the caller may not see is 404; one they see but may not act on is 403.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from serviceladder.accounts.scoping import employees_with_development_visible_to
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.selectors import coaching as selectors
from serviceladder.recognition.services import coaching as services
from serviceladder.rules.explain import render_check

router = Router(tags=["coaching"])


class PersonRef(Schema):
    number: str
    name: str


class CoachingTaskOut(Schema):
    id: int
    person: PersonRef
    rule: str
    metric: str
    month: str
    state: str
    evidence: dict
    evidence_text: str
    session_on: dt.date | None
    focus_metric: str
    focus_competency: str
    agreed: str
    follow_up_on: dt.date | None
    acknowledged_at: dt.datetime | None
    agent_comment: str
    dismissed_reason: str
    goal_lineage: str | None


class SessionIn(Schema):
    session_on: dt.date
    focus_metric: str = ""
    focus_competency: str = ""
    agreed: str
    follow_up_on: dt.date | None = None


class AcknowledgeIn(Schema):
    comment: str = ""


def _out(task: CoachingTask, language: str = "en") -> dict:
    check = selectors.evidence_check(task)
    return {
        "id": task.pk,
        "person": {"number": task.employee.number, "name": task.employee.name},
        "rule": task.rule_code,
        "metric": task.metric,
        "month": task.month,
        "state": task.state,
        "evidence": task.evidence,
        "evidence_text": render_check(check, language) if check else "",
        "session_on": task.session_on,
        "focus_metric": task.focus_metric,
        "focus_competency": task.focus_competency,
        "agreed": task.agreed,
        "follow_up_on": task.follow_up_on,
        "acknowledged_at": task.acknowledged_at,
        "agent_comment": task.agent_comment,
        "dismissed_reason": task.dismissed_reason,
        "goal_lineage": str(task.goal_lineage) if task.goal_lineage else None,
    }


def _language(request) -> str:
    from django.utils.translation import get_language

    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


@router.get(
    "/tasks",
    response={200: list[CoachingTaskOut], **ERRORS},
    url_name="coaching_tasks",
    summary="Coaching tasks the caller may see, newest month first",
)
def tasks(request, state: str = "", person: str = ""):
    qs = CoachingTask.objects.filter(employee__in=employees_with_development_visible_to(request.auth))
    if state:
        qs = qs.filter(state=state)
    if person:
        qs = qs.filter(employee__number=person)
    qs = qs.select_related("employee").order_by("-month", "-pk")[:500]
    language = _language(request)
    return [_out(t, language) for t in qs]


@router.post(
    "/tasks/{pk}/session",
    response={200: CoachingTaskOut, **ERRORS},
    url_name="coaching_task_session",
    summary="Record the coaching session of an open task (the person's coach)",
)
def session(request, pk: int, payload: SessionIn):
    task = selectors.task_get(request.auth, pk)
    task = services.coaching_session_record(
        actor=Actor(user=request.auth, channel="api"),
        task=task,
        session_on=payload.session_on,
        focus_metric=payload.focus_metric,
        focus_competency=payload.focus_competency,
        agreed=payload.agreed,
        follow_up_on=payload.follow_up_on,
    )
    return _out(task, _language(request))


@router.post(
    "/tasks/{pk}/acknowledge",
    response={200: CoachingTaskOut, **ERRORS},
    url_name="coaching_task_acknowledge",
    summary="Acknowledge a recorded coaching session (the person coached)",
)
def acknowledge(request, pk: int, payload: AcknowledgeIn):
    task = selectors.task_get(request.auth, pk)
    task = services.coaching_acknowledge(
        actor=Actor(user=request.auth, channel="api"), task=task, comment=payload.comment
    )
    return _out(task, _language(request))
