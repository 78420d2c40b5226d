"""Reads of the voice channel (issue 16 item 5), already scoped by accounts.scoping: the submitter their own
items; the owner, the addressed department's head and the one an item was escalated to theirs; HR all. The
name of an anonymous submitter only to HR (and the submitter). "Not found" and "not yours" look the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_answer_voice,
    may_see_voice_submitter,
    user_employee,
    user_roles,
    voice_items_visible_to,
)
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.wellbeing.engine.voice import Figures, VoiceRow, figures_by, figures_total
from serviceladder.wellbeing.models import VoiceItem

State = VoiceItem.State
OPEN_STATES = (State.SUBMITTED, State.IN_PROGRESS)
ANONYMOUS = _("Anonymous")
HR_KEY = "hr"


def _related(qs: QuerySet[VoiceItem]) -> QuerySet[VoiceItem]:
    return qs.select_related(
        "department__head", "submitter__team__department", "owner", "escalated_to", "answered_by"
    )


def access_voice_item(user, pk) -> VoiceItem:
    """The item `pk` if `user` may read it; otherwise NotFoundOrForbidden."""
    item = _related(voice_items_visible_to(user)).filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise NotFoundOrForbidden()
    return item


def submitter_label(user, item: VoiceItem) -> str:
    """The submitter's name as `user` may read it: "Anonymous" to all but HR and the submitter."""
    return item.submitter.name if may_see_voice_submitter(user, item) else str(ANONYMOUS)


# The deadline as every channel shows it (notifications, to-dos, the API): the date, and when the holiday
# calendar of a year it was counted in is not official yet, that it is provisional (weekends only).
DUE_PROVISIONAL = _("{due} (provisional: the {years} holiday calendar is not official yet)")


def due_text(due_on: dt.date, provisional_years=()):
    """The deadline as text: "2027-01-05", or a Message saying it is provisional and why."""
    from serviceladder.core.translatable import Message

    if not provisional_years:
        return due_on.isoformat()
    years = ", ".join(str(y) for y in provisional_years)
    return Message(DUE_PROVISIONAL, due=due_on.isoformat(), years=years)


def item_due_text(item: VoiceItem):
    return due_text(item.due_on, item.due_provisional_years)


def open_items_with_provisional_due() -> QuerySet[VoiceItem]:
    """Open items whose deadline was counted without an official calendar for some year (any reader: this is
    for HR's to-do and the recomputation, which never show an item's content)."""
    return VoiceItem.objects.filter(state__in=OPEN_STATES).exclude(due_provisional_years=[])


def provisional_due_years() -> list[int]:
    """The years whose official holiday calendar the open items' deadlines wait for, in order."""
    years: set[int] = set()
    for value in open_items_with_provisional_due().values_list("due_provisional_years", flat=True):
        years.update(int(y) for y in value or ())
    return sorted(years)


def is_overdue(item: VoiceItem, today: dt.date) -> bool:
    return item.state in OPEN_STATES and item.due_on < today


def my_items(user) -> list[VoiceItem]:
    """The items the user raised, newest first."""
    me = user_employee(user)
    if me is None:
        return []
    return list(_related(VoiceItem.objects.filter(submitter=me)))


@dataclass(frozen=True)
class InboxFilters:
    state: str = ""  # a State value, "open" or "" (all)
    addressed_to: str = ""  # "hr", "department" or ""
    kind: str = ""
    overdue: bool = False


def inbox(user, filters: InboxFilters, today: dt.date) -> list[VoiceItem]:
    """The items the user works on or oversees (never their own), filtered, oldest due first."""
    me = user_employee(user)
    qs = voice_items_visible_to(user)
    if me is not None:
        qs = qs.exclude(submitter=me)
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state in State.values:
        qs = qs.filter(state=filters.state)
    if filters.addressed_to in VoiceItem.Addressee.values:
        qs = qs.filter(addressed_to=filters.addressed_to)
    if filters.kind in VoiceItem.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_on__lt=today)
    return list(_related(qs).order_by("due_on", "pk")[:500])


# --- what waits for whom (the to-do registry) -------------------------------------------------------------


def _hr_addressed() -> Q:
    """Items HR answers when nobody owns them: to HR, or to a department without a head who could answer."""
    department = Q(addressed_to=VoiceItem.Addressee.DEPARTMENT)
    return (
        Q(addressed_to=VoiceItem.Addressee.HR)
        | (department & Q(department__head__isnull=True))
        | (department & Q(department__head__user__isnull=True))
    )


def to_answer(user) -> list[VoiceItem]:
    """Open items that wait for this user's answer: those they own; without an owner, those addressed to
    them (the head of the item's department; HR for items to HR). Escalated ones are in `escalated_to_me`."""
    if not user.is_authenticated:
        return []
    roles = user_roles(user)
    if not roles & {Role.HR, Role.DEPARTMENT_HEAD} and not VoiceItem.objects.filter(owner=user).exists():
        return []
    me = user_employee(user)
    scope = Q(owner=user)
    unowned = Q(pk__in=[])
    if Role.DEPARTMENT_HEAD in roles and me is not None:
        unowned |= Q(addressed_to=VoiceItem.Addressee.DEPARTMENT, department__head=me)
    if Role.HR in roles:
        unowned |= _hr_addressed()
    scope |= Q(owner__isnull=True) & unowned
    qs = VoiceItem.objects.filter(scope, state__in=OPEN_STATES)
    if me is not None:
        qs = qs.exclude(submitter=me)
    return [i for i in qs.order_by("due_on", "pk") if can_answer_voice(user, i)]


def escalated_to_me(user) -> list[VoiceItem]:
    """Open escalated items for their target: the head they went to; HR for those escalated to HR."""
    if not user.is_authenticated:
        return []
    scope = Q(escalated_to=user)
    if Role.HR in user_roles(user):
        scope |= Q(escalated_to__isnull=True)
    qs = VoiceItem.objects.filter(scope, state__in=OPEN_STATES, escalated_at__isnull=False)
    me = user_employee(user)
    if me is not None:
        qs = qs.exclude(submitter=me)
    return list(qs.order_by("due_on", "pk"))


# --- what all staff read -----------------------------------------------------------------------------------


def published_answers() -> list[VoiceItem]:
    """Answers HR published to all staff, newest answer first. Callers show the kind, subject and answer
    only: never the submitter, the body or who owned it."""
    return list(
        VoiceItem.objects.filter(state=State.ANSWERED, published=True)
        .only("pk", "kind", "subject", "answer", "answered_at", "addressed_to", "state", "published")
        .order_by("-answered_at", "-pk")[:200]
    )


# --- response-time figures (HR) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseFigures:
    total: Figures
    by_month: list[Figures]
    by_addressee: list[Figures]
    addressee_names: dict[str, str]
    calendar: str


def response_figures(*, today: dt.date, months: int = 12) -> ResponseFigures:
    """Median working days to an answer and the share answered on time, per month of submission and per
    addressee (HR or a department), over the last `months` months; the open items past their due date."""
    from serviceladder.policy.errors import NoPolicyInForce
    from serviceladder.policy.selectors import policy_in_force
    from serviceladder.rules.periods import date_month_index, month_label
    from serviceladder.workcalendar.selectors import work_calendar

    try:
        code = policy_in_force(today).process.holiday_calendar
    except NoPolicyInForce:
        code = "CN"
    first = month_label(date_month_index(today) - months + 1)
    items = VoiceItem.objects.select_related("department").order_by("pk")
    rows, names = [], {HR_KEY: str(_("The HR team"))}
    for item in items:
        submitted_on = timezone.localdate(item.submitted_at)
        month = submitted_on.strftime("%Y-%m")
        if month < first:
            continue
        if item.addressed_to == VoiceItem.Addressee.DEPARTMENT and item.department is not None:
            key = item.department.code
            names[key] = item.department.name
        else:
            key = HR_KEY
        rows.append(
            VoiceRow(
                month=month,
                addressee=key,
                submitted_on=submitted_on,
                due_on=item.due_on,
                state=item.state,
                answered_on=timezone.localdate(item.answered_at) if item.answered_at else None,
            )
        )
    calendar = work_calendar(code)
    return ResponseFigures(
        total=figures_total(rows, today=today, calendar=calendar),
        by_month=figures_by(rows, by="month", today=today, calendar=calendar),
        by_addressee=figures_by(rows, by="addressee", today=today, calendar=calendar),
        addressee_names=names,
        calendar=code,
    )


def owner_choices(item: VoiceItem, assigner) -> list:
    """The users who may own `item` (accounts.scoping.may_own_voice) that `assigner` chooses from: HR, and
    for an item to a department its head and the leads of its teams; a head (not HR) chooses within their
    department only."""
    from django.contrib.auth import get_user_model

    from serviceladder.accounts.scoping import may_own_voice

    scope = Q(role_grants__role=Role.HR) if Role.HR in user_roles(assigner) else Q(pk__in=[])
    if item.addressed_to == VoiceItem.Addressee.DEPARTMENT and item.department is not None:
        scope |= Q(employee__headed_departments=item.department) | Q(
            employee__led_teams__department=item.department
        )
    users = get_user_model().objects.filter(scope, is_active=True).distinct().select_related("employee")
    return [u for u in users.order_by("username") if may_own_voice(u, item)]
