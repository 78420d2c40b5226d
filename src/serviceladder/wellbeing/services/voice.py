"""The voice channel (issue 16 item 5, seed 004: respect through a channel whose answers have a deadline).

Anyone with an employee record raises a suggestion, a complaint about a management decision or a grievance,
named or anonymous to everyone but HR, to HR or to their department. The answer is due
`wellbeing.voice.answer_working_days` working days after the day of submission (counting from the next day) on
the process's holiday calendar. A deadline reaching into a year whose official schedule the calendar does not
have yet is never a reason to refuse: it is counted on weekends only for that year, the item keeps those years
(`due_provisional_years`) and every page says the date is provisional; when HR imports the year (or the
package seeds it) the open items' deadlines are recomputed on the official calendar
(`voice_recompute_provisional_due`, through workcalendar.hooks). HR (or the head, for an item to the
department) chooses an owner; the owner starts and answers it; HR may publish an answer to all staff (without
the submitter). The submitter may withdraw it before it is answered. Once past its due date an open item is
escalated exactly once (the daily step): to the department head for an item to a department, else — or when
the head owns it — to HR.

Every change is audited with ids and field names, never the subject, body or answer (so a retention purge
never touches the log), and an anonymous submitter is never named in the log's person column, a notification
or an e-mail: only HR reads who raised an anonymous item (accounts.scoping.may_see_voice_submitter)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_answer_voice,
    can_assign_voice,
    can_manage_voice,
    can_submit_voice,
    may_own_voice,
    user_employee,
)
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.translatable import Message
from serviceladder.notifications.services import notify
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_in_force
from serviceladder.wellbeing.errors_voice import (
    ALREADY_ANSWERED,
    ANSWER_REQUIRED,
    BAD_OWNER,
    BODY_REQUIRED,
    CANNOT_ANSWER,
    CANNOT_ASSIGN,
    CANNOT_PUBLISH,
    CANNOT_SUBMIT,
    DATE_OUT_OF_RANGE,
    NO_DEPARTMENT,
    NOT_ANSWERED,
    NOT_OPEN,
    NOT_SUBMITTED,
    ONLY_SUBMITTER,
    OWN_DEPARTMENT,
    SAME_OWNER,
    SUBJECT_REQUIRED,
    TEXT_TOO_LONG,
    UNKNOWN_ADDRESSEE,
    UNKNOWN_KIND,
    VoiceInvalid,
    VoiceNotAllowed,
)
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.selectors.voice import item_due_text, open_items_with_provisional_due

State = VoiceItem.State
OPEN_STATES = (State.SUBMITTED, State.IN_PROGRESS)
SUBJECT_LIMIT = VoiceItem._meta.get_field("subject").max_length
TEXT_LIMIT = 5000
SYSTEM = Actor(None, channel="system")
DEFAULT_WORKING_DAYS = 10
DEFAULT_CALENDAR = "CN"

SUBJECT_LABEL = _("The subject")
BODY_LABEL = _("The text")
ANSWER_LABEL = _("The answer")

# Notifications carry the item's number, kind and dates only: never its text nor an anonymous submitter.
N_NEW = _("New in the voice channel: {kind} no. {number}")
N_NEW_BODY = _("An item was raised in the voice channel; the answer is due on {due}.")
N_ASSIGNED = _("You own voice item no. {number}")
N_ASSIGNED_BODY = _("Please answer it by {due}.")
N_ANSWERED = _("Your voice item no. {number} is answered")
N_ANSWERED_BODY = _("The answer is on the item's page.")
N_ESCALATED = _("Voice item no. {number} is overdue and escalated to you")
N_ESCALATED_BODY = _("The answer was due on {due} and is still missing. Please see that it is answered.")
N_DUE_MOVED = _("The answer deadline of your voice item no. {number} moved")
N_DUE_MOVED_BODY = _(
    "The official holiday calendar is in now: the answer is due on {due} (it was {before}, counted on "
    "weekends only)."
)


def item_url(item: VoiceItem) -> str:
    return reverse("voice_item", args=[item.pk])


# --- the deadline -------------------------------------------------------------------------------------------


def _policy(day: dt.date) -> Policy | None:
    try:
        return policy_in_force(day)
    except NoPolicyInForce:
        return None


def answer_deadline(submitted_on: dt.date, *, policy: Policy | None = None) -> tuple[dt.date, list[int]]:
    """The answer deadline of an item raised on `submitted_on`: the policy's working days after it, on the
    process's holiday calendar; and the years counted without an official schedule (weekends only), empty when
    the date is final. VoiceInvalid only when the date lies beyond what can be counted at all."""
    from serviceladder.workcalendar.selectors import calendar_add_working_days

    policy = policy if policy is not None else _policy(submitted_on)
    days = policy.wellbeing.voice.answer_working_days if policy else DEFAULT_WORKING_DAYS
    code = policy.process.holiday_calendar if policy else DEFAULT_CALENDAR
    try:
        result = calendar_add_working_days(code=code, start=submitted_on, n=days, count_start_day=False)
    except OverflowError:
        raise VoiceInvalid(DATE_OUT_OF_RANGE, date=submitted_on.isoformat(), days=days) from None
    return result.date, list(result.provisional_years)


def answer_due(submitted_on: dt.date, *, policy: Policy | None = None) -> dt.date:
    """The answer deadline's date (provisional or not: see answer_deadline)."""
    return answer_deadline(submitted_on, policy=policy)[0]


# --- who is told --------------------------------------------------------------------------------------------


def hr_users() -> list:
    return list(
        get_user_model().objects.filter(role_grants__role=Role.HR, is_active=True).distinct().order_by("pk")
    )


def head_user(item: VoiceItem):
    """The user of the head of the department an item is addressed to (None without one, or when the head
    raised it)."""
    if item.addressed_to != VoiceItem.Addressee.DEPARTMENT or item.department is None:
        return None
    head = item.department.head
    if head is None or head.user_id is None or head.pk == item.submitter_id or not head.user.is_active:
        return None
    return head.user


def addressee_users(item: VoiceItem) -> list:
    """Who answers an item without an owner: the department's head, else HR."""
    head = head_user(item)
    return [head] if head is not None else hr_users()


def _without(users, *excluded) -> list:
    skip = {u.pk for u in excluded if u is not None}
    return [u for u in users if u is not None and u.pk not in skip]


def _submitter_user(item: VoiceItem):
    return item.submitter.user if item.submitter.user_id else None


# --- the steps ----------------------------------------------------------------------------------------------


def _text(raw, label, *, required, limit=TEXT_LIMIT) -> str:
    text = (raw or "").strip()
    if not text:
        raise VoiceInvalid(required)
    if len(text) > limit:
        raise VoiceInvalid(TEXT_TOO_LONG, field=label, limit=limit, length=len(text))
    return text


def own_department(employee):
    """The department a person belongs to: their team's, else the one they head (None without either)."""
    if employee.team_id is not None:
        return employee.team.department
    return employee.headed_departments.order_by("code").first()


def _allowed(choices) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices)


def _audit(actor: Actor, item: VoiceItem, *, action: str, before=None, after=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        employee=None if item.anonymous else item.submitter,
        obj=item,
        before=before,
        after=after,
    )


@transaction.atomic
def voice_submit(
    *,
    actor: Actor,
    kind: str,
    addressed_to: str,
    subject: str,
    body: str,
    anonymous: bool = False,
    today: dt.date | None = None,
) -> VoiceItem:
    """Raise an item (the actor's own). Raises VoiceNotAllowed / VoiceInvalid; nothing is written then."""
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None or not can_submit_voice(actor.user):
        raise VoiceNotAllowed(CANNOT_SUBMIT)
    if kind not in VoiceItem.Kind.values:
        raise VoiceInvalid(UNKNOWN_KIND, allowed=_allowed(VoiceItem.Kind.choices))
    if addressed_to not in VoiceItem.Addressee.values:
        raise VoiceInvalid(UNKNOWN_ADDRESSEE, allowed=_allowed(VoiceItem.Addressee.choices))
    department = None
    if addressed_to == VoiceItem.Addressee.DEPARTMENT:
        department = own_department(me)
        if department is None:
            raise VoiceInvalid(NO_DEPARTMENT)
        if department.head_id == me.pk:
            raise VoiceInvalid(OWN_DEPARTMENT)
    subject = _text(subject, SUBJECT_LABEL, required=SUBJECT_REQUIRED, limit=SUBJECT_LIMIT)
    body = _text(body, BODY_LABEL, required=BODY_REQUIRED)
    day = today or local_today()
    due, provisional_years = answer_deadline(day)
    item = VoiceItem.objects.create(
        kind=kind,
        addressed_to=addressed_to,
        department=department,
        submitter=me,
        anonymous=bool(anonymous),
        subject=subject,
        body=body,
        due_on=due,
        due_provisional_years=provisional_years,
    )
    if day != timezone.localdate():  # raised on an earlier day (the demo): the deadline counts from that day
        item.submitted_at = timezone.make_aware(dt.datetime.combine(day, timezone.localtime().time()))
        item.save(update_fields=["submitted_at"])
    _audit(
        actor,
        item,
        action="voice.submit",
        after={
            "kind": kind,
            "addressed_to": addressed_to,
            "department": department.code if department else "",
            "anonymous": item.anonymous,
            "due_on": due.isoformat(),
            "due_provisional_years": provisional_years,
            "fields": ["subject", "body"],
        },
    )
    notify(
        recipients=_without(addressee_users(item), actor.user),
        kind="voice.submitted",
        title=Message(N_NEW, kind=item.get_kind_display(), number=item.pk),
        body=Message(N_NEW_BODY, due=item_due_text(item)),
        url=item_url(item),
        actor=actor,
    )
    return item


def _locked(item: VoiceItem) -> VoiceItem:
    return (
        VoiceItem.objects.select_for_update(of=("self",))
        .select_related("department__head__user", "submitter__user", "owner")
        .get(pk=item.pk)
    )


def _require_open(item: VoiceItem) -> None:
    if item.state not in OPEN_STATES:
        raise VoiceInvalid(NOT_OPEN, state=item.get_state_display())


@transaction.atomic
def voice_assign(*, actor: Actor, item: VoiceItem, owner) -> VoiceItem:
    """Choose the owner of an open item: HR (any item) or the head (items to their department). The owner is
    an HR user, or for an item to a department its head or one of its team leads."""
    item = _locked(item)
    if not can_assign_voice(actor.user, item):
        raise VoiceNotAllowed(CANNOT_ASSIGN)
    _require_open(item)
    name = owner.get_username() if owner is not None else "—"
    if owner is None or not may_own_voice(owner, item):
        raise VoiceInvalid(BAD_OWNER, name=name)
    if item.owner_id == owner.pk:
        raise VoiceInvalid(SAME_OWNER, name=name)
    before = item.owner_id
    item.owner = owner
    item.save(update_fields=["owner"])
    _audit(actor, item, action="voice.assign", before={"owner": before}, after={"owner": owner.pk})
    notify(
        recipients=_without([owner], actor.user),
        kind="voice.assigned",
        title=Message(N_ASSIGNED, number=item.pk),
        body=Message(N_ASSIGNED_BODY, due=item_due_text(item)),
        url=item_url(item),
        actor=actor,
    )
    return item


@transaction.atomic
def voice_start(*, actor: Actor, item: VoiceItem) -> VoiceItem:
    """Mark a submitted item as in progress (whoever may answer it); without an owner, the one who starts it
    becomes the owner."""
    item = _locked(item)
    if not can_answer_voice(actor.user, item):
        raise VoiceNotAllowed(CANNOT_ANSWER)
    if item.state != State.SUBMITTED:
        raise VoiceInvalid(NOT_SUBMITTED, state=item.get_state_display())
    fields = ["state"]
    item.state = State.IN_PROGRESS
    if item.owner_id is None:
        item.owner = actor.user
        fields.append("owner")
    item.save(update_fields=fields)
    _audit(
        actor,
        item,
        action="voice.start",
        before={"state": State.SUBMITTED},
        after={"state": item.state, "owner": item.owner_id},
    )
    return item


@transaction.atomic
def voice_answer(*, actor: Actor, item: VoiceItem, answer: str, publish: bool = False) -> VoiceItem:
    """Answer an open item (its owner, the addressee, the one it was escalated to, HR); HR may publish the
    answer to all staff at once. The submitter is told once the answer is saved."""
    item = _locked(item)
    if not can_answer_voice(actor.user, item):
        raise VoiceNotAllowed(CANNOT_ANSWER)
    _require_open(item)
    if publish and not can_manage_voice(actor.user):
        raise VoiceNotAllowed(CANNOT_PUBLISH)
    text = _text(answer, ANSWER_LABEL, required=ANSWER_REQUIRED)
    before = item.state
    item.answer = text
    item.state = State.ANSWERED
    item.answered_at = timezone.now()
    item.answered_by = actor.user
    item.published = bool(publish)
    fields = ["answer", "state", "answered_at", "answered_by", "published"]
    if item.owner_id is None:
        item.owner = actor.user
        fields.append("owner")
    item.save(update_fields=fields)
    _audit(
        actor,
        item,
        action="voice.answer",
        before={"state": before},
        after={
            "state": item.state,
            "answered_on": timezone.localdate(item.answered_at).isoformat(),
            "on_time": timezone.localdate(item.answered_at) <= item.due_on,
            "published": item.published,
            "fields": ["answer"],
        },
    )
    notify(
        recipients=_without([_submitter_user(item)], actor.user),
        kind="voice.answered",
        title=Message(N_ANSWERED, number=item.pk),
        body=N_ANSWERED_BODY,
        url=item_url(item),
        actor=actor,
    )
    return item


@transaction.atomic
def voice_publish(*, actor: Actor, item: VoiceItem, published: bool) -> VoiceItem:
    """HR publishes an answered item's subject and answer to all staff (never the submitter), or withdraws
    the publication."""
    item = _locked(item)
    if not can_manage_voice(actor.user) or not can_answer_voice(actor.user, item):
        raise VoiceNotAllowed(CANNOT_PUBLISH)
    if item.state != State.ANSWERED:
        raise VoiceInvalid(NOT_ANSWERED, state=item.get_state_display())
    if item.published == bool(published):
        return item
    item.published = bool(published)
    item.save(update_fields=["published"])
    _audit(
        actor,
        item,
        action="voice.publish",
        before={"published": not item.published},
        after={"published": item.published},
    )
    return item


@transaction.atomic
def voice_withdraw(*, actor: Actor, item: VoiceItem) -> VoiceItem:
    """The submitter withdraws their item before it is answered."""
    item = _locked(item)
    me = user_employee(actor.user) if actor.user is not None else None
    if me is None or me.pk != item.submitter_id:
        raise VoiceNotAllowed(ONLY_SUBMITTER)
    if item.state not in OPEN_STATES:
        raise VoiceInvalid(ALREADY_ANSWERED, state=item.get_state_display())
    before = item.state
    item.state = State.WITHDRAWN
    item.save(update_fields=["state"])
    _audit(actor, item, action="voice.withdraw", before={"state": before}, after={"state": item.state})
    return item


# --- escalation (the daily step) -------------------------------------------------------------------------


def escalation_target(item: VoiceItem):
    """The user an overdue item goes to: the department head for an item to a department (unless the head owns
    it, or there is none), else None — HR as a whole."""
    head = head_user(item)
    if head is None or head.pk == item.owner_id:
        return None
    return head


def voice_escalate_due(day: dt.date | None = None, *, actor: Actor = SYSTEM) -> dict:
    """Escalate every open item whose due date passed before `day`, exactly once each (an item escalated
    before is never escalated again; each item in its own transaction, locked)."""
    day = day or local_today()
    escalated = 0
    candidates = VoiceItem.objects.filter(
        state__in=OPEN_STATES, due_on__lt=day, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            item = (
                VoiceItem.objects.select_for_update(of=("self",))
                .select_related("department__head__user", "submitter__user", "owner")
                .filter(pk=pk, state__in=OPEN_STATES, escalated_at__isnull=True)
                .first()
            )
            if item is None:  # answered, withdrawn or escalated meanwhile
                continue
            target = escalation_target(item)
            item.escalated_at = timezone.now()
            item.escalated_to = target
            item.save(update_fields=["escalated_at", "escalated_to"])
            _audit(
                actor,
                item,
                action="voice.escalate",
                after={
                    "escalated_to": target.pk if target is not None else "hr",
                    "due_on": item.due_on.isoformat(),
                },
            )
            recipients = [target] if target is not None else hr_users()
            if item.owner is not None and item.owner.is_active:
                recipients.append(item.owner)
            notify(
                recipients=_without(recipients, _submitter_user(item)),
                kind="voice.escalated",
                title=Message(N_ESCALATED, number=item.pk),
                body=Message(N_ESCALATED_BODY, due=item_due_text(item)),
                url=item_url(item),
                actor=actor,
            )
            escalated += 1
    return {"escalated": escalated}


# --- provisional deadlines on the official calendar --------------------------------------------------------


def voice_recompute_provisional_due(*, actor: Actor = SYSTEM, calendar: str = "", years=()) -> dict:
    """Recount the deadline of every open item counted without an official calendar for one of `years` (all
    such items without `years`), from the day it was raised, on the calendar as it is now. Each change is
    audited (ids, dates and years only); the submitter is told once, and only when the date moved. Called by
    the holiday calendar's services when years become official (workcalendar.hooks), inside their
    transaction."""
    wanted = {int(y) for y in years}
    changed = moved = 0
    for pk in list(open_items_with_provisional_due().values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            item = _locked(VoiceItem(pk=pk))
            if item.state not in OPEN_STATES or not item.due_provisional_years:
                continue
            if wanted and not wanted.intersection(int(y) for y in item.due_provisional_years):
                continue
            submitted_on = timezone.localdate(item.submitted_at)
            due, provisional_years = answer_deadline(submitted_on)
            if due == item.due_on and provisional_years == list(item.due_provisional_years):
                continue
            before_due, before_years = item.due_on, list(item.due_provisional_years)
            item.due_on, item.due_provisional_years = due, provisional_years
            item.save(update_fields=["due_on", "due_provisional_years"])
            _audit(
                actor,
                item,
                action="voice.recompute_due",
                before={"due_on": before_due.isoformat(), "due_provisional_years": before_years},
                after={
                    "due_on": due.isoformat(),
                    "due_provisional_years": provisional_years,
                    "calendar": calendar,
                },
            )
            changed += 1
            if due != before_due:
                moved += 1
                notify(
                    recipients=_without([_submitter_user(item)], actor.user),
                    kind="voice.due_moved",
                    title=Message(N_DUE_MOVED, number=item.pk),
                    body=Message(N_DUE_MOVED_BODY, due=item_due_text(item), before=before_due.isoformat()),
                    url=item_url(item),
                    actor=actor,
                )
    return {"recomputed": changed, "moved": moved}
