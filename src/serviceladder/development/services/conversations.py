"""Recording career conversations (issue 14, item 5; seed 003).

The person's lead (the head for a team without a lead, or HR; never the person) records what was said:
topics, notes shared with the person, private notes for themselves (and HR), the actions agreed, which
become actions of the person's plan draft, and the next date. The audit row and the notification say that
private notes were written, never what they say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_lead_development, user_employee
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message
from serviceladder.development.errors import (
    ACTION_ENDS_BEFORE_START,
    ACTION_KIND_UNKNOWN,
    ACTION_TITLE_MISSING,
    ACTION_TITLE_TOO_LONG,
    CONVERSATION_BEFORE_HIRE,
    CONVERSATION_DATE_MISSING,
    CONVERSATION_IN_FUTURE,
    CONVERSATION_KIND_UNKNOWN,
    NEXT_NOT_AFTER,
    NOTES_TOO_LONG,
    TOO_MANY_ACTIONS,
    TOO_MANY_TOPICS,
    TOPIC_TOO_LONG,
    ConversationInvalid,
    ConversationNotAllowed,
)
from serviceladder.development.models import Conversation, PlanAction
from serviceladder.development.services.plan_drafts import draft_changed, plan_draft_for
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today

MAX_TOPICS, TOPIC_MAX = 10, 100
NOTES_MAX = 10_000
MAX_ACTIONS = 20
TITLE_MAX = PlanAction._meta.get_field("title").max_length

NOTIFY_TITLE = _("{author} recorded your career conversation of {date}")
NOTIFY_BODY = _("The notes shared with you and the actions you agreed are on your development page.")
SHARED_LABEL = _("Shared notes")
PRIVATE_LABEL = _("Private notes")


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed in the conversation; it becomes an action of the person's plan draft."""

    kind: str
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _check(
    *,
    employee: Employee,
    held_on: dt.date | None,
    kind: str,
    topics: list[str],
    shared_notes: str,
    private_notes: str,
    next_on: dt.date | None,
    actions: list[AgreedAction],
    today: dt.date,
) -> None:
    if kind not in Conversation.Kind.values:
        raise ConversationInvalid(
            CONVERSATION_KIND_UNKNOWN, allowed=", ".join(str(label) for label in Conversation.Kind.labels)
        )
    if held_on is None:
        raise ConversationInvalid(CONVERSATION_DATE_MISSING)
    if held_on > today:
        raise ConversationInvalid(CONVERSATION_IN_FUTURE, date=held_on.isoformat())
    if held_on < employee.hire_date:
        raise ConversationInvalid(
            CONVERSATION_BEFORE_HIRE, date=held_on.isoformat(), hired=employee.hire_date.isoformat()
        )
    if next_on is not None and next_on <= held_on:
        raise ConversationInvalid(NEXT_NOT_AFTER, next=next_on.isoformat(), date=held_on.isoformat())
    if len(topics) > MAX_TOPICS:
        raise ConversationInvalid(TOO_MANY_TOPICS, max=MAX_TOPICS, count=len(topics))
    for topic in topics:
        if len(topic) > TOPIC_MAX:
            raise ConversationInvalid(TOPIC_TOO_LONG, max=TOPIC_MAX, value=topic[:TOPIC_MAX] + "…")
    for label, text in ((SHARED_LABEL, shared_notes), (PRIVATE_LABEL, private_notes)):
        if len(text) > NOTES_MAX:
            raise ConversationInvalid(NOTES_TOO_LONG, field=label, max=NOTES_MAX, count=len(text))
    if len(actions) > MAX_ACTIONS:
        raise ConversationInvalid(TOO_MANY_ACTIONS, max=MAX_ACTIONS)
    kinds = PlanAction.Kind
    for row, a in enumerate(actions, start=1):
        if a.kind not in kinds.values:
            raise ConversationInvalid(
                ACTION_KIND_UNKNOWN, row=row, value=a.kind, allowed=", ".join(str(x) for x in kinds.labels)
            )
        if not a.title.strip():
            raise ConversationInvalid(ACTION_TITLE_MISSING, row=row)
        if len(a.title.strip()) > TITLE_MAX:
            raise ConversationInvalid(ACTION_TITLE_TOO_LONG, row=row, max=TITLE_MAX)
        if a.start_date and a.end_date and a.end_date < a.start_date:
            raise ConversationInvalid(
                ACTION_ENDS_BEFORE_START, row=row, start=a.start_date.isoformat(), end=a.end_date.isoformat()
            )


def topics_parse(text: str) -> list[str]:
    """Topics typed one a line or separated by commas (either script's comma or 、)."""
    for sep in ("，", "、", ","):
        text = text.replace(sep, "\n")
    return list(dict.fromkeys(t.strip() for t in text.splitlines() if t.strip()))


def _author_name(actor: Actor) -> str:
    me = user_employee(actor.user)
    return me.name if me is not None else actor.label


@transaction.atomic
def conversation_record(
    *,
    actor: Actor,
    employee: Employee,
    held_on: dt.date | None,
    kind: str = Conversation.Kind.REGULAR,
    topics: list[str] | None = None,
    shared_notes: str = "",
    private_notes: str = "",
    next_on: dt.date | None = None,
    actions: list[AgreedAction] | None = None,
) -> Conversation:
    """Record a conversation with `employee`; its agreed actions join the person's plan draft (made if
    needed). Raises ConversationNotAllowed or ConversationInvalid; nothing is written then."""
    if not can_lead_development(actor.user, employee):
        raise ConversationNotAllowed()
    topics = [t.strip() for t in (topics or []) if t.strip()]
    actions = list(actions or [])
    shared_notes, private_notes = shared_notes.strip(), private_notes.strip()
    _check(
        employee=employee,
        held_on=held_on,
        kind=kind,
        topics=topics,
        shared_notes=shared_notes,
        private_notes=private_notes,
        next_on=next_on,
        actions=actions,
        today=local_today(),
    )
    conversation = Conversation.objects.create(
        employee=employee,
        kind=kind,
        held_on=held_on,
        topics=topics,
        shared_notes=shared_notes,
        private_notes=private_notes,
        next_on=next_on,
        author=actor.user,
        author_label=actor.label,
    )
    version = None
    if actions:
        version = plan_draft_for(actor=actor, employee=employee)
        start = (version.actions.aggregate(last=Max("position"))["last"] or 0) + 1
        PlanAction.objects.bulk_create(
            PlanAction(
                version=version,
                position=start + i,
                kind=a.kind,
                title=a.title.strip(),
                start_date=a.start_date,
                end_date=a.end_date,
                source=f"conversation:{conversation.pk}",
            )
            for i, a in enumerate(actions)
        )
        draft_changed(version)
    audit_record(
        actor=actor,
        action="development.conversation_record",
        employee=employee,
        obj=conversation,
        after={
            "conversation": conversation.pk,
            "kind": kind,
            "held_on": held_on.isoformat(),
            "next_on": next_on.isoformat() if next_on else "",
            "topics": topics,
            "shared_notes": bool(shared_notes),
            # That there are private notes, never what they say (they are the author's and HR's only).
            "private_notes": bool(private_notes),
            "actions": len(actions),
            "plan_version": version.number if version else "",
        },
    )
    if employee.user_id is not None:
        notify(
            recipients=[employee.user],
            kind="development.conversation",
            title=Message(NOTIFY_TITLE, author=_author_name(actor), date=held_on.isoformat()),
            body=NOTIFY_BODY,
            url=reverse("person_development", args=[employee.number]) + "#conversations",
            actor=actor,
        )
    return conversation
