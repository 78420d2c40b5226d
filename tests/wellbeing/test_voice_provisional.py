"""Provisional answer deadlines: an item whose deadline reaches into a year the holiday calendar has no
official schedule for is accepted (never refused for an admin gap), counted on weekends only for that year
and flagged everywhere the deadline shows; HR is asked to import the year; the import recounts the open
items' deadlines (audited, the submitter told once and only when the date moves); escalation keeps using
the due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.notifications.models import Notification
from serviceladder.org.imports.report import ImportRejected
from serviceladder.todos.registry import items_for
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.services import voice as svc
from serviceladder.wellbeing.todos_voice import CALENDAR
from serviceladder.workcalendar.models import CalendarYear
from serviceladder.workcalendar.services import calendar_import
from tests.wellbeing.voice_helpers import actor, load_voice_policy, raise_item

pytestmark = pytest.mark.django_db

RAISED = dt.date(2026, 12, 20)  # a Sunday: ten working days reach into 2027
WEEKENDS_ONLY = dt.date(2027, 1, 1)  # 21–25, 28–31 December, then Friday 1 January counted as a working day
OFFICIAL = dt.date(2027, 1, 4)  # New Year's Day is off on the official schedule: Monday 4 January
SCHEDULE_2027 = "date,kind,name\n2027-01-01,休,元旦\n2027-02-08,off,春节\n".encode()
LATER_ONLY_2027 = "date,kind,name\n2027-10-01,off,国庆节\n".encode()
PROVISIONAL_EN = "(provisional: the 2027 holiday calendar is not official yet)"


@pytest.fixture(autouse=True)
def _no_2027():
    # The installed package knows up to 2026; make sure no earlier test run made 2027 official.
    CalendarYear.objects.filter(calendar="CN", year__gte=2027).delete()


def _import(org, data: bytes):
    return calendar_import(actor=Actor(org.users["hr"], channel="cli"), data=data, file_name="cn2027.csv")


def test_an_item_reaching_into_an_unofficial_year_is_accepted_with_a_provisional_deadline(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    item.refresh_from_db()
    assert item.due_on == WEEKENDS_ONLY
    assert item.due_provisional_years == [2027] and item.due_provisional
    assert timezone.localdate(item.submitted_at) == RAISED  # recounted later from the day it was raised
    event = AuditEvent.objects.get(action="voice.submit")
    assert event.after["due_provisional_years"] == [2027]
    note = Notification.objects.get(kind="voice.submitted")
    assert "2027-01-01" in str(note.body) and "provisional" in str(note.body)


def test_a_deadline_inside_official_years_is_not_provisional(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=dt.date(2026, 12, 1))
    assert item.due_on == dt.date(2026, 12, 15) and item.due_provisional_years == []


def test_importing_the_year_recounts_the_deadline_clears_the_flag_and_tells_the_submitter_once(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    answered = raise_item(org, day=RAISED)
    svc.voice_answer(actor=actor(org, "department_head"), item=answered, answer="好")
    Notification.objects.all().delete()

    _import(org, SCHEDULE_2027)

    item.refresh_from_db()
    assert item.due_on == OFFICIAL and item.due_provisional_years == []
    answered.refresh_from_db()
    assert answered.due_provisional_years == [2027]  # a closed item keeps what it had
    event = AuditEvent.objects.get(action="voice.recompute_due")
    assert event.object_id == str(item.pk)
    assert event.before == {"due_on": "2027-01-01", "due_provisional_years": [2027]}
    assert event.after["due_on"] == "2027-01-04" and event.after["due_provisional_years"] == []
    assert "排班" not in str(event.before) + str(event.after)  # ids and dates, never the content
    moved = Notification.objects.filter(kind="voice.due_moved")
    assert [n.recipient for n in moved] == [org.users["agent"]]
    assert "2027-01-04" in str(moved[0].body) and "2027-01-01" in str(moved[0].body)

    _import(org, SCHEDULE_2027)  # importing again changes nothing and tells nobody
    assert AuditEvent.objects.filter(action="voice.recompute_due").count() == 1
    assert Notification.objects.filter(kind="voice.due_moved").count() == 1


def test_when_the_official_schedule_keeps_the_date_only_the_flag_goes_and_nobody_is_told(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    Notification.objects.all().delete()
    _import(org, LATER_ONLY_2027)
    item.refresh_from_db()
    assert item.due_on == WEEKENDS_ONLY and item.due_provisional_years == []
    assert AuditEvent.objects.filter(action="voice.recompute_due").count() == 1
    assert not Notification.objects.exists()


def test_a_rejected_import_leaves_the_deadline_provisional(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    with pytest.raises(ImportRejected):
        _import(org, "date,kind,name\n2027-01-01,休,元旦\n2027-13-01,off,bad\n".encode())
    item.refresh_from_db()
    assert item.due_on == WEEKENDS_ONLY and item.due_provisional_years == [2027]
    assert not AuditEvent.objects.filter(action="voice.recompute_due").exists()


def test_escalation_uses_the_due_date_and_happens_once(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    assert svc.voice_escalate_due(WEEKENDS_ONLY) == {"escalated": 0}
    assert svc.voice_escalate_due(WEEKENDS_ONLY + dt.timedelta(days=1)) == {"escalated": 1}
    _import(org, SCHEDULE_2027)  # the date moves later; the escalation stands and is not repeated
    item.refresh_from_db()
    assert item.due_on == OFFICIAL and item.escalated_at is not None
    assert svc.voice_escalate_due(OFFICIAL + dt.timedelta(days=1)) == {"escalated": 0}
    assert AuditEvent.objects.filter(action="voice.escalate").count() == 1


def test_hr_gets_a_to_do_to_import_the_year_until_it_is_official(org):
    load_voice_policy(org, days=10)
    raise_item(org, day=RAISED)
    todos = [t for t in items_for(org.users["hr"]) if t.kind == CALENDAR]
    assert len(todos) == 1
    assert str(todos[0].title) == "Import the official 2027 holiday calendar"
    assert not [t for t in items_for(org.users["department_head"]) if t.kind == CALENDAR]
    _import(org, SCHEDULE_2027)
    assert not [t for t in items_for(org.users["hr"]) if t.kind == CALENDAR]


def test_no_to_do_once_the_provisional_item_is_closed(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    svc.voice_withdraw(actor=actor(org, "agent"), item=item)
    assert not [t for t in items_for(org.users["hr"]) if t.kind == CALENDAR]


def test_the_pages_and_the_api_say_the_deadline_is_provisional(org, client_for, client):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=RAISED)
    agent = client_for("agent")
    for url in (reverse("voice_item", args=[item.pk]), reverse("voice_mine")):
        page = agent.get(url).content.decode()
        assert "2027-01-01" in page and PROVISIONAL_EN in page
    inbox = client_for("hr").get(reverse("voice_inbox")).content.decode()
    assert PROVISIONAL_EN in inbox
    client.force_login(org.users["agent"])
    row = client.get("/api/wellbeing/voice").json()[0]
    assert row["due_provisional_years"] == [2027]
    assert row["due_text"] == "2027-01-01 " + PROVISIONAL_EN
    _import(org, SCHEDULE_2027)
    page = agent.get(reverse("voice_item", args=[item.pk])).content.decode()
    assert "2027-01-04" in page and PROVISIONAL_EN not in page
    assert client.get("/api/wellbeing/voice").json()[0]["due_provisional_years"] == []


def test_a_year_beyond_any_known_schedule_is_accepted_too(org):
    load_voice_policy(org, days=10)
    item = raise_item(org, day=dt.date(2090, 12, 28))
    assert item.due_provisional_years == [2090, 2091]
    assert VoiceItem.objects.count() == 1
