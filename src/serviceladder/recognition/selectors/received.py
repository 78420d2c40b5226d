"""Reads of recognition (issue 15, item 2), already scoped: what a person received (hidden ones only for the
people who may hide them), what a reader gave and received lately, a count with the latest few for the
profile, and the entries the development record lists.

"From whom" is the giver's name (they signed their thanks), "a customer" (with the reference) for an
imported compliment; never a figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import (
    can_moderate_recognition,
    can_see_recognition,
    recognition_recipients,
    user_employee,
)
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.org.models import Employee
from serviceladder.recognition.models import Recognition

RECENT = 5  # the landing's and the profile's "latest few"


@dataclass(frozen=True)
class RecognitionRow:
    recognition: Recognition
    from_label: str
    can_moderate: bool = False

    @property
    def hidden(self) -> bool:
        return self.recognition.hidden_at is not None


def _base() -> QuerySet[Recognition]:
    return Recognition.objects.select_related("recipient__team", "given_by__employee", "hidden_by__employee")


def from_label(r: Recognition) -> str:
    """Who the recognition is from, in the reader's language."""
    if r.source == Recognition.Source.CUSTOMER:
        return _("A customer") + (f" ({r.customer_reference})" if r.customer_reference else "")
    giver = getattr(r.given_by, "employee", None) if r.given_by_id else None
    if giver is not None:
        return giver.name
    return r.given_by.get_username() if r.given_by_id else _("a colleague")


def received_by(user, employee: Employee, *, limit: int | None = None) -> list[RecognitionRow] | None:
    """What `employee` received, newest first; None when `user` may not see it. Hidden ones only for a
    moderator, who may hide and show each."""
    if not can_see_recognition(user, employee):
        return None
    moderator = can_moderate_recognition(user, employee)
    qs = _base().filter(recipient=employee)
    if not moderator:
        qs = qs.filter(hidden_at__isnull=True)
    if limit is not None:
        qs = qs[:limit]
    return [RecognitionRow(r, from_label(r), moderator) for r in qs]


@dataclass(frozen=True)
class Summary:
    count: int  # visible recognition (what counts)
    latest: list[RecognitionRow]


def recognition_summary(user, employee: Employee) -> Summary | None:
    """For the profile: how many (visible) recognitions the person received and the latest few."""
    if not can_see_recognition(user, employee):
        return None
    visible = _base().filter(recipient=employee, hidden_at__isnull=True)
    return Summary(visible.count(), [RecognitionRow(r, from_label(r)) for r in visible[:RECENT]])


def given_by_reader(user, *, limit: int = RECENT) -> list[RecognitionRow]:
    """The recognition this user gave lately (hidden ones stay out of it: a moderator removed them)."""
    if user_employee(user) is None:
        return []
    qs = _base().filter(given_by=user, hidden_at__isnull=True).exclude(source=Recognition.Source.CUSTOMER)
    return [RecognitionRow(r, from_label(r)) for r in qs[:limit]]


def received_by_reader(user, *, limit: int = RECENT) -> list[RecognitionRow]:
    me = user_employee(user)
    if me is None:
        return []
    return received_by(user, me, limit=limit) or []


def access_recognition(user, pk) -> Recognition:
    """A recognition the user may see (a hidden one only as its moderator); else NotFoundOrForbidden."""
    try:
        r = _base().select_related("recipient__team__department").get(pk=int(pk))
    except (Recognition.DoesNotExist, TypeError, ValueError):
        raise NotFoundOrForbidden() from None
    if not can_see_recognition(user, r.recipient):
        raise NotFoundOrForbidden()
    if r.hidden_at is not None and not can_moderate_recognition(user, r.recipient):
        raise NotFoundOrForbidden()
    return r


@dataclass(frozen=True)
class Recipient:
    number: str
    name: str
    team: str


def recipient_choices(user, *, q: str = "") -> list[Recipient]:
    """Whom `user` may thank, by name and team only (never a figure), filtered by `q` on the name, the
    number or the team's names."""
    qs = recognition_recipients(user).select_related("team").order_by("name", "number")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(number__iexact=q)
            | Q(team__name_zh__icontains=q)
            | Q(team__name_en__icontains=q)
        )
    return [Recipient(e.number, e.name, e.team.name if e.team_id else "") for e in qs]


def record_entries(user, employee: Employee, *, since: dt.date | None = None) -> list[RecognitionRow] | None:
    """The recognition a development record lists (visible ones only: the record is read by more people
    than may hide one); None when `user` may not see it."""
    if not can_see_recognition(user, employee):
        return None
    qs = _base().filter(recipient=employee, hidden_at__isnull=True)
    if since is not None:
        qs = qs.filter(date__gte=since)
    return [RecognitionRow(r, from_label(r)) for r in qs]
