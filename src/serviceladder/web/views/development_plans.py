"""Development plan pages (issue 14 items 2, 4, 8): edit the draft's target and horizons, accept, discard,
close, apply a template, add and change actions, record an action's progress, the version history, and the
`/development/` landing (an agent's own page; the lists of a lead, a head and HR; counts for management).
Views parse, call one service and redirect; the services check the plan's transition table and the side
of the user (accounts.scoping)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    access_plan_employee,
    actions_hosted_by,
    can_see_development_counts,
    can_see_plan,
    employees_with_development_visible_to,
    user_employee,
    user_roles,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden, ValidationFailed
from serviceladder.core.i18n import pick
from serviceladder.development.models import ActionUpdate, DevelopmentPlan, PlanAction, PlanVersion
from serviceladder.development.plan_changes import version_changes
from serviceladder.development.plan_errors import ACTION_HOST_LEAD
from serviceladder.development.plan_states import Action
from serviceladder.development.selectors.plans import (
    STATE_LABELS,
    latest_action_updates,
    offered_steps,
    plan_counts,
    plan_rows,
    plan_versions,
    plan_view,
    target_text,
    version_snapshot,
)
from serviceladder.development.services import plan_actions, plan_templates, plans
from serviceladder.org.models import Department, Employee, Team
from serviceladder.org.selectors import today
from serviceladder.web.access import can_open_development, require
from serviceladder.web.methods import form_page, read_only
from serviceladder.web.views.development_parts.plan import action_rows

SAVED = _("The draft is saved. Both you and the other side accept it again before it is in force.")
ACCEPTED = _("You accepted the draft.")
AGREED = _("Both sides accepted: this version of the plan is in force.")
DISCARDED = _("The draft is discarded; the agreed plan stays in force.")
CLOSED = _("The plan is closed.")
TEMPLATE_APPLIED = _("The template %(name)s is added to the draft.")
ACTION_SAVED = _("The action is saved in the draft.")
ACTION_REMOVED = _("The action is removed from the draft.")
PROGRESS_SAVED = _("The action's progress is recorded.")
BAD_DATE = _("%(value)s is not a date; write it as YYYY-MM-DD.")


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _back(employee: Employee) -> HttpResponse:
    return redirect(reverse("person_development", args=[employee.number]) + "#plan")


# -- the draft: target and horizons ----------------------------------------------------------------


@form_page
def plan_edit(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    view = plan_view(employee)
    require(plans.may_take(request.user, employee, plans.plan_status(view.plan), Action.EDIT))
    source = view.draft or view.in_force
    values = {
        "target_level_code": getattr(source, "target_level_code", ""),
        "aspiration": getattr(source, "aspiration", ""),
        "horizon_short": getattr(source, "horizon_short", ""),
        "horizon_mid": getattr(source, "horizon_mid", ""),
        "horizon_long": getattr(source, "horizon_long", ""),
    }
    error = ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:4000] for k in values}
        try:
            plans.plan_edit(actor=_actor(request), employee=employee, **values)
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, SAVED)
            return _back(employee)
    context = {
        "e": employee,
        "values": values,
        "steps": offered_steps(employee, today()),
        "error": error,
        "revising": view.in_force is not None and view.draft is None,
    }
    return render(request, "web/development/plan_edit.html", context, status=400 if error else 200)


@require_POST
def plan_accept(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    try:
        version = plans.plan_accept(
            actor=_actor(request), employee=employee, fingerprint=request.POST.get("fingerprint", "")
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, AGREED if version.state == PlanVersion.State.AGREED else ACCEPTED)
    return _back(employee)


@require_POST
def plan_discard(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    try:
        plans.plan_discard_draft(actor=_actor(request), employee=employee)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DISCARDED)
    return _back(employee)


@require_POST
def plan_template(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    code = request.POST.get("template", "")
    try:
        plan_templates.plan_template_apply(actor=_actor(request), employee=employee, code=code)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    else:
        found = next((t for t in plan_templates.templates_in_force(today()) if t.code == code), None)
        name = pick(found.name_zh, found.name_en) if found else code
        messages.success(request, TEMPLATE_APPLIED % {"name": name})
    return _back(employee)


@form_page
def plan_close(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    view = plan_view(employee)
    require(plans.may_take(request.user, employee, plans.plan_status(view.plan), Action.CLOSE))
    error = ""
    outcome, reason = request.POST.get("outcome", ""), request.POST.get("reason", "")[:4000]
    if request.method == "POST":
        try:
            plans.plan_close(actor=_actor(request), employee=employee, outcome=outcome, reason=reason)
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, CLOSED)
            return _back(employee)
    context = {
        "e": employee,
        "outcomes": DevelopmentPlan.Outcome.choices,
        "outcome": outcome,
        "reason": reason,
        "error": error,
    }
    return render(request, "web/development/plan_close.html", context, status=400 if error else 200)


# -- actions ---------------------------------------------------------------------------------------


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed(BAD_DATE, value=raw) from exc


def _int(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def _host_lead(number: str) -> int | None:
    """The host lead typed as an employee number; an unknown number is refused like a wrong one."""
    number = number.strip()
    if not number:
        return None
    found = Employee.objects.filter(number=number).values_list("pk", flat=True).first()
    if found is None:
        raise ValidationFailed(ACTION_HOST_LEAD)
    return found


def _action_input(post) -> plan_actions.ActionInput:
    return plan_actions.ActionInput(
        kind=post.get("kind", ""),
        title=post.get("title", "")[:400],
        horizon=post.get("horizon", "short"),
        start_date=_date(post.get("start_date", "")),
        end_date=_date(post.get("end_date", "")),
        course_code=post.get("course_code", "")[:40],
        host_team_id=_int(post.get("host_team", "")),
        host_lead_id=_host_lead(post.get("host_lead", "")),
        role=post.get("role", "")[:400],
        task=post.get("task", ""),
    )


def _action_form_context(employee, values: dict, error: str, action=None) -> dict:
    from serviceladder.development.models.plans import Horizon
    from serviceladder.learning.models import Course
    from serviceladder.policy.errors import NoPolicyInForce
    from serviceladder.policy.selectors import policy_in_force

    try:
        trainings = [(t.code, pick(t.name_zh, t.name_en)) for t in policy_in_force(today()).trainings]
    except NoPolicyInForce:
        trainings = []
    # then the catalogue's other courses (a plan may name any of them)
    known = {code for code, _name in trainings}
    trainings += [(c.code, c.name) for c in Course.objects.filter(active=True).exclude(code__in=known)]
    teams = Team.objects.select_related("department", "lead").order_by("department__code", "code")
    return {
        "e": employee,
        "values": values,
        "error": error,
        "action": action,
        "kinds": PlanAction.Kind.choices,
        "tasks": PlanAction.Task.choices,
        "horizons": Horizon.choices,
        "trainings": trainings,
        "teams": teams,
    }


def _action_values(action: PlanAction | None, post=None) -> dict:
    if post is not None:
        keys = ("kind", "title", "horizon", "start_date", "end_date", "course_code", "host_team", "host_lead")
        return {k: post.get(k, "") for k in (*keys, "role", "task")}
    if action is None:
        return {"kind": "training", "horizon": "short"}
    return {
        "kind": action.kind,
        "title": action.title,
        "horizon": action.horizon,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "end_date": action.end_date.isoformat() if action.end_date else "",
        "course_code": action.course_code,
        "host_team": str(action.host_team_id or ""),
        "host_lead": action.host_lead.number if action.host_lead_id else "",
        "role": action.role,
        "task": action.task,
    }


@form_page
def plan_action_new(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    view = plan_view(employee)
    require(plans.may_take(request.user, employee, plans.plan_status(view.plan), Action.EDIT))
    error = ""
    values = _action_values(None)
    if request.method == "POST":
        values = _action_values(None, request.POST)
        try:
            plan_actions.action_add(
                actor=_actor(request), employee=employee, data=_action_input(request.POST)
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, ACTION_SAVED)
            return _back(employee)
    context = _action_form_context(employee, values, error)
    return render(request, "web/development/plan_action.html", context, status=400 if error else 200)


def _known_action(employee, lineage: uuid.UUID) -> PlanAction:
    found = (
        PlanAction.objects.filter(version__plan__employee=employee, lineage=lineage)
        .exclude(version__plan__status=DevelopmentPlan.Status.CLOSED)
        .exclude(version__state=PlanVersion.State.SUPERSEDED)
        .order_by("-version__number")
        .first()
    )
    if found is None:
        raise NotFoundOrForbidden()
    return found


@form_page
def plan_action_edit(request: HttpRequest, number: str, lineage: uuid.UUID) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    action = _known_action(employee, lineage)
    require(plans.may_take(request.user, employee, action.version.plan.status, Action.EDIT))
    error = ""
    values = _action_values(action)
    if request.method == "POST":
        values = _action_values(None, request.POST)
        try:
            plan_actions.action_edit(
                actor=_actor(request), employee=employee, lineage=lineage, data=_action_input(request.POST)
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, ACTION_SAVED)
            return _back(employee)
    context = _action_form_context(employee, values, error, action)
    return render(request, "web/development/plan_action.html", context, status=400 if error else 200)


@require_POST
def plan_action_remove(request: HttpRequest, number: str, lineage: uuid.UUID) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    try:
        plan_actions.action_remove(actor=_actor(request), employee=employee, lineage=lineage)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTION_REMOVED)
    return _back(employee)


@form_page
def plan_action_progress(request: HttpRequest, number: str, lineage: uuid.UUID) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    action = _known_action(employee, lineage)
    require(plans.may_take(request.user, employee, action.version.plan.status, Action.UPDATE_ACTION))
    error = ""
    values = {"status": "", "evidence": "", "outcome": "", "date": today().isoformat()}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:4000] for k in values}
        try:
            plan_actions.action_update_record(
                actor=_actor(request),
                employee=employee,
                lineage=lineage,
                status=values["status"],
                evidence=values["evidence"],
                outcome=values["outcome"],
                date=_date(values["date"]),
            )
        except ValidationFailed as exc:
            error = str(exc)
        else:
            messages.success(request, PROGRESS_SAVED)
            return _back(employee)
    context = {
        "e": employee,
        "action": action,
        "values": values,
        "error": error,
        "statuses": ActionUpdate.Status.choices,
        "history": ActionUpdate.objects.filter(lineage=lineage).select_related("recorded_by"),
    }
    return render(request, "web/development/plan_progress.html", context, status=400 if error else 200)


# -- version history -------------------------------------------------------------------------------


@read_only
def plan_history(request: HttpRequest, number: str) -> HttpResponse:
    """Every agreed version of the person's plans (and the open draft), newest first, each with what changed
    since the version before it."""
    employee = access_plan_employee(request.user, number)
    as_of = today()
    blocks = []
    for plan in DevelopmentPlan.objects.filter(employee=employee).select_related("closed_by"):
        ordered = sorted(plan_versions(plan), key=lambda v: v.number)
        updates = latest_action_updates({a.lineage for v in ordered for a in v.actions.all()})
        previous = None
        rows = []
        for v in ordered:
            snapshot = version_snapshot(v)
            changes = version_changes(previous, snapshot) if previous is not None else []
            rows.append(
                {
                    "version": v,
                    "target": target_text(v, as_of),
                    "goals": list(v.goals.all()),
                    "actions": action_rows(v, updates),
                    "changes": changes,
                }
            )
            if v.state != PlanVersion.State.DRAFT:
                previous = snapshot
        blocks.append({"plan": plan, "versions": list(reversed(rows))})
    context = {"e": employee, "blocks": blocks}
    return render(request, "web/development/plan_history.html", context)


# -- the landing -----------------------------------------------------------------------------------

LIST_ROLES = {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR}
COUNT_STATES = [(s, STATE_LABELS[s]) for s in ("draft", "active", "closed")]


def _count_rows() -> list[tuple]:
    return [(c, [(label, c.by_state.get(s, 0)) for s, label in COUNT_STATES]) for c in plan_counts(today())]


@read_only
def landing(request: HttpRequest) -> HttpResponse:
    """An agent sees their own page; a lead sees their team, a head their department (read), HR everyone
    (filtered by department and state); management (and HR) the counts."""
    require(can_open_development(request.user))
    user = request.user
    roles = user_roles(user)
    me = user_employee(user)
    lists = bool(roles & LIST_ROLES)
    counts = can_see_development_counts(user)
    if not lists and not counts:  # an agent (a mentor too): their own development page, here
        require(me is not None and bool(roles))
        from serviceladder.web.views.development import person_development

        return person_development(request, me.number)
    rows, departments = [], []
    department, state = request.GET.get("department", ""), request.GET.get("state", "")
    if lists:
        people = employees_with_development_visible_to(user).filter(leave_date__isnull=True)
        if me is not None:
            people = people.exclude(pk=me.pk)
        if Role.HR in roles:
            departments = [(d.code, pick(d.name_zh, d.name_en)) for d in Department.objects.all()]
            if department:
                people = people.filter(team__department__code=department)
        rows = plan_rows(people)
        if state in STATE_LABELS:
            rows = [r for r in rows if r.state == state]
    context = {
        "own_page": me.number if me is not None and can_see_plan(user, me) else "",
        "lists": lists,
        "rows": rows,
        "departments": departments,
        "department": department,
        "states": [(k, str(v)) for k, v in STATE_LABELS.items()],
        "state": state,
        "counts": _count_rows() if counts else None,
        "count_states": COUNT_STATES,
        "hosted": list(actions_hosted_by(user)),
        "export_query": _export_query(department, state),
    }
    return render(request, "web/development/landing.html", context)


def _export_query(department: str, state: str) -> str:
    """The landing's filters for its download links (web/views/development_export.py)."""
    query = QueryDict(mutable=True)
    if department:
        query["department"] = department
    if state in STATE_LABELS:
        query["state"] = state
    return query.urlencode()
