"""The received section of a person's recognition page: what they received (category, text, from whom, date),
hidden ones only for the people who may hide them, with the hide / show action; and on the landing, the form
link with what the reader gave and received lately."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_give_recognition, user_employee
from serviceladder.recognition.selectors.received import given_by_reader, received_by, received_by_reader
from serviceladder.web.views.recognition_parts import Part


def part(request, employee) -> Part | None:
    rows = received_by(request.user, employee)
    if rows is None:
        return None
    me = user_employee(request.user)
    can_give = can_give_recognition(request.user) and (me is None or me.pk != employee.pk)
    return Part(
        "web/recognition/_received.html",
        {"e": employee, "rows": rows, "can_give": can_give and employee.leave_date is None},
    )


def landing(request) -> Part | None:
    """This topic's block on the Recognition landing, or None for a reader it offers nothing."""
    if not can_give_recognition(request.user):
        return None
    return Part(
        "web/recognition/_received_landing.html",
        {"given": given_by_reader(request.user), "received": received_by_reader(request.user)},
    )
