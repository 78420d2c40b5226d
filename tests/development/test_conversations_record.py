"""Recording a career conversation: who may, what is checked, agreed actions join the plan draft, and the
audit row says that private notes exist but never what they say."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.errors import (
    ACTION_ENDS_BEFORE_START,
    ACTION_KIND_UNKNOWN,
    ACTION_TITLE_MISSING,
    CONVERSATION_IN_FUTURE,
    NEXT_NOT_AFTER,
    ConversationInvalid,
    ConversationNotAllowed,
)
from serviceladder.development.models import Conversation, DevelopmentPlan, PlanAction, PlanVersion
from serviceladder.development.services.conversations import AgreedAction, conversation_record, topics_parse
from serviceladder.development.services.plan_drafts import plan_draft_for

pytestmark = pytest.mark.django_db
SECRET = "considering leaving for a competitor"


def _record(org, role="team_lead", number="E2003", **kwargs):
    today = timezone.localdate()
    values = {
        "held_on": today - dt.timedelta(days=1),
        "topics": ["complaint handling"],
        "shared_notes": "Good progress on calm tone.",
        "private_notes": SECRET,
        "next_on": today + dt.timedelta(days=90),
    } | kwargs
    return conversation_record(actor=Actor(user=org.users[role]), employee=org.employees[number], **values)


def test_the_lead_records_a_conversation_and_its_actions_join_a_new_plan_draft(org):
    conversation = _record(
        org,
        actions=[
            AgreedAction("training", "Complaint handling course", dt.date(2026, 1, 5), dt.date(2026, 1, 9)),
            AgreedAction("project", "Tone guide for chat"),
        ],
    )
    plan = DevelopmentPlan.objects.get(employee=org.employees["E2003"])
    draft = plan.versions.get(state=PlanVersion.State.DRAFT)
    rows = list(draft.actions.values_list("kind", "title", "start_date", "source"))
    assert rows == [
        ("training", "Complaint handling course", dt.date(2026, 1, 5), f"conversation:{conversation.pk}"),
        ("project", "Tone guide for chat", None, f"conversation:{conversation.pk}"),
    ]


def test_actions_join_the_existing_draft_after_its_actions_and_withdraw_its_acceptance(org):
    actor = Actor(user=org.users["team_lead"])
    draft = plan_draft_for(actor=actor, employee=org.employees["E2003"])
    PlanAction.objects.create(version=draft, kind="self_study", title="Read the FAQ", position=1)
    draft.agent_accepted_at = timezone.now()
    draft.save(update_fields=["agent_accepted_at"])

    _record(org, actions=[AgreedAction("visit", "Visit the billing team")])

    draft.refresh_from_db()
    assert list(draft.actions.values_list("title", flat=True)) == ["Read the FAQ", "Visit the billing team"]
    assert draft.agent_accepted_at is None  # both must accept the changed draft again
    assert DevelopmentPlan.objects.filter(employee=org.employees["E2003"]).count() == 1


def test_the_audit_row_says_private_notes_exist_never_their_text(org):
    conversation = _record(org)
    event = AuditEvent.objects.get(action="development.conversation_record")
    assert event.employee == org.employees["E2003"]
    assert event.after["private_notes"] is True
    assert event.after["conversation"] == conversation.pk
    assert SECRET not in str(event.after) and SECRET not in str(event.before)


@pytest.mark.parametrize(
    ("role", "number", "allowed"),
    [
        ("team_lead", "E2003", True),  # their team
        ("hr", "E2003", True),
        ("department_head", "E2005", True),  # team a2 has no lead
        ("department_head", "E2003", False),  # team a1 has a lead
        ("team_lead", "E2002", False),  # never themselves
        ("team_lead", "E2005", False),  # not their team
        ("agent", "E2004", False),
        ("management", "E2003", False),
        ("admin", "E2003", False),
    ],
)
def test_who_may_record_a_conversation(org, role, number, allowed):
    if allowed:
        _record(org, role=role, number=number)
        assert Conversation.objects.filter(employee__number=number).count() == 1
        return
    with pytest.raises(ConversationNotAllowed):
        _record(org, role=role, number=number, actions=[AgreedAction("training", "x")])
    assert not Conversation.objects.exists()
    assert not DevelopmentPlan.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"held_on": timezone.localdate() + dt.timedelta(days=1)}, CONVERSATION_IN_FUTURE),
        ({"next_on": timezone.localdate() - dt.timedelta(days=1)}, NEXT_NOT_AFTER),
        ({"actions": [AgreedAction("training", "ok"), AgreedAction("juggling", "x")]}, ACTION_KIND_UNKNOWN),
        ({"actions": [AgreedAction("training", "  ")]}, ACTION_TITLE_MISSING),
        (
            {"actions": [AgreedAction("project", "p", dt.date(2026, 3, 1), dt.date(2026, 2, 1))]},
            ACTION_ENDS_BEFORE_START,
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(org, kwargs, message):
    with pytest.raises(ConversationInvalid) as caught:
        _record(org, **kwargs)
    assert caught.value.message == message
    assert not Conversation.objects.exists()
    assert not DevelopmentPlan.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.").exists()


def test_a_conversation_held_today_is_fine_and_the_next_date_is_optional(org):
    conversation = _record(org, held_on=timezone.localdate(), next_on=None)
    assert conversation.next_on is None


def test_topics_are_split_on_commas_of_either_script_and_lines():
    assert topics_parse("投诉处理，情绪管理、 tone, tone\nnext step") == [
        "投诉处理",
        "情绪管理",
        "tone",
        "next step",
    ]
