"""The wellbeing cases section of the Wellbeing area: a person's cases (for their lead, head and HR — never
the person themselves) with the "Open a case" button, and the landing's block (warnings without a case,
overdue actions, open cases in the reader's scope). Each asks accounts.scoping through the case selectors."""

from __future__ import annotations

from django.db.models import Count, Q

from serviceladder.accounts.scoping import (
    can_open_wellbeing_case,
    can_see_wellbeing_case,
    employees_with_wellbeing_cases_visible_to,
)
from serviceladder.org.selectors import today
from serviceladder.web.views.wellbeing_parts import Part
from serviceladder.wellbeing.models import Case
from serviceladder.wellbeing.models.assessment import Risk
from serviceladder.wellbeing.models.cases import ActionKind, Phase
from serviceladder.wellbeing.selectors import cases as selectors

LANDING_ROWS = 10


def _with_pending(qs):
    return qs.annotate(pending=Count("actions", filter=Q(actions__done_on__isnull=True)))


def part(request, employee) -> Part | None:
    """The person's cases, and the latest "act" warning when no case is open, for whoever may see them."""
    from serviceladder.web.views.wellbeing_cases import signal_rows

    user = request.user
    if not can_see_wellbeing_case(user, employee):
        return None
    cases = list(_with_pending(selectors.cases_of(user, employee))[:50])
    has_open = any(c.state == Case.State.OPEN for c in cases)
    warning = None
    if not has_open:
        assessment = selectors.latest_assessment(employee)
        if assessment is not None and assessment.risk == Risk.ACT:
            warning = {
                "label": Risk(assessment.risk).label,
                "month": assessment.month,
                "signals": signal_rows(assessment),
            }
    return Part(
        "web/wellbeing/_cases_part.html",
        {
            "rows": [{"case": c, "phase": Phase(c.phase).label, "pending": c.pending} for c in cases],
            "warning": warning,
            "can_open": not has_open and can_open_wellbeing_case(user, employee),
            "number": employee.number,
        },
    )


def landing(request) -> Part | None:
    """For a reader of cases: warnings to act on without a case (the people they owe), overdue actions and the
    open cases in their scope; None for everyone else."""
    from serviceladder.development.todos import owed_scope
    from serviceladder.org.models import Employee

    user = request.user
    people = employees_with_wellbeing_cases_visible_to(user)
    visible = selectors.cases_visible_to(user)
    scope = owed_scope(user)
    needing = selectors.people_needing_a_case(Employee.objects.filter(scope)) if scope is not None else []
    open_cases = visible.filter(state=Case.State.OPEN).order_by("-opened_at", "-pk")
    open_count = open_cases.count()
    if not open_count and not needing and not people.exists():
        return None
    overdue = [
        {"a": a, "kind": ActionKind(a.kind).label}
        for a in selectors.overdue_actions(user, today())[:LANDING_ROWS]
    ]
    return Part(
        "web/wellbeing/_cases_landing.html",
        {
            "needing": needing[:LANDING_ROWS],
            "overdue": overdue,
            "open_rows": [{"case": c, "phase": Phase(c.phase).label} for c in open_cases[:LANDING_ROWS]],
            "open_count": open_count,
        },
    )
