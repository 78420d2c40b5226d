"""The development export over the API (issue 14, "Also"): the same records and scope as
`serviceladder development export --format json` (development/selectors/export.py) — one record per person
whose development record the token's user reads, with their goals, or, for management (and HR asking with
`counts=true`), the counts per department. Private notes are never part of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema

from serviceladder.api.schemas import ERRORS
from serviceladder.development.selectors.export import COUNTS, counts_export, export_kind, people_export
from serviceladder.org.selectors import today

router = Router(tags=["development"])


class DevelopmentExportOut(Schema):
    as_of: dt.date
    kind: str  # "people" or "counts"
    people: list[dict[str, Any]] = []
    departments: list[dict[str, Any]] = []


@router.get(
    "/export",
    response={200: DevelopmentExportOut, **ERRORS},
    url_name="development_export",
    summary="Plans with their state, goals with progress and what is due, for everyone the user may read",
)
def development_export(
    request, as_of: dt.date | None = None, department: str | None = None, counts: bool = False
):
    user = request.auth
    day = as_of or today()
    if export_kind(user, counts=counts) == COUNTS:
        return {
            "as_of": day,
            "kind": "counts",
            "departments": counts_export(as_of=day, department=department),
        }
    return {"as_of": day, "kind": "people", "people": people_export(user, as_of=day, department=department)}
