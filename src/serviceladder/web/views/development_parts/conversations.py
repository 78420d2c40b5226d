"""The conversations section of a person's development page: what is due (and overdue), and every
conversation with its shared notes; private notes only for their author and HR."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_lead_development, can_see_development
from serviceladder.development.cadence import CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN
from serviceladder.development.selectors.conversations import conversations_for, due_for
from serviceladder.org.selectors import today
from serviceladder.web.views.development_parts import Part


def part(request, employee) -> Part | None:
    """None for a reader who sees only the plan (a mentor)."""
    if not can_see_development(request.user, employee):
        return None
    as_of = today()
    due = due_for(employee, as_of)
    items = [
        {"kind": d.kind, "due": d.due, "overdue": d.overdue(as_of), "today": d.due == as_of}
        for d in (due or [])
    ]
    return Part(
        "web/development/_conversations.html",
        {
            "e": employee,
            "conversations": conversations_for(request.user, employee),
            "due": items,
            "enabled": due is not None,
            "can_record": can_lead_development(request.user, employee),
            "kinds": {"conversation": CONVERSATION, "review": DIRECTION_REVIEW, "plan": FIRST_PLAN},
        },
    )
