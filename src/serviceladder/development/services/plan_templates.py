"""Apply a plan template of the policy (`development.templates`; issue 14 item 8, seed 003) to a person's
draft in one step: its goals (manual measure, due `due_after_days` after today), its actions (starting
`starts_after_days` after today, lasting `lasts_days`), its horizon texts (added after what the draft
already says). The lead or HR applies it; the plan records the template's code."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.i18n import pick
from serviceladder.development.models import Goal, PlanAction, PlanVersion
from serviceladder.development.plan_errors import DEVELOPMENT_OFF, UNKNOWN_TEMPLATE, PlanInvalid
from serviceladder.development.plan_states import Action
from serviceladder.development.services.plan_drafts import draft_changed, plan_draft_for
from serviceladder.development.services.plans import locked_open_plan, plan_step
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import PlanTemplate
from serviceladder.policy.selectors import policy_in_force


def templates_in_force(as_of: dt.date) -> list[PlanTemplate]:
    """The plan templates of the policy in force (none when development is off or no policy is in force)."""
    try:
        development = policy_in_force(as_of).development
    except NoPolicyInForce:
        return []
    return list(development.templates) if development.enabled else []


def _joined(old: str, new: str) -> str:
    if not new:
        return old
    return new if not old else f"{old}\n{new}"


@transaction.atomic
def plan_template_apply(*, actor: Actor, employee: Employee, code: str) -> PlanVersion:
    """Add the template `code`'s goals, actions and horizon texts to the person's draft (see the module)."""
    plan = locked_open_plan(employee)
    plan_step(actor.user, employee, plan, Action.APPLY_TEMPLATE)
    as_of = today()
    try:
        development = policy_in_force(as_of).development
    except NoPolicyInForce as exc:
        raise PlanInvalid(DEVELOPMENT_OFF) from exc
    if not development.enabled:
        raise PlanInvalid(DEVELOPMENT_OFF)
    template = next((t for t in development.templates if t.code == code), None)
    if template is None:
        allowed = ", ".join(t.code for t in development.templates) or "—"
        raise PlanInvalid(UNKNOWN_TEMPLATE, code=code, allowed=allowed)
    draft = plan_draft_for(actor=actor, employee=employee, template_code=code)
    plan = draft.plan
    for name in ("short", "mid", "long"):
        text = getattr(template, f"horizon_{name}")
        field = f"horizon_{name}"
        setattr(draft, field, _joined(getattr(draft, field), pick(text.zh, text.en)))
    draft.save(update_fields=["horizon_short", "horizon_mid", "horizon_long"])
    goal_pos = draft.goals.aggregate(m=Max("position"))["m"] or 0
    Goal.objects.bulk_create(
        Goal(
            version=draft,
            position=goal_pos + i,
            statement=pick(g.statement_zh, g.statement_en),
            owner=employee,
            horizon=g.horizon,
            due_date=as_of + dt.timedelta(days=g.due_after_days),
            measure=Goal.Measure.MANUAL,
        )
        for i, g in enumerate(template.goals, start=1)
    )
    action_pos = draft.actions.aggregate(m=Max("position"))["m"] or 0
    actions = []
    for i, a in enumerate(template.actions, start=1):
        start = as_of + dt.timedelta(days=a.starts_after_days)
        actions.append(
            PlanAction(
                version=draft,
                position=action_pos + i,
                kind=a.kind,
                title=pick(a.title_zh, a.title_en),
                horizon=a.horizon,
                start_date=start,
                end_date=start + dt.timedelta(days=a.lasts_days) if a.lasts_days else None,
                source=f"template:{code}",
            )
        )
    PlanAction.objects.bulk_create(actions)
    if plan.template_code != code:
        plan.template_code = code
        plan.save(update_fields=["template_code"])
    draft_changed(draft)
    audit_record(
        actor=actor,
        action="development.plan_template_apply",
        employee=employee,
        obj=plan,
        after={
            "version": draft.number,
            "template": code,
            "goals": len(template.goals),
            "actions": len(template.actions),
        },
    )
    return draft
