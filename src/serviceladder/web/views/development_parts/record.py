"""The record section of a person's development page: contributions and achievements with their evidence;
"add" for the person and their lead or HR, "change" for whoever recorded one, or HR. A mentor does not see
it (unless they may read the whole development record anyway)."""

from __future__ import annotations

from serviceladder.development.selectors.record import contributions_of, may_add_to_record
from serviceladder.recognition.selectors.received import record_entries
from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    rows = contributions_of(request.user, employee)
    if rows is None:
        return None
    return Part(
        "web/development/_record.html",
        {
            "e": employee,
            "rows": rows,
            "can_add": may_add_to_record(request.user, employee),
            # recognition received (issue 15): entries of the record, from the recognition app
            "recognition": record_entries(request.user, employee) or [],
        },
    )
