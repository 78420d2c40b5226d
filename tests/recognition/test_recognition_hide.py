"""Hiding an abusive recognition (issue 15, item 2): the person's lead or head, or HR, with a reason; audited;
a hidden one shows only to them and counts for nothing; it can be shown again, also with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.recognition.selectors.counts import recognition_counts
from serviceladder.recognition.selectors.received import received_by, recognition_summary
from serviceladder.recognition.services.recognition import (
    ALREADY_HIDDEN,
    NOT_HIDDEN,
    REASON_MISSING,
    RecognitionInvalid,
    RecognitionNotAllowed,
    recognition_hide,
    recognition_show,
)
from tests.recognition.received_setup import actor, thank

pytestmark = pytest.mark.django_db


def _counts(org):
    today = timezone.localdate()
    return recognition_counts(
        [org.employees["E2003"].pk], first_day=today - dt.timedelta(days=30), last_day=today
    )


@pytest.mark.parametrize("role", ["team_lead", "department_head", "hr"])
def test_the_lead_head_or_hr_hides_with_a_reason_audited(org, role):
    r = thank(org, "management", "E2003")
    assert _counts(org) == {org.employees["E2003"].pk: {"helping_colleague": 1}}
    hidden = recognition_hide(actor=actor(org, role), recognition=r, reason="与工作无关")
    assert hidden.hidden_at is not None and hidden.hidden_by == org.users[role]
    assert hidden.hidden_reason == "与工作无关"
    event = AuditEvent.objects.get(action="recognition.hide")
    assert (event.reason, event.actor, event.employee.number) == ("与工作无关", org.users[role], "E2003")
    assert _counts(org) == {}


@pytest.mark.parametrize("role", ["agent", "management", "admin", "none"])
def test_nobody_else_hides_and_nothing_changes(org, role):
    r = thank(org, "team_lead", "E2004") if role == "agent" else thank(org, "team_lead", "E2003")
    with pytest.raises(RecognitionNotAllowed):
        recognition_hide(actor=actor(org, role), recognition=r, reason="不合适")
    r.refresh_from_db()
    assert r.hidden_at is None
    assert not AuditEvent.objects.filter(action="recognition.hide").exists()


def test_the_person_cannot_hide_their_own_and_a_lead_of_another_team_cannot_either(org):
    r = thank(org, "team_lead", "E2003")
    with pytest.raises(RecognitionNotAllowed):  # the recipient herself
        recognition_hide(actor=actor(org, "agent"), recognition=r, reason="x")
    other = thank(org, "agent", "E2006")
    with pytest.raises(RecognitionNotAllowed):  # E2006 is in department b
        recognition_hide(actor=actor(org, "team_lead"), recognition=other, reason="x")
    assert not AuditEvent.objects.filter(action="recognition.hide").exists()


def test_a_reason_is_required(org):
    r = thank(org, "management", "E2003")
    with pytest.raises(RecognitionInvalid) as exc:
        recognition_hide(actor=actor(org, "team_lead"), recognition=r, reason="  ")
    assert exc.value.message == REASON_MISSING
    r.refresh_from_db()
    assert r.hidden_at is None and not AuditEvent.objects.filter(action="recognition.hide").exists()


def test_hidden_shows_only_to_moderators_and_counts_for_nothing(org):
    kept = thank(org, "management", "E2003", text="帮同事顶班")
    hidden = thank(org, "hr", "E2003", text="哈哈哈")
    recognition_hide(actor=actor(org, "team_lead"), recognition=hidden, reason="调侃")
    person = org.employees["E2003"]
    for role in ("agent", "management"):
        rows = received_by(org.users[role], person)
        assert [row.recognition.pk for row in rows] == [kept.pk], role
        assert recognition_summary(org.users[role], person).count == 1
    for role in ("team_lead", "department_head", "hr"):
        rows = received_by(org.users[role], person)
        assert {row.recognition.pk for row in rows} == {kept.pk, hidden.pk}, role
        assert all(row.can_moderate for row in rows)
    assert recognition_summary(org.users["hr"], person).count == 1  # the profile counts visible ones
    assert _counts(org) == {person.pk: {"helping_colleague": 1}}
    assert received_by(org.users["admin"], person) is None  # no performance record for an administrator


def test_shown_again_with_a_reason_it_counts_again(org):
    r = thank(org, "management", "E2003")
    recognition_hide(actor=actor(org, "hr"), recognition=r, reason="误会")
    with pytest.raises(RecognitionInvalid) as exc:
        recognition_hide(actor=actor(org, "hr"), recognition=r, reason="again")
    assert exc.value.message == ALREADY_HIDDEN
    shown = recognition_show(actor=actor(org, "team_lead"), recognition=r, reason="核实后无问题")
    assert shown.hidden_at is None and shown.hidden_reason == ""
    event = AuditEvent.objects.get(action="recognition.show")
    assert event.reason == "核实后无问题" and event.before["hidden_reason"] == "误会"
    assert _counts(org) == {org.employees["E2003"].pk: {"helping_colleague": 1}}
    with pytest.raises(RecognitionInvalid) as exc:
        recognition_show(actor=actor(org, "hr"), recognition=r, reason="x")
    assert exc.value.message == NOT_HIDDEN
    assert AuditEvent.objects.filter(action="recognition.show").count() == 1


def test_the_audit_log_reads_the_events_with_labelled_values(org, client_for):
    r = thank(org, "team_lead", "E2003", category="going_beyond")
    recognition_hide(actor=actor(org, "hr"), recognition=r, reason="调侃")
    html = client_for("hr").get("/audit/").content.decode()
    assert "王芳 gave 李娜 recognition" in html and "赵敏 hid a recognition 李娜 received" in html
    assert "going beyond" in html.lower() and "going_beyond" not in html
    assert "调侃" in html
