"""A leaver's open enrolments (learning.services.sessions.leavers_enrolments_cancel, the daily step
"learning.leavers"): cancelled on the leave date, not before; a seat goes to the waiting list; finished
enrolments stay as they are; the history reads the reason in the reader's language; running again does
nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.daily.registry import steps
from serviceladder.learning.models import Enrolment
from serviceladder.learning.services import sessions as S
from tests.learning.enrol_setup import add_trainer, classroom, enrolled, session_of

pytestmark = pytest.mark.django_db


def states_of(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).state for e in enrolments]


def test_a_leavers_seat_goes_to_the_waiting_list_on_the_leave_date(org, client_for):
    course = classroom()
    add_trainer(org, course)
    other = classroom("escalations", name_zh="升级处理", name_en="Escalations")
    session = session_of(course, capacity=1)
    leaver_number = "E2004"
    seat, waiting = enrolled(org, leaver_number, course), enrolled(org, "E2003", course)
    hr = Actor(user=org.users["hr"])
    S.enrolment_book(actor=hr, enrolment=seat, session=session)
    S.enrolment_book(actor=hr, enrolment=waiting, session=session)
    finished = enrolled(org, leaver_number, other)
    finished.state = Enrolment.State.COMPLETED
    finished.save(update_fields=["state"])
    today = timezone.localdate()
    leaver = org.employees[leaver_number]
    leaver.leave_date = today + dt.timedelta(days=2)
    leaver.save(update_fields=["leave_date"])

    assert S.leavers_enrolments_cancel(today + dt.timedelta(days=1)) == {"cancelled": 0}
    assert states_of(seat, waiting) == ["scheduled", "waitlisted"]

    assert steps()["learning.leavers"](today + dt.timedelta(days=2)) == {"cancelled": 1}
    assert states_of(seat, waiting, finished) == ["cancelled", "scheduled", "completed"]
    audit = AuditEvent.objects.get(action="learning.enrolment_cancel", object_id=str(seat.pk))
    assert audit.actor is None and audit.after["left_on"] == leaver.leave_date.isoformat()
    assert S.leavers_enrolments_cancel(today + dt.timedelta(days=3)) == {"cancelled": 0}

    page = client_for("hr", language="zh-hans").get(reverse("learning_enrolment", args=[seat.pk]))
    assert "已离职" in page.content.decode()
    page = client_for("hr").get(reverse("learning_enrolment", args=[waiting.pk]))
    assert "a seat from the waiting list" in page.content.decode()
