"""Giving recognition (issue 15, item 2): any member of staff with an employee record thanks a colleague —
never themselves — with one of four categories and a short text, dated today; "lead" when the giver leads the
person; audited; the person is told in their own language. Bad input writes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from serviceladder.accounts.models import UserPreferences
from serviceladder.audit.models import AuditEvent
from serviceladder.notifications.models import Notification
from serviceladder.recognition.models import Recognition
from serviceladder.recognition.services.recognition import (
    CANNOT_THANK_SELF,
    CATEGORY_UNKNOWN,
    NOT_A_RECIPIENT,
    TEXT_MAX,
    TEXT_MISSING,
    TEXT_TOO_LONG,
    RecognitionInvalid,
    RecognitionNotAllowed,
)
from tests.recognition.received_setup import actor, thank

pytestmark = pytest.mark.django_db


def test_a_colleague_thanks_another_dated_today_and_audited(org):
    r = thank(org, "agent", "E2004", category="knowledge_base", text="  整理了退款知识库  ")
    assert (r.recipient.number, r.category, r.source, r.text) == (
        "E2004",
        "knowledge_base",
        "colleague",
        "整理了退款知识库",
    )
    assert r.date == timezone.localdate() and r.given_by == org.users["agent"]
    event = AuditEvent.objects.get(action="recognition.give")
    assert event.employee.number == "E2004" and event.actor == org.users["agent"]
    assert event.after["category"] == "knowledge_base" and event.after["source"] == "colleague"


def test_any_colleague_even_of_another_department(org):
    assert thank(org, "agent", "E2006").source == "colleague"


@pytest.mark.parametrize(
    ("giver", "number", "source"),
    [
        ("team_lead", "E2003", "lead"),  # the team's lead
        ("department_head", "E2003", "lead"),  # the department's head
        ("department_head", "E2002", "lead"),  # the head for a lead
        ("team_lead", "E2006", "colleague"),  # a lead of another team is a colleague there
        ("hr", "E2003", "colleague"),  # HR thanking someone is a colleague's thanks
        ("management", "E2003", "colleague"),
    ],
)
def test_lead_or_colleague_by_who_gives(org, giver, number, source):
    assert thank(org, giver, number).source == source


def test_nobody_thanks_themselves(org):
    with pytest.raises(RecognitionInvalid) as exc:
        thank(org, "agent", "E2003")
    assert exc.value.message == CANNOT_THANK_SELF
    assert (
        not Recognition.objects.exists() and not AuditEvent.objects.filter(action="recognition.give").exists()
    )


@pytest.mark.parametrize("role", ["admin", "none"])
def test_without_an_employee_record_or_role_nobody_gives(org, role):
    with pytest.raises(RecognitionNotAllowed):
        thank(org, role, "E2004")
    assert not Recognition.objects.exists()


def test_someone_who_left_cannot_be_thanked(org):
    e = org.employees["E2004"]
    e.leave_date = timezone.localdate() - timezone.timedelta(days=1)
    e.save(update_fields=["leave_date"])
    with pytest.raises(RecognitionInvalid) as exc:
        thank(org, "agent", "E2004")
    assert exc.value.message == NOT_A_RECIPIENT
    assert not Recognition.objects.exists()


@pytest.mark.parametrize(
    ("category", "text", "message"),
    [
        ("praise", "谢谢", CATEGORY_UNKNOWN),
        ("", "谢谢", CATEGORY_UNKNOWN),
        ("going_beyond", "   ", TEXT_MISSING),
        ("going_beyond", "好" * (TEXT_MAX + 1), TEXT_TOO_LONG),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(org, category, text, message):
    with pytest.raises(RecognitionInvalid) as exc:
        thank(org, "agent", "E2004", category=category, text=text)
    assert exc.value.message == message
    assert not Recognition.objects.exists()
    assert not AuditEvent.objects.filter(action="recognition.give").exists()
    assert not Notification.objects.exists()


def test_the_longest_text_allowed_is_kept(org):
    assert len(thank(org, "agent", "E2004", text="好" * TEXT_MAX).text) == TEXT_MAX


def test_the_person_is_told_in_their_own_language(org):
    UserPreferences.objects.update_or_create(user=org.users["agent"], defaults={"language": "en"})
    thank(org, "team_lead", "E2003", category="going_beyond")
    n = Notification.objects.get(recipient=org.users["agent"])
    assert n.kind == "recognition.received"
    assert n.title == "王芳 recognised you: going beyond"
    assert n.url.endswith("/people/E2003/recognition/#received")
    UserPreferences.objects.filter(user=org.users["agent"]).update(language="zh-hans")
    thank(org, "hr", "E2003", category="going_beyond")
    latest = Notification.objects.filter(recipient=org.users["agent"]).order_by("-pk").first()
    assert latest.title == "赵敏 对你表示认可：超越期望"


def test_through_the_actor_channel(org):
    r = thank(org, "agent", "E2004")
    assert AuditEvent.objects.get(object_id=str(r.pk), action="recognition.give").channel == "web"
    assert actor(org, "agent", "api").channel == "api"
