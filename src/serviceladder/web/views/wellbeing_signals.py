"""The team wellbeing page and the organisation's heat map (issue 16 "Also"). Thin: access through
accounts.scoping, reads through wellbeing.selectors.assessments, words from wellbeing_parts.signals."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import access_team_wellbeing, can_see_wellbeing_heat_map
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.web.access import require
from serviceladder.web.charts import sparkline
from serviceladder.web.methods import read_only
from serviceladder.web.views.wellbeing_parts import signals as words
from serviceladder.wellbeing.selectors import assessments as selectors

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
HEAT_STEPS = (0.0, 0.1, 0.25, 0.5)  # share of the team's members: the colour steps heat-0 … heat-4


def _case_link(case) -> str | None:
    return words.url_or_none("wellbeing_case", case.pk)


def _cell(assessment, code: str) -> str:
    """One signal in one month: fired, not fired, not enough data, or no assessment ("")."""
    if assessment is None:
        return ""
    if code in (assessment.fired or []):
        return "pass"
    for s in assessment.signals or []:
        if s.get("signal") == code:
            return str(s.get("status", ""))
    return ""


def _person_row(row, view, lang: str) -> dict:
    ex = selectors.explain(row.latest, lang, show_risk=row.show_risk) if row.latest is not None else None
    counts = [len(a.fired or []) if a is not None else None for a in row.history]
    history = []
    for code, kind in view.signals:
        cells = [_cell(a, code) for a in row.history]
        if any(c in ("pass", "insufficient_data") for c in cells):
            metric = ""
            for a in row.history:
                for s in (a.signals if a is not None else None) or []:
                    if s.get("signal") == code:
                        metric = str((s.get("values") or {}).get("metric") or "")
            history.append(
                {
                    "label": words.signal_label(kind, metric, code),
                    "cells": [{"state": c, "text": words.STATUS_LABELS.get(c, "—")} for c in cells],
                }
            )
    return {
        "e": row.employee,
        "ex": ex,
        "stage": words.stage_label(ex.stage) if ex else "",
        "risk": ex.risk if ex else None,
        "risk_label": words.risk_label(ex.risk) if ex and ex.risk else "",
        "fired": words.signal_rows(ex.fired) if ex else [],
        "unknown": words.signal_rows(ex.unknown) if ex else [],
        "month": row.latest.month if row.latest else "",
        "cases": [{"case": c, "url": _case_link(c)} for c in row.open_cases],
        "history": history,
        "trend": sparkline(
            [float(c) if c is not None else None for c in counts],
            title=_("Signals fired per month: %(counts)s")
            % {"counts": ", ".join("—" if c is None else str(c) for c in counts)},
        )
        if row.show_risk
        else "",
    }


@read_only
def team_page(request: HttpRequest, code: str) -> HttpResponse:
    """A team's people: stage and risk with the signals that fired, the last months, open cases."""
    team = access_team_wellbeing(request.user, code)
    policy = words.wellbeing_policy()
    view = selectors.team_view(
        request.user, team, today=today(), agents_see_own_risk=policy.agents_see_own_risk
    )
    lang = words.language()
    rows = [_person_row(r, view, lang) for r in view.rows]
    order = {r.value: i for i, r in enumerate(selectors.RISK_ORDER)}
    rows.sort(key=lambda r: (order.get(r["risk"], len(order)), r["e"].name))
    totals = {r.value: 0 for r in selectors.RISK_ORDER}
    for r in rows:
        if r["risk"] in totals:
            totals[r["risk"]] += 1
    context = {
        "team": team,
        "months": view.months,
        "latest_month": view.months[-1] if view.months else "",
        "rows": rows,
        "totals": [{"risk": r.value, "label": r.label, "n": totals[r.value]} for r in selectors.RISK_ORDER],
        "open_cases": sum(len(r["cases"]) for r in rows),
        "risk_help": [(r.label, words.RISK_HELP[r]) for r in selectors.RISK_ORDER],
        "quiet": [r for r in rows if not r["history"] and r["risk"]],
        "heat_map": can_see_wellbeing_heat_map(request.user),
    }
    return render(request, "web/wellbeing/team.html", context)


def _step(share: float) -> int:
    return sum(1 for s in HEAT_STEPS if share > s)


def _signal_metrics() -> dict[str, str | None]:
    """Signal code → the metric it watches, as the policy in force today words it (a column's heading)."""
    try:
        return {rule.code: rule.metric for rule in policy_in_force(today()).wellbeing.signals}
    except NoPolicyInForce:
        return {}


@read_only
def heat_map_page(request: HttpRequest) -> HttpResponse:
    """Team × signal: the number of people with each signal fired in the month, no names; small teams (and
    their complements) show no counts."""
    require(can_see_wellbeing_heat_map(request.user))
    month = request.GET.get("month", "")
    month = month if _MONTH.fullmatch(month) else None
    hm = selectors.heat_map(request.user, month, min_group=words.min_group())
    watched = _signal_metrics()
    columns = [
        {"code": code, "label": words.signal_label(kind, watched.get(code) or "", code)}
        for code, kind in hm.signals
    ]
    rows = []
    for r in hm.rows:
        cells = [{"n": r.counts.get(c["code"], 0), "step": _step(r.share(c["code"]))} for c in columns]
        rows.append({"row": r, "cells": cells})
    context = {
        "hm": hm,
        "columns": columns,
        "rows": rows,
        "steps": [
            _("none"),
            _("up to 10 %"),
            _("10–25 %"),
            _("25–50 %"),
            _("over 50 %"),
        ],
    }
    return render(request, "web/wellbeing/heat_map.html", context)
