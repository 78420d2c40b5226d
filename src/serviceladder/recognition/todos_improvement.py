"""Improvement plans in the to-do registry (registered in apps.py): the lead's review of a new proposal,
HR's review after it, the person's acknowledgment of an approved plan, and the outcome once the plan's end
date has passed. Cheap for everyone else: the roles are checked first (selectors.improvement). Each item
disappears when the step is done."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.translatable import Message
from serviceladder.org.selectors import today
from serviceladder.recognition.selectors.improvement import (
    outcome_due,
    plan_url,
    waiting_for_acknowledgment,
    waiting_for_hr,
    waiting_for_lead,
)
from serviceladder.todos.registry import TodoItem

LEAD_REVIEW = "improvement.lead_review"
HR_REVIEW = "improvement.hr_review"
ACKNOWLEDGE = "improvement.acknowledge"
OUTCOME_DUE = "improvement.outcome_due"
KINDS = {
    LEAD_REVIEW: _("Improvement plan proposal to review"),
    HR_REVIEW: _("Improvement plan to approve"),
    ACKNOWLEDGE: _("Improvement plan to acknowledge"),
    OUTCOME_DUE: _("Improvement plan outcome due"),
}
TITLES = {
    LEAD_REVIEW: _("Review the proposal for an improvement plan for {name}"),
    HR_REVIEW: _("Approve or decline the improvement plan for {name}"),
    ACKNOWLEDGE: _("Read and acknowledge your improvement plan"),
    OUTCOME_DUE: _("Record the outcome of {name}'s improvement plan"),
}


def _item(kind, plan, *, due=None) -> TodoItem:
    return TodoItem(
        kind=kind,
        title=Message(TITLES[kind], name=plan.employee.name),
        url=plan_url(plan),
        due=due,
        since=plan.created_at.date(),
        key=f"plan:{plan.pk}",
    )


def improvement_todos(user) -> list[TodoItem]:
    items = [_item(LEAD_REVIEW, p) for p in waiting_for_lead(user)]
    items += [_item(HR_REVIEW, p) for p in waiting_for_hr(user)]
    items += [_item(ACKNOWLEDGE, p, due=p.starts_on) for p in waiting_for_acknowledgment(user)]
    items += [_item(OUTCOME_DUE, p, due=p.ends_on) for p in outcome_due(user, today())]
    return items


def register_improvement() -> None:
    """The to-do provider and the daily scan (called from RecognitionConfig.ready)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.todos.registry import register

    def scan_step(day):
        from serviceladder.recognition.services.improvement import improvement_scan_step

        return improvement_scan_step(day)

    register("recognition.improvement", improvement_todos, kinds=KINDS)
    daily_step("recognition.improvement_scan", scan_step)
