"""Answers of /api/promotions filled from the promotions selectors, and the small helpers the endpoints share.
Scoping is done before these run (selectors.application_get and friends); they only leave out what the
selectors hide (pay for those who may not see it, an appellant's identity and text for non-HR)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_see_pay_bands
from serviceladder.audit.services import Actor
from serviceladder.promotions import clock, rules, selectors, workflow
from serviceladder.promotions.access import in_scope, is_own_application, require_operation
from serviceladder.promotions.errors import NotFound
from serviceladder.promotions.models import Appeal, Assessment, PromotionApplication, PromotionCycle
from serviceladder.promotions.states import QUOTA_STATES, Action, Scope, State

# Steps that are not state changes of the transition table, with the endpoint that takes them.
OPERATION_LABELS = {
    "update": _("Edit the draft"),
    "attach": _("Attach a file"),
    "comment": _("Comment"),
    "assessment_schedule": _("Schedule an interview or assessment"),
    "assessment_record": _("Record assessment scores"),
    "pay_adjust": _("Adjust the pay"),
}


# --- for the endpoints --------------------------------------------------------------------------------------


def actor(request) -> Actor:
    return Actor(user=request.auth, channel="api")


def cycle_get(request, cycle_id: int) -> PromotionCycle:
    cycle = selectors.cycles_visible_to(request.auth).filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound()
    return cycle


def application_get(request, application_id: int) -> PromotionApplication:
    return selectors.application_get(request.auth, application_id)


@contextmanager
def expecting(request, app: PromotionApplication, expected_version: int | None, *, operation: str | None):
    """One transaction around a step: the application's row locked and, when the caller sent
    `expected_version`, compared with it first (a stale version is 409 and nothing is written).

    `operation` (access.require_operation; None for a comment, open to whoever sees the case) is checked
    before the version, so a caller without the role gets 403 whatever the case's state or version."""
    if operation is not None:
        require_operation(request.auth, app, operation)
    with transaction.atomic():
        if expected_version is not None:
            workflow.version_lock(user=request.auth, application=app, expected_version=expected_version)
        yield


def detail(request, application_id: int) -> dict:
    return application_detail(request.auth, application_get(request, application_id))


def state_of(application_id: int) -> dict:
    """State and version after a step (also for an appellant, who may not open the case itself)."""
    return state_out(PromotionApplication.objects.get(pk=application_id))


# --- shapes -------------------------------------------------------------------------------------------------


def state_out(app: PromotionApplication) -> dict:
    return {
        "id": app.pk,
        "state": app.state,
        "state_label": str(State(app.state).label),
        "version": app.version,
    }


def level_ref(level) -> dict:
    return {"code": level.code, "name": level.name}


def cycle_out(cycle: PromotionCycle) -> dict:
    today = clock.today()
    return {
        "id": cycle.pk,
        "name": cycle.name,
        "name_alt": cycle.name_alt,
        "policy_version": cycle.policy_version.label,
        "opens_on": cycle.opens_on,
        "closes_on": cycle.closes_on,
        "open_now": rules.application_window_open(cycle.opens_on, cycle.closes_on, today),
        "quotas": dict(cycle.quotas),
        "version": cycle.version,
        "note": cycle.note,
    }


def notice_ref(notice) -> dict:
    return {
        "id": notice.pk,
        "published_on": notice.published_on,
        "ends_on": notice.ends_on,
        "provisional_years": list(notice.provisional_years),
    }


def cycle_detail(user, cycle: PromotionCycle) -> dict:
    funnel = selectors.cycle_funnel(user, cycle)
    out = cycle_out(cycle)
    out["funnel"] = {
        "applied": funnel.applied,
        "reviewed": funnel.reviewed,
        "approved": funnel.approved,
        "published": funnel.published,
        "effective": funnel.effective,
        "rejected": funnel.rejected,
        "withdrawn": funnel.withdrawn,
        "in_progress": funnel.in_progress,
    }
    out["quota_use"] = [
        {"level": code, "quota": use.quota, "used": use.used, "remaining": use.remaining}
        for code, use in selectors.quota_table(user, cycle)
    ]
    out["notices"] = [notice_ref(n) for n in selectors.notices_visible_to(user).filter(cycle=cycle)]
    return out


def application_out(app: PromotionApplication) -> dict:
    applicant = app.applicant
    team = applicant.team
    return {
        **state_out(app),
        "cycle": {"id": app.cycle_id, "name": app.cycle.name},
        "applicant": {
            "number": applicant.number,
            "name": applicant.name,
            "department": team.department.code if team else None,
            "team": team.code if team else None,
        },
        "kind": app.kind,
        "from_level": level_ref(app.from_level),
        "target_level": level_ref(app.target_level),
        "nominated_by": (
            {"number": app.nominated_by.number, "name": app.nominated_by.name}
            if app.nominated_by_id
            else None
        ),
        "is_exception": app.is_exception,
        "eligibility_status": app.eligibility_status,
        "submitted_at": app.submitted_at,
        "effective_on": app.effective_on,
    }


def _operations(user, app: PromotionApplication, pay) -> list[str]:
    """The steps that keep the state which the caller may take now (the services check them again)."""
    ops = []
    if app.state == State.DRAFT and in_scope(user, app, Scope.APPLICANT_OR_NOMINATOR):
        ops += ["update", "attach"]
    ops.append("comment")  # anyone who may open the case
    hr = in_scope(user, app, Scope.HR) and not is_own_application(user, app)
    if hr and app.state == State.DEPT_APPROVED:
        ops += ["assessment_schedule", "assessment_record"]
    if hr and pay is not None and app.state in QUOTA_STATES and app.state != State.EFFECTIVE:
        ops.append("pay_adjust")
    return ops


def _timeline(user, app) -> list[dict]:
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "actor": e.actor,
            "text": e.text,
            "action": e.action,
            "action_label": e.action_label,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "data": e.data,
        }
        for e in selectors.application_timeline(user, app)
    ]


def assessment_out(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "scheduled_at": a.scheduled_at,
        "scores": {k: str(v) for k, v in a.scores.items()},
        "result_note": a.result_note,
        "recorded_at": a.recorded_at,
    }


def appeal_out(appeal: Appeal, *, appellant: str | None, text: str | None) -> dict:
    return {
        "id": appeal.pk,
        "filed_at": appeal.filed_at,
        "answer_due_on": appeal.answer_due_on,
        "outcome": appeal.outcome,
        "outcome_label": str(Appeal.Outcome(appeal.outcome).label),
        "answer": appeal.answer,
        "answered_at": appeal.answered_at,
        "appellant": appellant,
        "text": text,
    }


def pay_out(pay, *, with_band: bool = True) -> dict | None:
    """The pay change; the band, the ratio and whether the band capped it only for HR and management."""
    if pay is None:
        return None
    return {
        "currency": pay.currency,
        "old_amount": pay.old_amount,
        "min_ratio": pay.min_ratio if with_band else None,
        "band_min": pay.band_min if with_band else None,
        "band_max": pay.band_max if with_band else None,
        "proposed_amount": pay.proposed_amount,
        "capped": pay.capped if with_band else None,
        "final_amount": pay.final_amount,
        "adjustment_reason": pay.adjustment_reason,
        "adjusted_by": pay.adjusted_by.get_username() if pay.adjusted_by_id else None,
        "adjusted_at": pay.adjusted_at,
    }


def _completed_on(enrolment):
    """The day a promotion training's enrolment was completed (its completion's), else None."""
    completion = getattr(enrolment, "completion", None) if enrolment.state == "completed" else None
    return completion.completed_on if completion is not None else None


def application_detail(user, app: PromotionApplication) -> dict:
    """The whole case as the caller may see it (`app` comes from selectors.application_get)."""
    pay = selectors.pay_change_for(user, app)
    actions = [{"action": a, "label": str(Action(a).label)} for a in selectors.allowed_actions(user, app)]
    actions += [{"action": op, "label": str(OPERATION_LABELS[op])} for op in _operations(user, app, pay)]
    trainings = selectors.promotion_trainings_for(user, app.applicant).filter(application=app)
    notice = app.notice if app.notice_id else None
    return {
        **application_out(app),
        "form": {
            "achievements": app.achievements,
            "capability_growth": app.capability_growth,
            "role_understanding": app.role_understanding,
            "plan": app.plan,
        },
        "exception_reason": app.exception_reason,
        "eligibility": {"status": app.eligibility_status, "snapshot": dict(app.eligibility_snapshot or {})},
        "quota_override_reason": app.quota_override_reason,
        "notice": notice_ref(notice) if notice is not None else None,
        "allowed_actions": actions,
        "timeline": _timeline(user, app),
        "assessments": [assessment_out(a) for a in app.assessments.all()],
        "attachments": [
            {
                "id": f.pk,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in app.attachments.all()
        ],
        "appeals": [
            appeal_out(v.appeal, appellant=v.appellant, text=v.text) for v in selectors.appeals_for(user, app)
        ],
        "pay": pay_out(pay, with_band=can_see_pay_bands(user)),
        "trainings": [
            {
                "code": t.course.code,
                "name": t.course.name,
                "hours": t.course.hours,
                "state": t.state,
                "assigned_on": t.assigned_on,
                "due_on": t.due_on,
                "completed_on": _completed_on(t),
            }
            for t in trainings
        ],
    }
