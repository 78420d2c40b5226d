"""The demo's queue figures: one queue per department, offered what its agents handled plus what was
abandoned, so the Queues page has something to show (README "Queues page")."""

from __future__ import annotations

import random

from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS
from serviceladder.metrics.models import QueueMonthlyFigure

# Department code -> the queue it answers (the demo's departments; another code gets "<code> hotline").
QUEUE_NAMES = {"aftersales": "售后热线", "presales": "售前咨询", "complaints": "投诉专线"}


def demo_queue_figures(org, departments: dict) -> list[QueueMonthlyFigure]:
    """Queue figures per department and demo month, from the members' handled contacts (seeded)."""
    rng = random.Random(org.seed * 7919 + 17)
    department_of = {spec.code: spec.department for spec in org.teams}
    handled: dict[tuple[str, str], int] = {}
    for person in org.people:
        department = department_of.get(person.team) if person.team else None
        if department is None:
            continue
        for m in person.metrics:
            handled[(department, m.month)] = handled.get((department, m.month), 0) + m.contacts
    figures = []
    for (code, month), answered in sorted(handled.items()):
        abandoned = round(answered * rng.uniform(0.03, 0.12))
        offered = answered + abandoned
        figures.append(
            QueueMonthlyFigure(
                queue=QUEUE_NAMES.get(code, f"{code} hotline"),
                month=month,
                department=departments[code],
                offered=offered,
                answered=answered,
                abandoned=abandoned,
                unassigned=round(abandoned * rng.uniform(0.4, 0.8)),
                abandon_rate=abandoned / offered if offered else 0.0,
                service_level=rng.uniform(0.72, 0.92) * answered / offered if offered else None,
                params={**DEFAULT_PARAMS.as_json(), "source": "demo"},
            )
        )
    return QueueMonthlyFigure.objects.bulk_create(figures)
