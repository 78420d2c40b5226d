"""GET /api/people/{number}/conversations — a person's career conversations (shared notes, topics,
agreed actions, next date) and what is due. Private notes are never in the API, for anyone.

Who may ask: whoever may read the person's development record (accounts.scoping); anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from serviceladder.accounts.scoping import access_employee, can_see_development
from serviceladder.api.schemas import ERRORS
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.development.selectors.conversations import conversations_for, due_for
from serviceladder.org.selectors import today

router = Router(tags=["development"])


class ConversationOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    topics: list[str]
    shared_notes: str
    next_on: dt.date | None
    recorded_by: str
    agreed_actions: list[str]


class DueOut(Schema):
    kind: str  # conversation, direction_review, first_plan
    due: dt.date
    overdue: bool


class ConversationsOut(Schema):
    employee: str
    due: list[DueOut]
    conversations: list[ConversationOut]


@router.get(
    "/{number}/conversations",
    response={200: ConversationsOut, **ERRORS},
    url_name="person_conversations",
    summary="Career conversations of one person (shared notes only) and what is due",
)
def person_conversations(request, number: str):
    user = request.auth
    employee = access_employee(user, number)
    if not can_see_development(user, employee):
        raise NotFoundOrForbidden()
    as_of = today()
    return {
        "employee": employee.number,
        "due": [
            {"kind": d.kind, "due": d.due, "overdue": d.overdue(as_of)}
            for d in due_for(employee, as_of) or []
        ],
        "conversations": [
            {
                "id": c.pk,
                "kind": c.kind,
                "held_on": c.held_on,
                "topics": c.topics,
                "shared_notes": c.shared_notes,
                "next_on": c.next_on,
                "recorded_by": c.author_label,
                "agreed_actions": c.actions,
            }
            for c in conversations_for(user, employee)
        ],
    }
