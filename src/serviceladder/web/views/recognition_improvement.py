"""Improvement plans for the bottom band (issue 15 item 5): the plan page (the evidence in words, the goals
with their automatic progress, the reviews, check-ins, the person's acknowledgment and response, the
outcome), the lead's review form, and the POST-only steps. Never a sanction: the page says so."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from serviceladder.accounts.scoping import (
    can_review_improvement_plan,
    can_review_improvement_plan_as_hr,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.development.selectors.goals import find_goal, goal_views
from serviceladder.development.services.goals import AGGREGATIONS, COMPARISONS, GOAL_METRICS, GoalInput
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.recognition.selectors.improvement import (
    RUNNING_STATES,
    access_improvement_plan,
    evidence_months,
    evidence_sentence,
)
from serviceladder.recognition.services import improvement as svc
from serviceladder.web.access import require
from serviceladder.web.labels import metric_label, operator_label
from serviceladder.web.methods import form_page, read_only

GOAL_ROWS = 3
LEAD_PROPOSED = _("The plan is proposed; HR reviews it next.")
DECLINED = _("The proposal is declined; the reason is recorded.")
APPROVED = _("The improvement plan is approved and active.")
CHECKED_IN = _("Check-in recorded.")
ACKNOWLEDGED = _("Your acknowledgment is recorded.")
RESPONDED = _("Your response is attached to the plan.")
OUTCOME_RECORDED = _("The outcome is recorded.")
PEER_GROUPS = {
    "level_department": _("the same level in the same department"),
    "level_team": _("the same level in the same team"),
    "level_company": _("the same level across the company"),
}


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _goal_rows(plan) -> list:
    goals = [
        g for g in (find_goal(plan.employee, lineage) for lineage in plan.goal_lineages) if g is not None
    ]
    return goal_views(goals, today()) if goals else []


def _context(request, plan, **extra) -> dict:
    user = request.user
    me = user_employee(user)
    running = plan.state in RUNNING_STATES
    waiting_lead = plan.state == plan.State.PROPOSED and plan.lead_reviewed_at is None
    waiting_hr = plan.state == plan.State.PROPOSED and plan.lead_reviewed_at is not None
    is_person = me is not None and me.pk == plan.employee_id
    may_follow_up = can_review_improvement_plan(user, plan.employee)
    evidence = plan.evidence or {}
    return {
        "plan": plan,
        "e": plan.employee,
        "evidence_sentence": evidence_sentence(plan),
        "evidence_months": evidence_months(plan),
        "bottom_percent": evidence.get("bottom_percent", ""),
        "min_peer_group": evidence.get("min_peer_group", ""),
        "peer_group": PEER_GROUPS.get(evidence.get("peer_group", ""), ""),
        "goals": _goal_rows(plan),
        "check_ins": list(plan.check_ins.select_related("recorded_by")),
        "is_person": is_person,
        "can_lead_review": waiting_lead and may_follow_up,
        "can_hr_review": waiting_hr
        and can_review_improvement_plan_as_hr(user, plan.employee)
        and plan.lead_reviewed_by_id != user.pk,
        "waiting_hr": waiting_hr,
        "can_check_in": running and may_follow_up,
        "can_outcome": running and may_follow_up,
        "can_acknowledge": is_person
        and plan.acknowledged_at is None
        and plan.state
        not in (
            plan.State.PROPOSED,
            plan.State.DECLINED,
        ),
        "can_respond": is_person,
        "today": today().isoformat(),
        "outcomes": [
            (svc.OUTCOME_COMPLETED, svc.OUTCOME_WORDS[svc.OUTCOME_COMPLETED]),
            (svc.OUTCOME_EXTENDED, svc.OUTCOME_WORDS[svc.OUTCOME_EXTENDED]),
            (svc.OUTCOME_CLOSED, svc.OUTCOME_WORDS[svc.OUTCOME_CLOSED]),
        ],
        "error": "",
        "posted": {},
        **extra,
    }


@read_only
def plan_page(request: HttpRequest, number: str, pk) -> HttpResponse:
    plan = access_improvement_plan(request.user, number, pk)
    return render(request, "web/recognition/improvement_plan.html", _context(request, plan))


def _step(request, number, pk, call, done) -> HttpResponse:
    """Run one POST step; a domain error re-renders the plan page with it (status 400)."""
    plan = access_improvement_plan(request.user, number, pk)
    try:
        call(plan)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        context = _context(request, plan, error=str(exc), posted=request.POST)
        return render(request, "web/recognition/improvement_plan.html", context, status=400)
    messages.success(request, done)
    return redirect("improvement_plan", number=number, pk=plan.pk)


@require_POST
def hr_review(request: HttpRequest, number: str, pk) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"

    def call(plan):
        svc.improvement_hr_review(
            actor=_actor(request), plan=plan, approve=approve, note=request.POST.get("note", "")
        )

    return _step(request, number, pk, call, APPROVED if approve else DECLINED)


@require_POST
def check_in(request: HttpRequest, number: str, pk) -> HttpResponse:
    def call(plan):
        svc.improvement_check_in(
            actor=_actor(request),
            plan=plan,
            date=request.POST.get("date", ""),
            note=request.POST.get("note", ""),
        )

    return _step(request, number, pk, call, CHECKED_IN)


@require_POST
def acknowledge(request: HttpRequest, number: str, pk) -> HttpResponse:
    def call(plan):
        svc.improvement_acknowledge(actor=_actor(request), plan=plan, comment=request.POST.get("comment", ""))

    return _step(request, number, pk, call, ACKNOWLEDGED)


@require_POST
def respond(request: HttpRequest, number: str, pk) -> HttpResponse:
    def call(plan):
        svc.improvement_respond(actor=_actor(request), plan=plan, response=request.POST.get("response", ""))

    return _step(request, number, pk, call, RESPONDED)


@require_POST
def outcome(request: HttpRequest, number: str, pk) -> HttpResponse:
    def call(plan):
        svc.improvement_outcome(
            actor=_actor(request),
            plan=plan,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            new_end=request.POST.get("new_end", ""),
        )

    return _step(request, number, pk, call, OUTCOME_RECORDED)


def _posted_goals(post) -> tuple[list[GoalInput], list[dict]]:
    """The goal rows with a statement (empty rows are left out), and every row as typed (to show again)."""
    rows, goals = [], []
    for i in range(1, GOAL_ROWS + 1):
        row = {
            "n": i,
            "statement": post.get(f"g{i}_statement", "")[:1000],
            "measure": post.get(f"g{i}_measure", "metric"),
            "metric": post.get(f"g{i}_metric", ""),
            "comparison": post.get(f"g{i}_comparison", ">="),
            "value": post.get(f"g{i}_value", ""),
            "window": post.get(f"g{i}_window", "1"),
            "aggregation": post.get(f"g{i}_aggregation", "mean"),
            "done_when": post.get(f"g{i}_done_when", "")[:300],
        }
        rows.append(row)
        if not row["statement"].strip():
            continue
        goals.append(
            GoalInput(
                statement=row["statement"],
                due_date="",  # the plan's last day (the service sets it)
                measure=row["measure"],
                metric=row["metric"],
                comparison=row["comparison"],
                value=row["value"],
                window=row["window"],
                aggregation=row["aggregation"],
                done_when=row["done_when"],
            )
        )
    return goals, rows


def _default_duration(plan) -> int:
    try:
        return policy_in_force(today()).improvement_plans.duration_months
    except NoPolicyInForce:
        return 3


@form_page
def lead_review(request: HttpRequest, number: str, pk) -> HttpResponse:
    plan = access_improvement_plan(request.user, number, pk)
    require(can_review_improvement_plan(request.user, plan.employee))
    post = request.POST
    goals, rows = _posted_goals(post)
    values = {
        "support_actions": post.get("support_actions", ""),
        "duration_months": post.get("duration_months", str(_default_duration(plan))),
        "starts_on": post.get("starts_on", today().isoformat()),
        "note": post.get("note", ""),
    }
    error = ""
    if request.method == "POST":
        decision = post.get("decision", "")
        try:
            svc.improvement_lead_review(
                actor=_actor(request),
                plan=plan,
                decision=decision,
                goals=goals,
                support_actions=values["support_actions"],
                duration_months=values["duration_months"],
                starts_on=values["starts_on"],
                note=values["note"],
            )
        except (PermissionDeniedError, NotFoundOrForbidden):
            raise
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, DECLINED if decision == svc.DECISION_DECLINE else LEAD_PROPOSED)
            return redirect("improvement_plan", number=number, pk=plan.pk)
    context = {
        "plan": plan,
        "e": plan.employee,
        "evidence_sentence": evidence_sentence(plan),
        "evidence_months": evidence_months(plan),
        "rows": rows,
        "values": values,
        "error": error,
        "waiting": plan.state == plan.State.PROPOSED and plan.lead_reviewed_at is None,
        "metrics": [(m, metric_label(m)) for m in GOAL_METRICS],
        "comparisons": [(c, operator_label(c)) for c in COMPARISONS],
        "aggregations": AGGREGATIONS,
    }
    return render(request, "web/recognition/improvement_review.html", context, status=400 if error else 200)
