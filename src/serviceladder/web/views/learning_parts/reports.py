"""The Learning area's section on learning reports: on the landing, the reader's overview (completion rate
and what is overdue in their scope) with a link to the reports page; on a person's page, their learning in
figures and their exam results (learning.selectors.reports.history)."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_see_learning_reports
from serviceladder.learning.selectors import reports
from serviceladder.org.selectors import today
from serviceladder.web.views.learning_parts import Part


def part(request, employee) -> Part | None:
    """The person's learning in figures (open, overdue, valid completions) and their exam results. The page
    has already checked the reader sees the person's learning record."""
    h = reports.history(request.user, employee, as_of=today())
    return Part("web/learning/_reports_part.html", {"h": h})


def landing(request) -> Part | None:
    """Leads, heads, HR and management: the overview of their scope and the link to the reports."""
    if not can_see_learning_reports(request.user):
        return None
    return Part("web/learning/_reports_landing.html", {"total": reports.totals(request.user, as_of=today())})
