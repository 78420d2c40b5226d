"""Giving recognition, and hiding an abusive one (issue 15, item 2).

Any member of staff with an employee record thanks a colleague (never themselves) with one of four categories
and a short text, dated today; it comes "from the lead" when the giver leads the person (their team lead or
department head), else "from a colleague". The person is told, in their own language. The person's lead or
head, or HR, may hide a recognition with a reason (and show it again, with a reason): a hidden one shows only
to them and counts for nothing (recognition.selectors.counts). Every change is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import (
    can_give_recognition,
    can_moderate_recognition,
    gives_recognition_as_lead,
    recognition_recipients,
    user_employee,
)
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.core.translatable import Message
from serviceladder.notifications.services import notify
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.recognition.models import Recognition

TEXT_MAX = 500
REASON_MAX = 1000
GIVEN_CATEGORIES = tuple(Recognition.Category.values)

CANNOT_GIVE = _("Only members of staff with an employee record may give recognition.")
CANNOT_THANK_SELF = _("You cannot give recognition to yourself.")
NOT_A_RECIPIENT = _("%(name)s is not a colleague you can give recognition to (they may have left).")
CATEGORY_UNKNOWN = _("Choose one of the categories: %(allowed)s.")
TEXT_MISSING = _("Write a few words about what the person did.")
TEXT_TOO_LONG = _("Keep it short: at most %(max)s characters (this text has %(count)s).")
CANNOT_MODERATE = _(
    "Only the person's team lead, their department head or HR may hide or show their recognition."
)
REASON_MISSING = _("Give the reason; it is kept in the audit log.")
REASON_TOO_LONG = _("The reason has at most %(max)s characters.")
ALREADY_HIDDEN = _("This recognition is already hidden.")
NOT_HIDDEN = _("This recognition is not hidden.")

NOTIFY_TITLE = _("{giver} recognised you: {category}")
NOTIFY_TITLE_CUSTOMER = _("A customer praised you")
NOTIFY_BODY = _("Read it on your recognition page.")


class RecognitionInvalid(ValidationFailed):
    code = "recognition_invalid"


class RecognitionNotAllowed(PermissionDeniedError):
    code = "recognition_not_allowed"
    message = CANNOT_GIVE


def categories_allowed() -> str:
    return ", ".join(f"{value} ({label})" for value, label in Recognition.Category.choices)


def check_text(text: str) -> str:
    """The text as stored (stripped), or RecognitionInvalid: required, at most TEXT_MAX characters."""
    text = (text or "").strip()
    if not text:
        raise RecognitionInvalid(TEXT_MISSING)
    if len(text) > TEXT_MAX:
        raise RecognitionInvalid(TEXT_TOO_LONG, max=TEXT_MAX, count=len(text))
    return text


def _giver_name(actor: Actor) -> str:
    me = user_employee(actor.user)
    return me.name if me is not None else actor.label


def person_recognition_url(employee: Employee) -> str:
    return reverse("person_recognition", args=[employee.number]) + "#received"


def recognition_notify(*, recognition: Recognition, actor: Actor) -> None:
    """Tell the recipient (if they have a login) in their own language."""
    employee = recognition.recipient
    if employee.user_id is None:
        return
    if recognition.source == Recognition.Source.CUSTOMER:
        title = NOTIFY_TITLE_CUSTOMER
    else:
        title = Message(
            NOTIFY_TITLE,
            giver=_giver_name(actor),
            category=Recognition.Category(recognition.category).label,
        )
    notify(
        recipients=[employee.user],
        kind="recognition.received",
        title=title,
        body=NOTIFY_BODY,
        url=person_recognition_url(employee),
        actor=actor,
    )


@transaction.atomic
def recognition_give(*, actor: Actor, recipient: Employee, category: str, text: str) -> Recognition:
    """Thank `recipient`: dated today, "lead" or "colleague" by who gives it. Raises RecognitionNotAllowed
    or RecognitionInvalid; nothing is written then."""
    user = actor.user
    if user is None or not can_give_recognition(user):
        raise RecognitionNotAllowed()
    me = user_employee(user)
    if me.pk == recipient.pk:
        raise RecognitionInvalid(CANNOT_THANK_SELF)
    if not recognition_recipients(user).filter(pk=recipient.pk).exists():
        raise RecognitionInvalid(NOT_A_RECIPIENT, name=recipient.name)
    if category not in GIVEN_CATEGORIES:
        raise RecognitionInvalid(CATEGORY_UNKNOWN, allowed=categories_allowed())
    text = check_text(text)
    source = (
        Recognition.Source.LEAD
        if gives_recognition_as_lead(user, recipient)
        else Recognition.Source.COLLEAGUE
    )
    recognition = Recognition.objects.create(
        recipient=recipient,
        category=category,
        source=source,
        text=text,
        date=local_today(),
        given_by=user,
    )
    audit_record(
        actor=actor,
        action="recognition.give",
        employee=recipient,
        obj=recognition,
        after={"category": category, "source": source, "date": recognition.date.isoformat(), "text": text},
    )
    recognition_notify(recognition=recognition, actor=actor)
    return recognition


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RecognitionInvalid(REASON_MISSING)
    if len(reason) > REASON_MAX:
        raise RecognitionInvalid(REASON_TOO_LONG, max=REASON_MAX)
    return reason


def _lock(actor: Actor, recognition: Recognition) -> Recognition:
    if actor.user is None or not can_moderate_recognition(actor.user, recognition.recipient):
        raise RecognitionNotAllowed(CANNOT_MODERATE)
    return Recognition.objects.select_for_update().select_related("recipient").get(pk=recognition.pk)


@transaction.atomic
def recognition_hide(*, actor: Actor, recognition: Recognition, reason: str) -> Recognition:
    """Hide an abusive recognition (the person's lead or head, HR) with a reason: from then on only they see
    it, and it counts for nothing."""
    locked = _lock(actor, recognition)
    reason = _reason(reason)
    if locked.hidden_at is not None:
        raise RecognitionInvalid(ALREADY_HIDDEN)
    locked.hidden_at, locked.hidden_by, locked.hidden_reason = timezone.now(), actor.user, reason
    locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor,
        action="recognition.hide",
        employee=locked.recipient,
        obj=locked,
        before={"hidden": False},
        after={"hidden": True, "category": locked.category, "date": locked.date.isoformat()},
        reason=reason,
    )
    return locked


@transaction.atomic
def recognition_show(*, actor: Actor, recognition: Recognition, reason: str) -> Recognition:
    """Show a hidden recognition again (the same people who may hide it), with a reason."""
    locked = _lock(actor, recognition)
    reason = _reason(reason)
    if locked.hidden_at is None:
        raise RecognitionInvalid(NOT_HIDDEN)
    before_reason = locked.hidden_reason
    locked.hidden_at, locked.hidden_by, locked.hidden_reason = None, None, ""
    locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor,
        action="recognition.show",
        employee=locked.recipient,
        obj=locked,
        before={"hidden": True, "hidden_reason": before_reason},
        after={"hidden": False, "category": locked.category, "date": locked.date.isoformat()},
        reason=reason,
    )
    return locked
