"""The voice channel's services: answer deadlines on the holiday calendar, the steps, withdrawal, escalation
exactly once, anonymity in notifications and the audit log, and failures that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.notifications.models import Notification
from serviceladder.wellbeing import errors_voice as err
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.services import voice as svc
from serviceladder.workcalendar.workdays import chinese_calendar_years
from tests.wellbeing.voice_helpers import actor, load_voice_policy, raise_item

pytestmark = pytest.mark.django_db

ANON_NAME = "李娜"  # E2003, the agent


def _counts():
    return (VoiceItem.objects.count(), AuditEvent.objects.count(), Notification.objects.count())


# --- deadlines on the holiday calendar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "days", "due"),
    [
        # National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
        (dt.date(2025, 9, 26), 10, dt.date(2025, 10, 16)),  # weekends only would give 10 October
        (dt.date(2025, 9, 26), 3, dt.date(2025, 9, 30)),  # the make-up Sunday counts
        (dt.date(2025, 9, 30), 3, dt.date(2025, 10, 11)),  # due on the make-up Saturday
        (dt.date(2025, 10, 3), 1, dt.date(2025, 10, 9)),  # raised during the holiday
        (dt.date(2025, 12, 5), 10, dt.date(2025, 12, 19)),  # an ordinary fortnight
    ],
)
def test_due_date_counts_working_days_of_the_calendar(org, submitted, days, due):
    load_voice_policy(org, days=days)
    item = raise_item(org, day=submitted)
    assert item.due_on == due


def test_without_a_policy_the_default_is_ten_working_days(org):
    item = raise_item(org, day=dt.date(2025, 9, 26))
    assert item.due_on == dt.date(2025, 10, 16)


def test_a_deadline_crossing_into_an_unknown_year_is_provisional_not_refused(org):
    load_voice_policy(org, days=10)
    last_known = max(chinese_calendar_years())
    item = raise_item(org, day=dt.date(last_known, 12, 28))
    assert item.due_provisional_years == [last_known + 1]
    assert item.due_on.year == last_known + 1


# --- submitting -------------------------------------------------------------------------------------------


def test_submit_records_the_item_audits_without_text_and_tells_the_head(org):
    load_voice_policy(org)
    item = raise_item(org, anonymous=True)
    assert item.department == org.departments["a"]
    assert item.state == VoiceItem.State.SUBMITTED
    event = AuditEvent.objects.get(action="voice.submit")
    assert event.employee is None  # anonymous: no person column
    text = str(event.before) + str(event.after) + event.reason
    assert "排班" not in text and "夜班" not in text
    note = Notification.objects.get(kind="voice.submitted")
    assert note.recipient == org.users["department_head"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "rant"}, err.UNKNOWN_KIND),
        ({"subject": "  "}, err.SUBJECT_REQUIRED),
        ({"body": ""}, err.BODY_REQUIRED),
        ({"body": "长" * 5001}, err.TEXT_TOO_LONG),
        ({"to": "ceo"}, err.UNKNOWN_ADDRESSEE),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(org, fields, message):
    load_voice_policy(org)
    before = _counts()
    to = fields.pop("to", "hr")
    with pytest.raises(err.VoiceInvalid) as exc:
        raise_item(org, to=to, **fields)
    assert exc.value.message == message
    assert _counts() == before


def test_a_head_cannot_address_their_own_department_and_someone_without_one_cannot_either(org):
    load_voice_policy(org)
    with pytest.raises(err.VoiceInvalid) as exc:
        raise_item(org, "department_head", to="department")
    assert exc.value.message == err.OWN_DEPARTMENT
    with pytest.raises(err.VoiceInvalid) as exc:
        raise_item(org, "hr", to="department")  # E2008 belongs to no team
    assert exc.value.message == err.NO_DEPARTMENT
    assert not VoiceItem.objects.exists()


def test_an_administrator_without_an_employee_record_cannot_submit(org):
    with pytest.raises(err.VoiceNotAllowed):
        raise_item(org, "admin", to="hr")
    assert not VoiceItem.objects.exists()


# --- the steps ----------------------------------------------------------------------------------------------


def test_assign_start_answer_and_the_submitter_is_told_without_the_answer_text(org):
    load_voice_policy(org)
    item = raise_item(org)
    head = actor(org, "department_head")
    svc.voice_assign(actor=head, item=item, owner=org.users["team_lead"])
    item.refresh_from_db()
    assert item.owner == org.users["team_lead"]
    assert Notification.objects.filter(kind="voice.assigned", recipient=org.users["team_lead"]).exists()
    svc.voice_start(actor=actor(org, "team_lead"), item=item)
    svc.voice_answer(actor=actor(org, "team_lead"), item=item, answer="下月起试行每周轮换夜班。")
    item.refresh_from_db()
    assert item.state == VoiceItem.State.ANSWERED and item.answered_by == org.users["team_lead"]
    assert not item.published
    note = Notification.objects.get(kind="voice.answered")
    assert note.recipient == org.users["agent"]
    assert "轮换" not in str(note.title) + str(note.body)
    answer_event = AuditEvent.objects.get(action="voice.answer")
    assert "轮换" not in str(answer_event.after) and answer_event.after["fields"] == ["answer"]


def test_only_hr_publishes_an_answer(org):
    load_voice_policy(org)
    item = raise_item(org)
    before = _counts()
    with pytest.raises(err.VoiceNotAllowed) as exc:
        svc.voice_answer(actor=actor(org, "department_head"), item=item, answer="好", publish=True)
    assert exc.value.message == err.CANNOT_PUBLISH
    assert _counts() == before
    item.refresh_from_db()
    assert item.state == VoiceItem.State.SUBMITTED
    svc.voice_answer(actor=actor(org, "department_head"), item=item, answer="好")
    svc.voice_publish(actor=actor(org, "hr"), item=item, published=True)
    item.refresh_from_db()
    assert item.published


def test_an_owner_must_be_hr_or_the_departments_head_or_a_lead(org):
    load_voice_policy(org)
    item = raise_item(org)
    with pytest.raises(err.VoiceInvalid) as exc:
        svc.voice_assign(actor=actor(org, "hr"), item=item, owner=org.users["management"])
    assert exc.value.message == err.BAD_OWNER
    with pytest.raises(err.VoiceNotAllowed):
        svc.voice_assign(actor=actor(org, "team_lead"), item=item, owner=org.users["team_lead"])
    item.refresh_from_db()
    assert item.owner is None
    assert not AuditEvent.objects.filter(action="voice.assign").exists()


def test_nobody_answers_their_own_item_and_outsiders_cannot_answer(org):
    load_voice_policy(org)
    item = raise_item(org, "team_lead", to="hr")
    for role in ("team_lead", "agent", "management", "department_head"):
        with pytest.raises(err.VoiceNotAllowed):
            svc.voice_answer(actor=actor(org, role), item=item, answer="x")
    item.refresh_from_db()
    assert item.state == VoiceItem.State.SUBMITTED and item.answer == ""


# --- withdrawing ----------------------------------------------------------------------------------------


def test_the_submitter_withdraws_before_an_answer(org):
    load_voice_policy(org)
    item = raise_item(org)
    svc.voice_start(actor=actor(org, "department_head"), item=item)
    svc.voice_withdraw(actor=actor(org, "agent"), item=item)
    item.refresh_from_db()
    assert item.state == VoiceItem.State.WITHDRAWN
    with pytest.raises(err.VoiceInvalid) as exc:
        svc.voice_answer(actor=actor(org, "hr"), item=item, answer="迟到的回复")
    assert exc.value.message == err.NOT_OPEN


def test_nobody_else_withdraws_and_an_answered_item_stays(org):
    load_voice_policy(org)
    item = raise_item(org)
    with pytest.raises(err.VoiceNotAllowed) as exc:
        svc.voice_withdraw(actor=actor(org, "hr"), item=item)
    assert exc.value.message == err.ONLY_SUBMITTER
    svc.voice_answer(actor=actor(org, "department_head"), item=item, answer="已安排。")
    before = _counts()
    with pytest.raises(err.VoiceInvalid) as exc:
        svc.voice_withdraw(actor=actor(org, "agent"), item=item)
    assert exc.value.message == err.ALREADY_ANSWERED
    item.refresh_from_db()
    assert item.state == VoiceItem.State.ANSWERED
    assert _counts() == before


# --- escalation -------------------------------------------------------------------------------------------


def test_an_overdue_department_item_is_escalated_once_to_the_head(org):
    load_voice_policy(org, days=3)
    item = raise_item(org, anonymous=True, day=dt.date(2025, 9, 26))  # due 2025-09-30
    svc.voice_assign(actor=actor(org, "department_head"), item=item, owner=org.users["team_lead"])
    assert svc.voice_escalate_due(dt.date(2025, 9, 30)) == {"escalated": 0}  # due today: not yet
    assert svc.voice_escalate_due(dt.date(2025, 10, 1)) == {"escalated": 1}
    assert svc.voice_escalate_due(dt.date(2025, 10, 1)) == {"escalated": 0}
    assert svc.voice_escalate_due(dt.date(2025, 10, 9)) == {"escalated": 0}
    item.refresh_from_db()
    assert item.escalated_to == org.users["department_head"] and item.escalated_at is not None
    assert AuditEvent.objects.filter(action="voice.escalate").count() == 1
    notes = Notification.objects.filter(kind="voice.escalated")
    assert {n.recipient for n in notes} == {org.users["department_head"], org.users["team_lead"]}
    for n in notes:
        assert ANON_NAME not in str(n.title) + str(n.body)


def test_an_item_the_head_owns_or_to_hr_is_escalated_to_hr(org):
    load_voice_policy(org, days=3)
    owned = raise_item(org, day=dt.date(2025, 9, 26))
    svc.voice_start(actor=actor(org, "department_head"), item=owned)  # the head becomes the owner
    to_hr = raise_item(org, "team_lead", to="hr", day=dt.date(2025, 9, 26))
    assert svc.voice_escalate_due(dt.date(2025, 10, 2)) == {"escalated": 2}
    for item in (owned, to_hr):
        item.refresh_from_db()
        assert item.escalated_at is not None and item.escalated_to is None
    hr_notes = Notification.objects.filter(kind="voice.escalated", recipient=org.users["hr"])
    assert hr_notes.count() == 2


def test_answered_and_withdrawn_items_are_never_escalated(org):
    load_voice_policy(org, days=3)
    answered = raise_item(org, day=dt.date(2025, 9, 26))
    svc.voice_answer(actor=actor(org, "department_head"), item=answered, answer="好")
    withdrawn = raise_item(org, day=dt.date(2025, 9, 26))
    svc.voice_withdraw(actor=actor(org, "agent"), item=withdrawn)
    assert svc.voice_escalate_due(dt.date(2025, 11, 1)) == {"escalated": 0}
    assert not VoiceItem.objects.filter(escalated_at__isnull=False).exists()


def test_the_daily_step_is_registered_and_escalates(org):
    from serviceladder.daily.registry import steps

    load_voice_policy(org, days=3)
    raise_item(org, day=dt.date(2025, 9, 26))
    step = steps()["wellbeing.voice_escalation"]
    assert step(dt.date(2025, 10, 1)) == {"escalated": 1}
    assert step(dt.date(2025, 10, 2)) == {"escalated": 0}


# --- anonymity in notifications ------------------------------------------------------------------------


def test_no_notification_of_an_anonymous_item_names_the_submitter(org, mailoutbox):
    load_voice_policy(org, days=3)
    item = raise_item(org, anonymous=True, day=dt.date(2025, 9, 26))
    svc.voice_assign(actor=actor(org, "hr"), item=item, owner=org.users["team_lead"])
    svc.voice_escalate_due(dt.date(2025, 10, 1))
    svc.voice_answer(actor=actor(org, "team_lead"), item=item, answer="收到")
    from serviceladder.core.translatable import render

    texts = [render(n.title) + render(n.body) for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mailoutbox]
    assert texts
    assert all(ANON_NAME not in t and "lina" not in t for t in texts)
