"""SMART goal pages (issue 14 item 3): the goal list in the plan section, the add/edit form (also reached from
"make this a goal" on My path, pre-filled from the unmet condition), the goal page with its progress,
check-ins and judgement. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from serviceladder.accounts.scoping import (
    access_plan_employee,
    can_lead_development,
    can_see_performance,
    can_see_plan,
    employees_visible_to,
)
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.development.models import Goal, GoalJudgement, PlanVersion
from serviceladder.development.models.plans import Horizon
from serviceladder.development.selectors.goals import (
    find_goal,
    goal_views,
    judged_on_text,
    plan_goal_versions,
    version_goals,
)
from serviceladder.development.services.goals import (
    AGGREGATIONS,
    COMPARISONS,
    GOAL_METRICS,
    GoalInput,
    goal_add,
    goal_check_in,
    goal_edit,
    goal_judge,
    goal_remove,
    may_change_goals,
    policy_value_text,
)
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.rules.clauses import PASS
from serviceladder.rules.explain import format_date
from serviceladder.rules.periods import add_months
from serviceladder.web.access import require
from serviceladder.web.labels import metric_label, operator_label
from serviceladder.web.methods import form_page, read_only

ADDED = gettext_lazy("Goal added to the plan's draft.")
SAVED = gettext_lazy("Goal saved in the plan's draft.")
REMOVED = gettext_lazy("Goal removed from the plan's draft.")
CHECKED_IN = gettext_lazy("Check-in recorded.")
JUDGED = gettext_lazy("Judgement recorded.")
AGGREGATION_LABELS = {
    "mean": gettext_lazy("average over the window"),
    "every_month": gettext_lazy("every month of the window"),
    "worst_month": gettext_lazy("the worst month of the window"),
    "latest": gettext_lazy("the latest month"),
}
DEFAULT_MONTHS_AHEAD = 3


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def clause_text(clause: dict) -> str:
    """ "First-contact resolution at least 85% · average over 3 months · at least 30 contacts a month"."""
    if not clause:
        return ""
    metric = clause["metric"]
    value = policy_value_text(metric, Decimal(str(clause["value"])))
    parts = [f"{metric_label(metric)} {operator_label(clause['comparison'])} {value}"]
    window = int(clause["window"])
    parts.append(
        _("%(how)s, %(months)s months") % {"how": AGGREGATION_LABELS[clause["aggregation"]], "months": window}
    )
    if int(clause.get("min_sample") or 0):
        parts.append(_("at least %(n)s in the sample each month") % {"n": clause["min_sample"]})
    return " · ".join(parts)


@dataclasses.dataclass
class Row:
    view: object
    clause: str
    due: str
    url: str
    judged_on: str


def _measure_unless_said(goal) -> str:
    """The measure under a goal's statement, unless the statement already says it word for word (a goal made
    from My path starts with it), so the list does not repeat it."""
    text = clause_text(goal.clause)
    return "" if text and text in goal.statement else text


def _rows(employee: Employee, views) -> list[Row]:
    return [
        Row(
            view=v,
            clause=_measure_unless_said(v.goal),
            due=v.goal.due_date.isoformat(),  # as the plan's actions and the record write dates
            url=reverse("goal_detail", args=[employee.number, v.lineage]),
            judged_on=judged_on_text(v),
        )
        for v in views
    ]


def _lang() -> str:
    from django.utils.translation import get_language

    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


def goals_context(request: HttpRequest, employee: Employee, version: PlanVersion | None = None) -> dict:
    """The context of web/development/_goals.html: the goals of `version` (by default the draft being
    changed, else the agreed version in force) with their progress today. A goal keeps its lineage across
    versions, so its check-ins and judgement show in either. The caller has checked can_see_plan."""
    agreed, draft = plan_goal_versions(employee)
    version = version or draft or agreed
    views = goal_views(version_goals(version), today()) if version is not None else []
    return {
        "e": employee,
        "version": version,
        "rows": _rows(employee, views),
        "can_change": may_change_goals(request.user, employee),
        "figures": can_see_performance(request.user, employee),
        "new_url": reverse("goal_new", args=[employee.number]),
        "draft_of_agreed": draft is not None and agreed is not None and version == draft,
    }


def make_goal_links(request: HttpRequest, employee: Employee, steps: list, as_of: dt.date) -> list:
    """My path: each unmet condition of each step gets a "make this a goal" link, for the person and their
    lead (and only on today's page: a goal starts today)."""
    if as_of != today() or not may_change_goals(request.user, employee):
        return steps
    base = reverse("goal_new", args=[employee.number])
    out = []
    for step in steps:
        rows = []
        for row, check in zip(step.checks, step.decision.checks, strict=True):
            if check.status != PASS and step.under_way is None:
                query = urlencode({"to": step.to_code, "clause": check.clause, "key": check.key})
                row = dataclasses.replace(row, goal_url=f"{base}?{query}")
            rows.append(row)
        out.append(dataclasses.replace(step, checks=rows))
    return out


# --- the form ------------------------------------------------------------------------------------------


def _prefill_from_condition(request: HttpRequest, employee: Employee) -> dict:
    """The goal form's initial values from an unmet condition on My path (?to=LEVEL&clause=…&key=…): the
    policy clause's parameters copied, the due date when the condition could be met (else 3 months)."""
    from serviceladder.eligibility.selectors import eligibility_for_person
    from serviceladder.web.views.eligibility import Names, check_title

    to, clause, key = (request.GET.get(k, "") for k in ("to", "clause", "key"))
    if not to or not clause:
        return {}
    try:
        result = eligibility_for_person(request.user, employee, as_of=today())
    except DomainError:
        return {}
    decision = next((d for d in result.decisions if d.to_level == to), None)
    if decision is None:
        return {}
    check = next((c for c in decision.checks if c.clause == clause and c.key == key), None)
    if check is None:
        return {}
    names = Names(result.policy)
    language = _lang()
    due = check.earliest or add_months(today(), DEFAULT_MONTHS_AHEAD)
    level = names.level(to)
    out = {
        "due_date": due.isoformat(),
        "source_step": f"{decision.from_level}→{to}",
        "source_clause": f"{clause}:{key}" if key else clause,
        "source_text": _("%(condition)s, a condition for %(level)s")
        % {
            "condition": check_title(clause, key, language),
            "level": level,
        },
    }
    if clause == "metric_threshold":
        transition = next(
            t for t in result.policy.transitions if t.from_level == decision.from_level and t.to_level == to
        )
        m = next(m for m in transition.conditions.metric_thresholds if m.metric == key)
        out.update(
            measure="metric",
            metric=m.metric,
            comparison=m.comparison,
            value=policy_value_text(m.metric, m.value),
            window=str(m.window),
            aggregation=m.aggregation,
            min_sample=str(m.min_sample),
        )
        out["statement"] = _("%(condition)s for %(level)s") % {
            "condition": clause_text(
                {
                    "metric": m.metric,
                    "comparison": m.comparison,
                    "value": str(m.value),
                    "window": m.window,
                    "aggregation": m.aggregation,
                    "min_sample": m.min_sample,
                }
            ),
            "level": level,
        }
    else:
        out.update(
            measure="manual",
            statement=_("Meet the condition %(condition)s for %(level)s: %(what)s")
            % {
                "condition": check_title(clause, key, language),
                "level": level,
                "what": names.explain(check, language),
            },
            done_when=_("My path shows the condition %(condition)s as met.")
            % {"condition": check_title(clause, key, language)},
        )
    return out


FIELDS = (
    "statement",
    "due_date",
    "measure",
    "horizon",
    "owner",
    "metric",
    "comparison",
    "value",
    "window",
    "aggregation",
    "min_sample",
    "done_when",
    "source_step",
    "source_clause",
)


def _initial_from_goal(goal: Goal) -> dict:
    c = goal.clause or {}
    out = {
        "statement": goal.statement,
        "due_date": goal.due_date.isoformat(),
        "measure": goal.measure,
        "horizon": goal.horizon,
        "owner": goal.owner.number,
        "done_when": goal.done_when,
        "source_step": goal.source_step,
        "source_clause": goal.source_clause,
    }
    if c:
        out.update(
            metric=c["metric"],
            comparison=c["comparison"],
            value=policy_value_text(c["metric"], Decimal(str(c["value"]))),
            window=str(c["window"]),
            aggregation=c["aggregation"],
            min_sample=str(c["min_sample"]),
        )
    return out


def _owners(user, employee: Employee) -> list[Employee]:
    """The person, and their team lead where the reader may see the lead in the directory."""
    lead = employee.team.lead if employee.team_id and employee.team.lead_id else None
    if lead is None or lead.pk == employee.pk or not employees_visible_to(user).filter(pk=lead.pk).exists():
        return [employee]
    return [employee, lead]


def _input(post, owners: list[Employee]) -> GoalInput:
    owner = next((o for o in owners if o.number == post.get("owner")), None)
    return GoalInput(
        statement=post.get("statement", "")[:2000],
        due_date=post.get("due_date", ""),
        measure=post.get("measure", ""),
        horizon=post.get("horizon", ""),
        owner=owner,
        metric=post.get("metric", ""),
        comparison=post.get("comparison", ""),
        value=post.get("value", ""),
        window=post.get("window", ""),
        aggregation=post.get("aggregation", ""),
        min_sample=post.get("min_sample", "") or "0",
        done_when=post.get("done_when", "")[:300],
        source_step=post.get("source_step", ""),
        source_clause=post.get("source_clause", ""),
    )


def _form(request, employee, *, goal: Goal | None) -> HttpResponse:
    owners = _owners(request.user, employee)
    error = ""
    if request.method == "POST":
        data = _input(request.POST, owners)
        try:
            if goal is None:
                saved = goal_add(actor=_actor(request), employee=employee, data=data)
                messages.success(request, ADDED)
            else:
                saved = goal_edit(actor=_actor(request), employee=employee, lineage=goal.lineage, data=data)
                messages.success(request, SAVED)
        except (PermissionDeniedError, NotFoundOrForbidden):
            raise
        except DomainError as exc:
            error = str(exc)
            values = {k: request.POST.get(k, "") for k in FIELDS}
        else:
            return redirect("goal_detail", number=employee.number, lineage=saved.lineage)
    elif goal is not None:
        values = _initial_from_goal(goal)
    else:
        values = {
            "measure": "metric",
            "comparison": ">=",
            "window": "3",
            "aggregation": "mean",
            "min_sample": "0",
            "due_date": add_months(today(), DEFAULT_MONTHS_AHEAD).isoformat(),
            "owner": employee.number,
        }
        values.update(_prefill_from_condition(request, employee))
    context = {
        "e": employee,
        "goal": goal,
        "v": values,
        "error": error,
        "owners": owners,
        "metrics": [(m, metric_label(m)) for m in GOAL_METRICS],
        "comparisons": [(c, operator_label(c)) for c in COMPARISONS],
        "aggregations": [(a, AGGREGATION_LABELS[a]) for a in AGGREGATIONS],
        "horizons": Horizon.choices,
        "plan_url": reverse("person_development", args=[employee.number]),
    }
    return render(request, "web/development/goal_form.html", context, status=400 if error else 200)


@form_page
def goal_new(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(may_change_goals(request.user, employee))
    return _form(request, employee, goal=None)


def _goal_or_404(employee: Employee, lineage) -> Goal:
    try:
        lineage = uuid.UUID(str(lineage))
    except ValueError:
        raise Http404 from None
    goal = find_goal(employee, lineage)
    if goal is None:
        raise Http404
    return goal


@form_page
def goal_edit_page(request: HttpRequest, number: str, lineage) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(may_change_goals(request.user, employee))
    _agreed, draft = plan_goal_versions(employee)
    goal = _goal_or_404(employee, lineage)
    if draft is not None:
        goal = draft.goals.select_related("owner").filter(lineage=goal.lineage).first() or goal
    return _form(request, employee, goal=goal)


@require_POST
def goal_remove_page(request: HttpRequest, number: str, lineage) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(may_change_goals(request.user, employee))
    goal = _goal_or_404(employee, lineage)
    try:
        goal_remove(actor=_actor(request), employee=employee, lineage=goal.lineage)
    except NotFoundOrForbidden:
        raise Http404 from None
    messages.success(request, REMOVED)
    return redirect("person_development", number=employee.number)


# --- the goal page --------------------------------------------------------------------------------------


def _detail(request, employee, goal, *, error: str = "", posted=None, status: int = 200) -> HttpResponse:
    [view] = goal_views([goal], today())
    [row] = _rows(employee, [view])
    agreed, draft = plan_goal_versions(employee)
    in_draft = draft is not None and draft.goals.filter(lineage=goal.lineage).exists()
    can_change = may_change_goals(request.user, employee)
    can_judge = (
        goal.measure == Goal.Measure.MANUAL
        and view.judgement is None
        and goal.version.state == PlanVersion.State.AGREED
        and today() >= goal.due_date
        and can_lead_development(request.user, employee)
    )
    context = {
        "e": employee,
        "goal": goal,
        "row": row,
        "view": view,
        "figures": can_see_performance(request.user, employee),
        "can_change": can_change and view.judgement is None,
        "can_remove": can_change and view.judgement is None and (in_draft or draft is None),
        "can_check_in": can_change and goal.measure == Goal.Measure.MANUAL and view.judgement is None,
        "can_judge": can_judge,
        "judgements": [(s, label) for s, label in GoalJudgement.Status.choices],
        "in_force": agreed is not None and goal.version_id == agreed.pk,
        "in_draft": in_draft,
        "today": today().isoformat(),
        "error": error,
        "posted": posted or {},
        "plan_url": reverse("person_development", args=[employee.number]),
        "as_of": format_date(view.as_of, _lang()) if view.as_of else "",
    }
    return render(request, "web/development/goal_detail.html", context, status=status)


@read_only
def goal_detail(request: HttpRequest, number: str, lineage) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(can_see_plan(request.user, employee))
    return _detail(request, employee, _goal_or_404(employee, lineage))


@require_POST
def goal_check_in_page(request: HttpRequest, number: str, lineage) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(may_change_goals(request.user, employee))
    goal = _goal_or_404(employee, lineage)
    try:
        goal_check_in(
            actor=_actor(request),
            employee=employee,
            lineage=goal.lineage,
            date=request.POST.get("date", ""),
            percent_done=request.POST.get("percent_done", ""),
            note=request.POST.get("note", "")[:4000],
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _detail(request, employee, goal, error=str(exc), posted=request.POST, status=400)
    messages.success(request, CHECKED_IN)
    return redirect("goal_detail", number=employee.number, lineage=goal.lineage)


@require_POST
def goal_judge_page(request: HttpRequest, number: str, lineage) -> HttpResponse:
    employee = access_plan_employee(request.user, number)
    require(can_lead_development(request.user, employee))
    goal = _goal_or_404(employee, lineage)
    try:
        goal_judge(
            actor=_actor(request),
            employee=employee,
            lineage=goal.lineage,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", "")[:2000],
        )
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _detail(request, employee, goal, error=str(exc), posted=request.POST, status=400)
    messages.success(request, JUDGED)
    return redirect("goal_detail", number=employee.number, lineage=goal.lineage)
