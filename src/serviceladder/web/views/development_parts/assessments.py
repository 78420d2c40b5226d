"""The assessments section of a person's development page: the latest assessment per step (a radar chart
and its numbers), how each gap moved over time, and the buttons to rate or to choose peers."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from serviceladder.accounts.scoping import (
    can_confirm_competencies,
    can_edit_own_development,
    can_lead_development,
)
from serviceladder.development.selectors.assessments import person_assessments
from serviceladder.development.services.assessments import assessment_rounds_close
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.web.radar import Series, radar_svg
from serviceladder.web.views.development_parts import Part


def number(value) -> str:
    """A proficiency or a gap as shown: whole numbers plain, peer averages with one decimal, — for none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return str(value)


def gap_text(value) -> str:
    """A gap (required − assessed) with its sign: +1 is one short of the profile, −1 one above it."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "−"
    return sign + number(abs(value))


def group_labels() -> dict[str, str]:
    return {
        "required": _("Required"),
        "self": pgettext("rater group", "Self"),
        "superior": pgettext("rater group", "Superior"),
        "peer": _("Peers (average)"),
    }


def radar_for(view, labels: dict[str, str]):
    rows = view.rows
    series = [Series("required", labels["required"], [r.required for r in rows])]
    values = {
        "self": [r.own for r in rows],
        "superior": [r.superior for r in rows],
        "peer": [r.peer for r in rows],
    }
    for group in view.groups():
        series.append(Series(group, labels[group], values[group]))
    title = _("Required and assessed proficiency for %(level)s") % {"level": view.level_name}
    return radar_svg(
        chart_id=f"radar-{view.assessment.pk}", title=title, axes=[r.name for r in rows], series=series
    )


def shown_rows(view) -> list[dict]:
    return [
        {
            "name": r.name,
            "code": r.code,
            "required": r.required,
            "own": number(r.own),
            "superior": number(r.superior),
            "peer": number(r.peer),
            "own_gap": gap_text(r.self_gap),
            "superior_gap": gap_text(r.superior_gap),
            "peer_gap": gap_text(r.peer_gap),
            "own_note": r.self_note,
            "superior_note": r.superior_note,
        }
        for r in view.rows
    ]


def history_tables(data, *, only: str | None = None, at_least: int = 2) -> list[dict]:
    """One table per step assessed at least `at_least` times (only the step `only`, when given):
    competency rows, one column per assessment."""
    out = []
    for target, rows in data.history.items():
        dates = [p.on for p in rows[0].points] if rows else []
        if len(dates) < at_least or (only is not None and target != only):
            continue
        out.append(
            {
                "level": data.level_names.get(target, target),
                "code": target,
                "dates": dates,
                "rows": [
                    {
                        "name": row.name,
                        "cells": [
                            {
                                "own": gap_text(p.self_gap),
                                "superior": gap_text(p.superior_gap),
                                "peer": gap_text(p.peer_gap),
                            }
                            for p in row.points
                        ],
                    }
                    for row in rows
                ],
            }
        )
    return out


def peer_rating_on() -> bool:
    try:
        return policy_in_force(today()).development.peer_rating.enabled
    except NoPolicyInForce:
        return False


def part(request, employee) -> Part | None:
    assessment_rounds_close(today(), employee=employee)
    data = person_assessments(request.user, employee)
    if data is None:
        return None
    labels = group_labels()
    latest = [
        {"v": v, "radar": radar_for(v, labels), "rows": shown_rows(v), "groups": v.groups()}
        for v in data.latest
    ]
    context = {
        "e": employee,
        "latest": latest,
        "labels": labels,
        "history": history_tables(data),
        "can_rate_self": can_edit_own_development(request.user, employee),
        "can_rate_superior": can_confirm_competencies(request.user, employee),
        "can_choose_peers": can_lead_development(request.user, employee) and peer_rating_on(),
    }
    return Part("web/development/_assessments.html", context)


def case_history(request, employee, target_code: str, *, reviewer: bool) -> dict | None:
    """The person's assessment history for the step of a promotion application, for its case page: shown
    to whoever reads the person's development record, and to the application's reviewers (`reviewer`);
    None for anyone else or when the step was never assessed."""
    from serviceladder.development.selectors.assessments import (
        PersonAssessments,
        assessment_views,
        gap_history,
    )

    data = person_assessments(request.user, employee)
    if data is None and reviewer:
        views = assessment_views(employee)
        data = PersonAssessments(
            latest=[],
            history=gap_history(views),
            level_names={v.assessment.target_level_code: v.level_name for v in views},
        )
    if data is None:
        return None
    tables = history_tables(data, only=target_code, at_least=1)
    return {"tables": tables, "labels": group_labels()} if tables else None
