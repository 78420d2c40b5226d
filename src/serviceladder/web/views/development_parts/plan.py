"""The plan section of a person's development page: the version in force and the draft under discussion
(target, horizons, goals, actions with their status), who accepted, and the buttons the reader's side
allows (plan_states.TRANSITIONS through services.plans.may_take)."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_see_plan
from serviceladder.core.i18n import pick
from serviceladder.development.models import PlanAction
from serviceladder.development.plan_states import NONE, Action
from serviceladder.development.selectors.plans import draft_fingerprint, plan_view, target_text
from serviceladder.development.services.plan_templates import templates_in_force
from serviceladder.development.services.plans import may_take, plan_status, sides_of
from serviceladder.org.selectors import today
from serviceladder.policy.selectors import training_names
from serviceladder.web.views.development_parts import Part


def action_rows(version, updates: dict) -> list[dict]:
    """One row per action of `version` with its latest status (ActionUpdate by lineage)."""
    tasks = dict(PlanAction.Task.choices)
    trainings = {code: pick(zh, en) for code, (zh, en) in training_names(today()).items()}
    rows = []
    for a in version.actions.all():
        details = []
        if a.course_code:
            details.append(trainings.get(a.course_code.lower(), a.course_code))
        if a.host_team_id:
            details.append(a.host_team.name)
        if a.task:
            details.append(str(tasks.get(a.task, a.task)))
        if a.role:
            details.append(a.role)
        rows.append(
            {"action": a, "details": details, "host_lead": a.host_lead, "update": updates.get(a.lineage)}
        )
    return rows


def version_context(version, updates: dict, as_of) -> dict | None:
    if version is None:
        return None
    return {
        "version": version,
        "target": target_text(version, as_of),
        "target_is_step": bool(version.target_level_code),
        "goals": list(version.goals.all()),
        "actions": action_rows(version, updates),
    }


def part(request, employee) -> Part | None:
    user = request.user
    if not can_see_plan(user, employee):
        return None
    as_of = today()
    view = plan_view(employee)
    status = plan_status(view.plan)
    sides = sides_of(user, employee)

    def can(action: str) -> bool:
        return may_take(user, employee, status, action)

    draft = view.draft
    accepted_by_me = False
    if draft is not None:
        accepted_by_me = bool(
            ("person" in sides and draft.agent_accepted_at) or ("lead" in sides and draft.lead_accepted_at)
        )
    context = {
        "e": employee,
        "view": view,
        "status": status,
        "no_plan": status == NONE,
        "in_force": version_context(view.in_force, view.updates, as_of),
        "draft": version_context(draft, view.updates, as_of),
        "fingerprint": draft_fingerprint(draft) if draft is not None else "",
        "can_edit": can(Action.EDIT),
        "can_accept": draft is not None
        and not accepted_by_me
        and (can(Action.ACCEPT_PERSON) or can(Action.ACCEPT_LEAD)),
        "accepted_by_me": accepted_by_me,
        "can_discard": draft is not None and can(Action.DISCARD_DRAFT),
        "can_close": can(Action.CLOSE),
        "can_progress": can(Action.UPDATE_ACTION),
        "templates": [(t.code, pick(t.name_zh, t.name_en)) for t in templates_in_force(as_of)]
        if can(Action.APPLY_TEMPLATE)
        else [],
        "has_versions": view.plan is not None and view.in_force is not None,
    }
    return Part("web/development/_plan.html", context)
