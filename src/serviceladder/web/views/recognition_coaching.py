"""Coaching pages (issue 15 item 4): the coach's list of tasks, and a task with its evidence, the metric
before and after, and the forms to record the session, dismiss, acknowledge, follow up and make a goal.
Thin: access through accounts.scoping and the coaching selectors, writes through the coaching services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import can_coach, employees_visible_to, user_employee
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.core.i18n import pick
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.policy.validation import COACHING_METRICS
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.selectors import coaching as selectors
from serviceladder.recognition.services import coaching as services
from serviceladder.rules.explain import format_metric, render_check
from serviceladder.web.access import require
from serviceladder.web.charts import line_chart
from serviceladder.web.labels import RECOGNITION_VALUES, metric_label
from serviceladder.web.methods import form_page, read_only

RECORDED = gettext_lazy("The coaching session is recorded; %(name)s is asked to acknowledge it.")
ACKNOWLEDGED = gettext_lazy("You acknowledged the coaching session.")
DISMISSED = gettext_lazy("The coaching task is dismissed.")
FOLLOWED_UP = gettext_lazy("The follow-up is recorded.")
GOAL_MADE = gettext_lazy("The coaching action is now a goal in the draft of the development plan.")
ACTIONS = ("record", "dismiss", "acknowledge", "follow_up", "goal")
LIST_LIMIT = 200


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _lang() -> str:
    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


def task_row(task: CoachingTask) -> dict:
    """What a list shows of a task: who, the metric, the month, the evidence in words, the state."""
    check = selectors.evidence_check(task)
    return {
        "task": task,
        "url": reverse("coaching_task", args=[task.pk]),
        "metric": metric_label(task.metric),
        "evidence": render_check(check, _lang()) if check else "",
        "state": task.get_state_display(),
    }


@read_only
def coaching_list(request: HttpRequest) -> HttpResponse:
    """The coach's tasks: open first, then sessions awaiting acknowledgment, then the rest."""
    require(selectors.coached_scope(request.user) is not None)
    tasks = list(
        selectors.tasks_to_coach(request.user).order_by("-month", "employee__name", "pk")[:LIST_LIMIT]
    )
    groups = [
        (_("Open"), [task_row(t) for t in tasks if t.state == CoachingTask.State.OPEN]),
        (
            _("Session recorded, awaiting acknowledgment"),
            [task_row(t) for t in tasks if t.state == CoachingTask.State.RECORDED],
        ),
        (
            _("Acknowledged or dismissed"),
            [
                task_row(t)
                for t in tasks
                if t.state in (CoachingTask.State.ACKNOWLEDGED, CoachingTask.State.DISMISSED)
            ],
        ),
    ]
    return render(request, "web/recognition/coaching_list.html", {"groups": groups, "total": len(tasks)})


def _series(task: CoachingTask) -> dict:
    rows = selectors.task_series(task, today())
    lang = _lang()
    values = [r.value for r in rows]
    present = [v for v in values if v is not None]
    chart = ""
    if present:
        low, high = min(present), max(present)
        # Some room around the figures, never so little that a wobble looks like a cliff.
        pad = max((high - low) * 0.25, abs(high) * 0.05, 0.01)
        y_min, y_max = low - pad, high + pad
        chart = line_chart(
            title=_("%(metric)s by month, before and after the coaching task")
            % {"metric": metric_label(task.metric)},
            labels=[r.month for r in rows],
            values=values,
            y_min=y_min,
            y_max=y_max,
            y_ticks=[y_min, (y_min + y_max) / 2, y_max],
            fmt=lambda v: format_metric(task.metric, v, lang),
        )
    phases = {
        "before": _("before the task"),
        "trigger": _("the month the rule fired"),
        "after": _("after the task"),
    }
    return {
        "rows": [
            {"month": r.month, "value": format_metric(task.metric, r.value, lang), "phase": phases[r.phase]}
            for r in rows
        ],
        "chart": chart,
    }


def _shown_coach(user, task: CoachingTask):
    """The coach, for a reader who may find them in the directory."""
    coach = selectors.coach_of(task.employee)
    if coach is None or not employees_visible_to(user).filter(pk=coach.pk).exists():
        return None
    return coach


def _competencies() -> list[tuple[str, str]]:
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        return []
    return [(c.code, pick(c.name_zh, c.name_en)) for c in policy.competencies]


def _rule_kind(task: CoachingTask) -> str:
    """What kind of policy rule opened the task, in words (the policy's code is shown next to it, small)."""
    kind = "below_threshold" if (task.evidence or {}).get("clause") == "metric_below_streak" else "drop"
    return str(RECOGNITION_VALUES["kind"][kind])


def _page(request, task: CoachingTask, *, error: str = "", posted=None, status: int = 200) -> HttpResponse:
    user = request.user
    me = user_employee(user)
    coach = can_coach(user, task.employee)
    state = task.state
    S = CoachingTask.State
    done = state in (S.RECORDED, S.ACKNOWLEDGED)
    check = selectors.evidence_check(task)
    competencies = _competencies()
    follow_up_days = services.follow_up_days_in_force(today())
    context = {
        "task": task,
        "e": task.employee,
        "coach_person": _shown_coach(user, task),
        "metric": metric_label(task.metric),
        "rule_kind": _rule_kind(task),
        "evidence": render_check(check, _lang()) if check else "",
        "series": _series(task),
        "focus_metric": metric_label(task.focus_metric) if task.focus_metric else "",
        "focus_competency": dict(competencies).get(task.focus_competency, task.focus_competency),
        "can_record": coach and state == S.OPEN,
        "can_dismiss": coach and state == S.OPEN,
        "can_acknowledge": me is not None and me.pk == task.employee_id and state == S.RECORDED,
        "can_follow_up": coach and done and task.followed_up_on is None,
        "can_make_goal": coach and done and task.goal_lineage is None,
        "goal_url": reverse("goal_detail", args=[task.employee.number, task.goal_lineage])
        if task.goal_lineage
        else "",
        "metrics": [(m, metric_label(m)) for m in COACHING_METRICS],
        "competencies": competencies,
        "follow_up_days": follow_up_days,
        "today": today().isoformat(),
        "wellbeing_case_url": _wellbeing_case_url(user, task.employee),
        "wellbeing_signal": _wellbeing_signal(user, task),
        "error": error,
        "posted": posted or {},
    }
    return render(request, "web/recognition/coaching_task.html", context, status=status)


def _wellbeing_case_url(user, employee) -> str:
    """The person's open wellbeing case, for a reader who may see it (issue 16: coaching links the signal)."""
    from serviceladder.accounts.scoping import can_see_wellbeing_case
    from serviceladder.wellbeing.selectors.cases import open_case_of

    if not can_see_wellbeing_case(user, employee):
        return ""
    case = open_case_of(employee)
    return reverse("wellbeing_case", args=[case.pk]) if case is not None else ""


def _wellbeing_signal(user, task: CoachingTask) -> dict | None:
    """The wellbeing signal that fired on the task's metric in its month (the same kernel clause), for a
    reader who may see the person's wellbeing (the selector decides)."""
    from serviceladder.wellbeing.selectors.coaching import signal_for_coaching

    found = signal_for_coaching(user, task)
    if found is None:
        return None
    return {"signal": found.signal, "month": found.month, "url": found.url, "reason": found.reason(_lang())}


@form_page
def coaching_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(request.user, pk)
    if request.method != "POST":
        return _page(request, task)
    action = request.POST.get("action", "")
    post = request.POST
    actor = _actor(request)
    try:
        if action == "record":
            services.coaching_session_record(
                actor=actor,
                task=task,
                session_on=post.get("session_on", ""),
                focus_metric=post.get("focus_metric", ""),
                focus_competency=post.get("focus_competency", ""),
                agreed=post.get("agreed", "")[:4000],
                follow_up_on=post.get("follow_up_on", ""),
            )
            messages.success(request, RECORDED % {"name": task.employee.name})
        elif action == "dismiss":
            services.coaching_dismiss(actor=actor, task=task, reason=post.get("reason", "")[:4000])
            messages.success(request, DISMISSED)
        elif action == "acknowledge":
            services.coaching_acknowledge(actor=actor, task=task, comment=post.get("comment", "")[:4000])
            messages.success(request, ACKNOWLEDGED)
        elif action == "follow_up":
            services.coaching_follow_up(actor=actor, task=task, note=post.get("note", "")[:4000])
            messages.success(request, FOLLOWED_UP)
        elif action == "goal":
            services.coaching_make_goal(actor=actor, task=task)
            messages.success(request, GOAL_MADE)
        else:
            return _page(request, task, error=_("Unknown action."), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        task.refresh_from_db()
        return _page(request, task, error=str(exc), posted=post, status=400)
    return redirect("coaching_task", pk=task.pk)
