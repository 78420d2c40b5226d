"""Pulse pages (issue 16 item 4): a person's answer form (one address for answering, sharing and taking a
share back, so not even the server's request log tells them apart), HR's cycles, the results of closed
cycles for HR, management and department heads (suppressed groups named with the reason, never a number)
with their export, and a lead's list of the answers their people shared with them. Thin: access through
accounts.scoping, reads through the pulse selectors, writes through the pulse services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from serviceladder.accounts.scoping import (
    can_answer_pulse,
    can_manage_pulse,
    can_see_pulse_results,
    can_see_pulse_shared,
    pulse_lead_of,
    user_employee,
)
from serviceladder.audit.services import Actor
from serviceladder.core import spreadsheet_safety
from serviceladder.core.errors import DomainError, NotFoundOrForbidden, PermissionDeniedError
from serviceladder.core.i18n import pick
from serviceladder.org.selectors import today
from serviceladder.web.access import require
from serviceladder.web.methods import form_page, read_only
from serviceladder.wellbeing.engine import pulse_suppression as engine
from serviceladder.wellbeing.errors_pulse import SAVE_FAILED, PulseSaveFailed
from serviceladder.wellbeing.models import PulseCycle
from serviceladder.wellbeing.selectors import pulse as selectors
from serviceladder.wellbeing.selectors import pulse_results as results_selectors
from serviceladder.wellbeing.services import pulse as services

ANSWERED = gettext_lazy("Thank you: your answer is recorded anonymously.")
SHARED = gettext_lazy("Thank you: your answer is recorded and shared with %(name)s.")
REVOKED = gettext_lazy("Your shared answer is taken back; %(name)s no longer sees it.")
SCHEDULED = gettext_lazy("The pulse of %(month)s is scheduled.")
OPENED = gettext_lazy("The pulse of %(month)s is open.")
CLOSED = gettext_lazy("The pulse of %(month)s is closed; its results can be read now.")
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FOLDED_REASONS = {
    ("team", engine.FEW_ANSWERS): gettext_lazy("fewer than %(min)s answers — folded into the department"),
    ("team", engine.FEW_MEMBERS): gettext_lazy("fewer than %(min)s members — folded into the department"),
    ("team", engine.COMPLEMENTARY): gettext_lazy(
        "hidden together with a smaller team, so that neither can be worked out — folded into the department"
    ),
    ("team", engine.PARENT_HIDDEN): gettext_lazy("its department is folded into the organisation"),
    ("department", engine.FEW_ANSWERS): gettext_lazy(
        "fewer than %(min)s answers — folded into the organisation"
    ),
    ("department", engine.COMPLEMENTARY): gettext_lazy(
        "hidden together with a smaller department, so that neither can be worked out — folded into the "
        "organisation"
    ),
    ("department", engine.PARENT_HIDDEN): gettext_lazy("fewer than %(min)s answers in the organisation"),
}


def _actor(request) -> Actor:
    return Actor(user=request.user, channel="web")


def _question_rows(cycle: PulseCycle) -> list[dict]:
    return [
        {"code": q["code"], "name": f"q-{q['code']}", "text": pick(q.get("zh", ""), q.get("en", ""))}
        for q in cycle.questions
    ]


def _answer_page(request, *, error: str = "", posted=None, status: int = 200) -> HttpResponse:
    cycle = selectors.open_cycle()
    mine = selectors.my_pulse(request.user, cycle) if cycle is not None else None
    me = user_employee(request.user)
    lead = pulse_lead_of(me) if me is not None else None
    posted = posted or {}
    questions = _question_rows(cycle) if cycle is not None else []
    for q in questions:
        q["posted"] = str(posted.get(q["name"], ""))
    context = {
        "cycle": cycle,
        "mine": mine,
        "lead": lead,
        "questions": questions,
        "scale": [(1, _("strongly disagree")), (2, ""), (3, ""), (4, ""), (5, _("strongly agree"))],
        "comment_limit": services.COMMENT_LIMIT,
        "min_group": services.min_group_in_force(today()),
        "error": error,
        "posted": posted,
    }
    return render(request, "web/wellbeing/pulse_answer.html", context, status=status)


@form_page
@sensitive_post_parameters()
@sensitive_variables()
def pulse_answer(request: HttpRequest) -> HttpResponse:
    """Answer the open pulse, share the answer with the lead, or take a share back. Nothing about the
    request is logged beyond its path and status; an unexpected failure is reported without its cause."""
    require(can_answer_pulse(request.user))
    if request.method != "POST":
        return _answer_page(request)
    cycle = selectors.open_cycle()
    if cycle is None:
        return _answer_page(request, error=_("No pulse is open now."), status=400)
    post = request.POST
    action = post.get("action", "")
    me = user_employee(request.user)
    lead = pulse_lead_of(me) if me is not None else None
    failed = False
    try:
        if action == "answer":
            values = {q["code"]: post.get(f"q-{q['code']}", "") for q in cycle.questions}
            services.pulse_answer(
                actor=_actor(request),
                cycle=cycle,
                values=values,
                comment=post.get("comment", "")[: services.COMMENT_LIMIT * 2],
                choice=post.get("choice", ""),
            )
            if post.get("choice") == services.SHARED and lead is not None:
                messages.success(request, SHARED % {"name": lead.name})
            else:
                messages.success(request, ANSWERED)
        elif action == "revoke":
            services.pulse_share_revoke(actor=_actor(request), cycle=cycle)
            messages.success(request, REVOKED % {"name": lead.name if lead else "—"})
        else:
            return _answer_page(request, error=_("Unknown action."), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _answer_page(request, error=str(exc), posted=post, status=400)
    except Exception:  # noqa: BLE001 — re-raised below, outside this block, so it carries no chain
        failed = True
    if failed:
        raise PulseSaveFailed(str(SAVE_FAILED))
    return redirect("pulse_answer")


# --- HR: cycles ----------------------------------------------------------------------------------------


def _next_month(day: dt.date) -> str:
    return f"{day.year + day.month // 12:04d}-{day.month % 12 + 1:02d}"


def _cycles_page(request, *, error: str = "", posted=None, status: int = 200) -> HttpResponse:
    cycles = list(selectors.cycles_with_counts())
    context = {
        "cycles": cycles,
        "next_month": _next_month(today()),
        "open_days": services.open_days_in_force(today()),
        "error": error,
        "posted": posted or {},
    }
    return render(request, "web/wellbeing/pulse_cycles.html", context, status=status)


@form_page
def pulse_cycles(request: HttpRequest) -> HttpResponse:
    require(can_manage_pulse(request.user))
    if request.method != "POST":
        return _cycles_page(request)
    post = request.POST
    action = post.get("action", "")
    try:
        if action == "schedule":
            cycle = services.pulse_cycle_schedule(
                actor=_actor(request), month=post.get("month", ""), opens_on=post.get("opens_on", "")
            )
            messages.success(request, SCHEDULED % {"month": cycle.month})
        elif action in ("open", "close"):
            cycle = selectors.cycle_get(post.get("cycle"))
            if action == "open":
                services.pulse_cycle_open(actor=_actor(request), cycle=cycle)
                messages.success(request, OPENED % {"month": cycle.month})
            else:
                services.pulse_cycle_close(actor=_actor(request), cycle=cycle)
                messages.success(request, CLOSED % {"month": cycle.month})
        else:
            return _cycles_page(request, error=_("Unknown action."), status=400)
    except (PermissionDeniedError, NotFoundOrForbidden):
        raise
    except DomainError as exc:
        return _cycles_page(request, error=str(exc), posted=post, status=400)
    return redirect("pulse_cycles")


# --- results ---------------------------------------------------------------------------------------------


def _chosen_cycle(request, closed: list[PulseCycle]) -> PulseCycle | None:
    wanted = request.GET.get("cycle", "")
    for cycle in closed:
        if str(cycle.pk) == wanted:
            return cycle
    return closed[0] if closed else None


def _folded_text(group, min_group: int) -> str:
    return str(FOLDED_REASONS[(group.level, group.reason)]) % {"min": min_group}


THEMES = {
    "exhaustion": gettext_lazy("Exhaustion"),
    "achievement": gettext_lazy("Achievement"),
    "path_clarity": gettext_lazy("Clear path"),
    "respect": gettext_lazy("Respect"),
}


def _short_question(q: dict) -> str:
    """A column heading: the theme's name (the question's code for a theme of its own)."""
    theme = THEMES.get(q.get("theme", ""))
    return str(theme) if theme is not None else q["code"]


def _group_title(group) -> str:
    if group.level == results_selectors.ORGANISATION:
        return _("The whole organisation")
    if group.level == results_selectors.TEAM:
        return f"{group.name} · {group.department}"
    return group.name


@read_only
def pulse_results(request: HttpRequest) -> HttpResponse:
    require(can_see_pulse_results(request.user))
    closed = list(results_selectors.closed_cycles()[:24])
    cycle = _chosen_cycle(request, closed)
    context = {"closed": closed, "cycle": cycle}
    if cycle is not None:
        results = results_selectors.cycle_results(request.user, cycle)
        trend_cycles = list(reversed(closed[:6]))
        months = [c.month for c in trend_cycles]
        heads = [_short_question(q) for q in cycle.questions]
        context.update(
            {
                "results": results,
                "groups": [
                    {
                        "title": _group_title(g),
                        "g": g,
                        "cells": list(zip(heads, g.distributions, strict=True)),
                    }
                    for g in results.shown
                ],
                "question_heads": heads,
                "benchmark_code": next(
                    (
                        q["code"]
                        for q in cycle.questions
                        if q.get("theme") == results_selectors.BENCHMARK_THEME
                    ),
                    "",
                ),
                "folded": [
                    {"title": _group_title(g), "reason": _folded_text(g, results.min_group)}
                    for g in results.folded
                ],
                "trend_months": months,
                "trend": [
                    {"title": _group_title(row), "points": list(zip(months, row.points, strict=True))}
                    for row in results_selectors.trend(request.user, trend_cycles)
                ]
                if len(trend_cycles) > 1
                else [],
                "comments": results_selectors.comments_by_department(request.user, results),
                "can_export": bool(results.shown),
            }
        )
    return render(request, "web/wellbeing/pulse_results.html", context)


def export_rows(user, cycle: PulseCycle) -> tuple[list[str], list[list]]:
    """The shown groups of a closed cycle, one row per group and question (the page's suppression)."""
    results = results_selectors.cycle_results(user, cycle)
    header = [
        _("Month"),
        _("Group"),
        _("Department"),
        _("Team"),
        _("Answers"),
        _("Question"),
        "1",
        "2",
        "3",
        "4",
        "5",
        _("Share answering 4–5 (%)"),
        _("Mean"),
    ]
    levels = {"organisation": _("organisation"), "department": _("department"), "team": _("team")}
    rows = []
    for g in results.shown:
        department = g.department if g.level == "team" else (g.name if g.level == "department" else "")
        team = g.name if g.level == "team" else ""
        for d in g.distributions:
            rows.append(
                [
                    cycle.month,
                    levels[g.level],
                    department,
                    team,
                    g.answers,
                    d.text,
                    *d.counts,
                    d.high_share,
                    d.mean,
                ]
            )
    return header, rows


@read_only
def pulse_results_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(can_see_pulse_results(request.user))
    closed = list(results_selectors.closed_cycles()[:24])
    cycle = _chosen_cycle(request, closed)
    if cycle is None:
        raise NotFoundOrForbidden()
    header, rows = export_rows(request.user, cycle)
    if fmt == "csv":
        data = spreadsheet_safety.csv_bytes(header, rows, bom=True)
    else:
        data = spreadsheet_safety.xlsx_bytes(header, rows, title=_("Pulse results"))
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="pulse-{cycle.month}.{fmt}"'
    return response


# --- a lead's shared answers ------------------------------------------------------------------------------


@read_only
def pulse_shared(request: HttpRequest) -> HttpResponse:
    require(can_see_pulse_shared(request.user))
    rows = []
    for shared in selectors.shared_with(request.user):
        texts = {q["code"]: pick(q.get("zh", ""), q.get("en", "")) for q in shared.cycle.questions}
        rows.append(
            {
                "s": shared,
                "answers": [(texts.get(code, code), value) for code, value in shared.values.items()],
            }
        )
    return render(request, "web/wellbeing/pulse_shared.html", {"rows": rows})
