"""/api/wellbeing/voice — the voice channel (issue 16 item 5), scoped as the web pages.

GET /api/wellbeing/voice: the caller's own items (status, due date, answer). POST: raise an item (staff with
an employee record; named, or anonymous to everyone but HR). GET /api/wellbeing/voice/inbox: the items the
caller works on or oversees (owner, addressed department's head, escalation target; HR all), filtered like
the inbox page; an anonymous submitter is named only to HR ("submitter": null otherwise). Bad input is a 400
problem and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from serviceladder.accounts.scoping import (
    can_open_voice_inbox,
    can_submit_voice,
    may_see_voice_submitter,
)
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.org.selectors import today
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.selectors import voice as sel
from serviceladder.wellbeing.services import voice as svc

router = Router(tags=["wellbeing"])


class VoiceItemOut(Schema):
    id: int
    kind: str
    addressed_to: str
    department: str | None
    anonymous: bool
    submitter: str | None  # an employee number; null when the caller may not know it
    subject: str
    body: str
    state: str
    due_on: dt.date
    due_provisional_years: list[int] = Field(
        description="Years of the holiday calendar the deadline was counted in on weekends only (not "
        "official yet); empty when the date is final. Recounted when HR imports the year."
    )
    due_text: str = Field(
        description="The deadline as shown, in the caller's language (says when it is provisional)."
    )
    overdue: bool
    owner: str | None
    submitted_at: dt.datetime
    escalated_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    published: bool


class VoiceItemIn(Schema):
    kind: str
    addressed_to: str = "hr"
    anonymous: bool = False
    subject: str
    body: str


def _out(user, item: VoiceItem, day: dt.date) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "addressed_to": item.addressed_to,
        "department": item.department.code if item.department_id else None,
        "anonymous": item.anonymous,
        "submitter": item.submitter.number if may_see_voice_submitter(user, item) else None,
        "subject": item.subject,
        "body": item.body,
        "state": item.state,
        "due_on": item.due_on,
        "due_provisional_years": list(item.due_provisional_years),
        "due_text": str(sel.item_due_text(item)),
        "overdue": sel.is_overdue(item, day),
        "owner": item.owner.get_username() if item.owner_id else None,
        "submitted_at": item.submitted_at,
        "escalated_at": item.escalated_at,
        "answer": item.answer,
        "answered_at": item.answered_at,
        "published": item.published,
    }


@router.get(
    "/voice",
    response={200: list[VoiceItemOut], **ERRORS},
    url_name="voice_items",
    summary="The caller's own voice items, newest first",
)
def my_items(request):
    if not can_submit_voice(request.auth):
        raise PermissionDeniedError()
    day = today()
    return [_out(request.auth, i, day) for i in sel.my_items(request.auth)]


@router.post(
    "/voice",
    response={201: VoiceItemOut, **ERRORS},
    url_name="voice_submit",
    summary="Raise a voice item (named, or anonymous to everyone but HR)",
)
def submit(request, payload: VoiceItemIn):
    item = svc.voice_submit(
        actor=Actor(user=request.auth, channel="api"),
        kind=payload.kind,
        addressed_to=payload.addressed_to,
        anonymous=payload.anonymous,
        subject=payload.subject,
        body=payload.body,
    )
    return Status(201, _out(request.auth, item, today()))


@router.get(
    "/voice/inbox",
    response={200: list[VoiceItemOut], **ERRORS},
    url_name="voice_inbox",
    summary="Voice items the caller answers or oversees, oldest due first",
)
def inbox(request, state: str = "open", addressed_to: str = "", kind: str = "", overdue: bool = False):
    if not can_open_voice_inbox(request.auth):
        raise PermissionDeniedError()
    day = today()
    filters = sel.InboxFilters(state=state, addressed_to=addressed_to, kind=kind, overdue=overdue)
    return [_out(request.auth, i, day) for i in sel.inbox(request.auth, filters, day)]
