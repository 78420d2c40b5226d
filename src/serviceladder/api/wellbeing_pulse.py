"""/api/wellbeing/pulse — the results of closed pulse cycles (issue 16 item 4), as the results page shows
them.

GET /api/wellbeing/pulse/results[?month=YYYY-MM]: the shown groups of a closed cycle (the latest by default)
within the caller's scope (HR and management the whole organisation, a department head the organisation line
and their departments), each with its answers, every question's distribution and the exhaustion benchmark;
the folded groups with the reason only, never a number. Anyone else: 403. There is no API to answer the
pulse or to read an answer: answers are given on the web page, whose request body is never logged."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from serviceladder.accounts.scoping import can_see_pulse_results
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError
from serviceladder.wellbeing.selectors import pulse_results as selectors

router = Router(tags=["wellbeing"])


class DistributionOut(Schema):
    question: str
    counts: list[int]  # answers of 1, 2, 3, 4, 5
    share_4_5: Decimal  # per cent
    mean: Decimal


class ShownGroupOut(Schema):
    level: str  # organisation, department, team
    name: str
    department: str
    answers: int
    exhaustion_4_5: Decimal | None
    distributions: list[DistributionOut]


class FoldedGroupOut(Schema):
    level: str
    name: str
    department: str
    reason: str  # few_answers, few_members, complementary, parent_hidden


class PulseResultsOut(Schema):
    month: str
    min_group: int
    benchmark_percent: Decimal
    nothing_shown: bool
    shown: list[ShownGroupOut]
    folded: list[FoldedGroupOut]


@router.get(
    "/pulse/results",
    response={200: PulseResultsOut, **ERRORS},
    url_name="pulse_results",
    summary="Shown results of a closed pulse cycle (suppressed groups with the reason only)",
)
def pulse_results(request, month: str = ""):
    if not can_see_pulse_results(request.auth):
        raise PermissionDeniedError()
    cycles = selectors.closed_cycles()
    cycle = cycles.filter(month=month).first() if month else cycles.first()
    if cycle is None:
        raise NotFoundOrForbidden()
    results = selectors.cycle_results(request.auth, cycle)
    return {
        "month": cycle.month,
        "min_group": results.min_group,
        "benchmark_percent": results.benchmark_percent,
        "nothing_shown": results.nothing_shown,
        "shown": [
            {
                "level": g.level,
                "name": g.name,
                "department": g.department,
                "answers": g.answers,
                "exhaustion_4_5": g.benchmark,
                "distributions": [
                    {"question": d.code, "counts": list(d.counts), "share_4_5": d.high_share, "mean": d.mean}
                    for d in g.distributions
                ],
            }
            for g in results.shown
        ],
        "folded": [
            {"level": g.level, "name": g.name, "department": g.department, "reason": g.reason}
            for g in results.folded
        ],
    }
