"""Recognition (issue 15, item 2):
- GET  /api/people/{number}/recognition — what a person received (the person and whoever reads their
  performance record; hidden ones, with `hidden` and the reason, only for their lead, head and HR);
- POST /api/people/{number}/recognition — give recognition {category, text} (any member of staff with an
  employee record, never to themselves);
- POST /api/recognition/{id}/hide and /show — {reason} (the person's lead or head, HR).

A person the caller may not see is 404; the services decide the rest (400 for bad input, 403 not allowed).
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from serviceladder.accounts.scoping import access_employee, can_give_recognition
from serviceladder.api.schemas import ERRORS
from serviceladder.audit.services import Actor
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.org.models import Employee
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.selectors.received import (
    RecognitionRow,
    access_recognition,
    from_label,
    received_by,
)
from serviceladder.recognition.services.recognition import (
    RecognitionNotAllowed,
    recognition_give,
    recognition_hide,
    recognition_show,
)

people_router = Router(tags=["recognition"])
router = Router(tags=["recognition"])


class RecognitionOut(Schema):
    id: int
    employee: str
    category: str
    source: str  # colleague, lead, customer
    text: str
    date: dt.date
    from_name: str  # the giver's name, or "A customer (reference)"
    customer_reference: str
    hidden: bool
    hidden_reason: str


class ReceivedOut(Schema):
    employee: str
    count: int  # visible ones (what counts)
    items: list[RecognitionOut]


class GiveIn(Schema):
    category: str
    text: str


class ReasonIn(Schema):
    reason: str


def _out(r: Recognition, label: str) -> dict:
    return {
        "id": r.pk,
        "employee": r.recipient.number,
        "category": r.category,
        "source": r.source,
        "text": r.text,
        "date": r.date,
        "from_name": label,
        "customer_reference": r.customer_reference,
        "hidden": r.hidden_at is not None,
        "hidden_reason": r.hidden_reason,
    }


def _row(row: RecognitionRow) -> dict:
    return _out(row.recognition, row.from_label)


@people_router.get(
    "/{number}/recognition",
    response={200: ReceivedOut, **ERRORS},
    url_name="person_recognition_list",
    summary="Recognition one person received (hidden ones only for their lead, head and HR)",
)
def person_recognition_list(request, number: str):
    employee = access_employee(request.auth, number)
    rows = received_by(request.auth, employee)
    if rows is None:
        raise NotFoundOrForbidden()
    return {
        "employee": employee.number,
        "count": sum(1 for r in rows if not r.hidden),
        "items": [_row(r) for r in rows],
    }


@people_router.post(
    "/{number}/recognition",
    response={201: RecognitionOut, **ERRORS},
    url_name="person_recognition_give",
    summary="Give a colleague recognition: category (customer_praise, helping_colleague, knowledge_base, "
    "going_beyond) and a short text",
)
def person_recognition_give(request, number: str, payload: GiveIn):
    if not can_give_recognition(request.auth):
        raise RecognitionNotAllowed()
    employee = Employee.objects.select_related("team__department").filter(number=number).first()
    if employee is None:
        raise NotFoundOrForbidden()
    r = recognition_give(
        actor=Actor(user=request.auth, channel="api"),
        recipient=employee,
        category=payload.category,
        text=payload.text,
    )
    return Status(201, _out(r, from_label(r)))


@router.post(
    "/{recognition_id}/hide",
    response={200: RecognitionOut, **ERRORS},
    url_name="recognition_hide",
    summary="Hide an abusive recognition with a reason (the person's lead or head, HR)",
)
def recognition_hide_api(request, recognition_id: int, payload: ReasonIn):
    r = access_recognition(request.auth, recognition_id)
    r = recognition_hide(actor=Actor(user=request.auth, channel="api"), recognition=r, reason=payload.reason)
    return _out(r, from_label(r))


@router.post(
    "/{recognition_id}/show",
    response={200: RecognitionOut, **ERRORS},
    url_name="recognition_show",
    summary="Show a hidden recognition again, with a reason (the person's lead or head, HR)",
)
def recognition_show_api(request, recognition_id: int, payload: ReasonIn):
    r = access_recognition(request.auth, recognition_id)
    r = recognition_show(actor=Actor(user=request.auth, channel="api"), recognition=r, reason=payload.reason)
    return _out(r, from_label(r))
