"""GET /api/queues — queue figures per month, scoped exactly as the Queues page.

HR and management see every queue; a department head sees the queues assigned to their department; anyone
else (administrators, team leads, agents) gets 403, as on the page.
"""

from __future__ import annotations

import re

from ninja import Query, Router, Schema

from serviceladder.accounts.scoping import can_see_queues
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.metrics import selectors
from serviceladder.metrics.services import BAD_MONTH

router = Router(tags=["queues"])
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class QueueFigureOut(Schema):
    queue: str
    month: str
    department: str | None  # department code; null when the mapping assigns the queue to none
    offered: int
    answered: int
    abandoned: int
    unassigned: int  # abandoned without an agent (blank or a pseudo agent such as NO_SERVER)
    abandon_rate: float
    service_level: float | None  # null when the export had no first-response times


@router.get(
    "",
    response={200: list[QueueFigureOut], **ERRORS},
    url_name="queues",
    summary="Contacts offered, answered and abandoned per queue and month",
)
def queues_list(request, month: str = Query("", description="YYYY-MM; every month when empty")):
    if not can_see_queues(request.auth):
        raise PermissionDeniedError()
    if month and not _MONTH.fullmatch(month):
        raise ValidationFailed(BAD_MONTH, value=month)
    rows = selectors.queue_figures(request.auth, month=month or None)
    return [
        {
            "queue": r.queue,
            "month": r.month,
            "department": r.department.code if r.department else None,
            "offered": r.offered,
            "answered": r.answered,
            "abandoned": r.abandoned,
            "unassigned": r.unassigned,
            "abandon_rate": r.abandon_rate,
            "service_level": r.service_level,
        }
        for r in rows
    ]
