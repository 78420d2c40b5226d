"""Wellbeing case pages (issue 16 item 3): opening a case on a person's warning, and the case itself — the
signals it answers (the kernel's stored checks, in words), its phase, actions with owner and due date,
follow-ups, outcome and the close form, with links to the development plan and the open coaching tasks.
Thin: access through accounts.scoping and the case selectors, writes through the case services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import (
    access_employee,
    can_open_wellbeing_case,
    can_see_development,
    can_see_wellbeing_case,
)
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.org.selectors import today
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.selectors.coaching import tasks_of
from serviceladder.rules.explain import render_check
from serviceladder.web.access import require
from serviceladder.web.methods import form_page
from serviceladder.wellbeing.models import Activity, Case, CaseAction
from serviceladder.wellbeing.models.assessment import Risk
from serviceladder.wellbeing.models.cases import ActionKind, Phase
from serviceladder.wellbeing.selectors import cases as selectors
from serviceladder.wellbeing.services import cases as services

OPENED = gettext_lazy("The wellbeing case is open. Plan its actions below.")
ALREADY = gettext_lazy("%(name)s already has an open wellbeing case.")
ACTION_ADDED = gettext_lazy("The action is planned.")
ACTION_DONE = gettext_lazy("The action is marked done.")
FOLLOWED_UP = gettext_lazy("The follow-up is recorded.")
CLOSED = gettext_lazy("The wellbeing case is closed.")
INPUT_LIMIT = 8000


def _lang() -> str:
    return "zh" if (get_language() or "").lower().startswith("zh") else "en"


def signal_rows(assessment, codes=None) -> list[dict]:
    """The fired signals of an assessment (only `codes` when given) in words: code, level, explanation."""
    lang = _lang()
    rows = []
    for s in selectors.fired_signals(assessment, codes):
        level = s["level"] if s["level"] in Risk.values else ""
        rows.append(
            {
                "signal": s["signal"],
                "level": level,
                "level_label": Risk(level).label if level else "",
                "text": render_check(s["check"], lang) if s["check"] else "",
            }
        )
    return rows


def case_signal_rows(case: Case) -> list[dict]:
    """The signals the case answers, from the stored checks of its assessment; a code given by hand (no
    assessment) is shown as it is."""
    rows = signal_rows(case.assessment, case.signals) if case.assessment else []
    shown = {r["signal"] for r in rows}
    rows += [
        {"signal": c, "level": "", "level_label": "", "text": ""} for c in case.signals if c not in shown
    ]
    return rows


def _activities(employee) -> list[Activity]:
    """Coming team activities the person could join: their team's, their department's, the organisation's."""
    from django.db.models import Q
    from django.utils import timezone

    team = employee.team
    scope = Q(team__isnull=True, department__isnull=True)
    if team is not None:
        scope |= Q(team=team) | Q(department_id=team.department_id, team__isnull=True)
    return list(Activity.objects.filter(scope, cancelled=False, starts_at__gte=timezone.now())[:50])


def _case_page(request, case: Case, *, error: str = "", posted=None, status: int = 200) -> HttpResponse:
    user = request.user
    e = case.employee
    run = can_open_wellbeing_case(user, e)
    is_open = case.state == Case.State.OPEN
    day = today()
    actions = selectors.case_actions(case)
    action_rows = [
        {
            "a": a,
            "kind": ActionKind(a.kind).label,
            "overdue": a.done_on is None and a.due_on < day,
            "can_done": is_open and a.done_on is None and (run or a.owner_id == user.pk),
        }
        for a in actions
    ]
    plan_url = reverse("person_development", args=[e.number]) if can_see_development(user, e) else ""
    coaching = [
        {"task": t, "url": reverse("coaching_task", args=[t.pk])}
        for t in tasks_of(user, e).filter(state__in=[CoachingTask.State.OPEN, CoachingTask.State.RECORDED])
    ]
    context = {
        "case": case,
        "e": e,
        "signals": case_signal_rows(case),
        "phase": Phase(case.phase).label,
        "actions": action_rows,
        "pending": sum(1 for a in actions if a.done_on is None),
        "follow_ups": list(case.follow_ups.select_related("author")),
        "can_run": run and is_open,
        "kinds": ActionKind.choices,
        "owners": selectors.owner_choices(e) if run and is_open else [],
        "activities": _activities(e) if run and is_open else [],
        "reasons": Case.CloseReason.choices,
        "plan_url": plan_url,
        "coaching": coaching,
        "today": day.isoformat(),
        "error": error,
        "posted": posted or {},
    }
    return render(request, "web/wellbeing/case.html", context, status=status)


def _owner(case: Case, raw: str):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return next((u for u in selectors.owner_choices(case.employee) if u.pk == pk), None)


def _activity(raw: str):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return Activity.objects.filter(pk=pk).first()


def _action(case: Case, raw: str) -> CaseAction:
    try:
        return case.actions.get(pk=int(raw))
    except (TypeError, ValueError, CaseAction.DoesNotExist):
        raise NotFoundOrForbidden() from None


@form_page
def wellbeing_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    if request.method != "POST":
        return _case_page(request, case)
    post = request.POST
    action = post.get("action", "")
    user = request.user
    anchor = ""
    try:
        if action == "add_action":
            kind = post.get("kind", "")
            added = services.case_action_add(
                acting_user=user,
                case=case,
                kind=kind,
                owner=_owner(case, post.get("owner", "")),
                due_on=post.get("due_on", ""),
                note=post.get("note", "")[:INPUT_LIMIT],
                activity=_activity(post.get("activity", "")) if kind == ActionKind.TEAM_ACTIVITY else None,
            )
            anchor = f"#action-{added.pk}"
            messages.success(request, ACTION_ADDED)
        elif action == "done":
            done = _action(case, post.get("case_action", ""))
            services.case_action_done(
                acting_user=user, action=done, result=post.get("result", "")[:INPUT_LIMIT]
            )
            anchor = f"#action-{done.pk}"
            messages.success(request, ACTION_DONE)
        elif action == "follow_up":
            services.case_follow_up_add(
                acting_user=user,
                case=case,
                note=post.get("note", "")[:INPUT_LIMIT],
                held_on=post.get("held_on", ""),
            )
            anchor = "#follow-ups"
            messages.success(request, FOLLOWED_UP)
        elif action == "close":
            services.case_close(
                acting_user=user,
                case=case,
                outcome=post.get("outcome", "")[:INPUT_LIMIT],
                reason=post.get("reason", ""),
            )
            messages.success(request, CLOSED)
        else:
            return _case_page(request, case, error=_("Unknown action."), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        case.refresh_from_db()
        return _case_page(request, case, error=str(exc), posted=post, status=400)
    return redirect(reverse("wellbeing_case", args=[case.pk]) + anchor)


@form_page
def wellbeing_case_open(request: HttpRequest, number: str) -> HttpResponse:
    employee = access_employee(request.user, number)
    require(
        can_see_wellbeing_case(request.user, employee) and can_open_wellbeing_case(request.user, employee)
    )
    existing = selectors.open_case_of(employee)
    if existing is not None:
        messages.info(request, ALREADY % {"name": employee.name})
        return redirect("wellbeing_case", pk=existing.pk)
    assessment = selectors.latest_assessment(employee)
    error, posted, status = "", {}, 200
    if request.method == "POST":
        posted = request.POST
        try:
            case = services.case_open(
                acting_user=request.user,
                employee=employee,
                phase=posted.get("phase", ""),
                signals=posted.getlist("signals"),
                summary=posted.get("summary", "")[:INPUT_LIMIT],
                link_plan=posted.get("link_plan") == "on",
            )
        except (PermissionDeniedError, NotFoundOrForbidden):
            raise
        except DomainError as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, OPENED)
            return redirect("wellbeing_case", pk=case.pk)
    context = {
        "e": employee,
        "assessment": assessment,
        "signals": signal_rows(assessment),
        "chosen": set(posted.getlist("signals")) if posted else None,
        "phases": Phase.choices,
        "error": error,
        "posted": posted,
    }
    return render(request, "web/wellbeing/case_open.html", context, status=status)
