"""Reading career conversations and what is due (issue 14, item 5).

Private notes are read only by their author and HR (`can_read_private_notes`); every other reader gets
None in their place. What is due per person comes from the pure cadence (development/cadence.py) over one
annotated query of the people asked about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import user_roles
from serviceladder.core.i18n import pick
from serviceladder.development.cadence import Cadence, Due, PersonFacts, due_items
from serviceladder.development.models import Conversation, DevelopmentPlan, PlanAction
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import development_in_force


@dataclass(frozen=True)
class ConversationView:
    pk: int
    kind: str
    kind_label: str
    held_on: dt.date
    topics: list[str]
    shared_notes: str
    private_notes: str | None  # None: the reader may not read them (not "there are none")
    next_on: dt.date | None
    author_label: str
    author: object  # the user who recorded it (None once the account is gone)
    actions: list[str]  # titles of the plan actions agreed in it


def can_read_private_notes(user, conversation: Conversation) -> bool:
    """Private notes: their author and HR, nobody else (not the person, their head, management, admin)."""
    if not user_roles(user):
        return False
    return conversation.author_id == user.pk or Role.HR in user_roles(user)


def conversations_for(user, employee: Employee) -> list[ConversationView]:
    """The person's conversations, newest first, as `user` may read them (the caller has checked that
    `user` may see the person's development record)."""
    rows = list(
        Conversation.objects.filter(employee=employee).select_related("author").order_by("-held_on", "-pk")
    )
    sources = [f"conversation:{c.pk}" for c in rows]
    titles: dict[str, list[str]] = {}
    for source, title in (
        PlanAction.objects.filter(source__in=sources, version__plan__employee=employee)
        .order_by("version__number", "position", "pk")
        .values_list("source", "title")
    ):
        found = titles.setdefault(source, [])
        if title not in found:
            found.append(title)
    return [
        ConversationView(
            pk=c.pk,
            kind=c.kind,
            kind_label=str(c.get_kind_display()),
            held_on=c.held_on,
            topics=list(c.topics or []),
            shared_notes=c.shared_notes,
            private_notes=c.private_notes if can_read_private_notes(user, c) else None,
            next_on=c.next_on,
            author_label=c.author_label,
            author=c.author,
            actions=titles.get(f"conversation:{c.pk}", []),
        )
        for c in rows
    ]


def cadence_of(policy) -> Cadence:
    d = policy.development
    return Cadence(
        conversation_every_months=d.conversation_every_months,
        direction_review_after_months=d.direction_review_after_months,
        first_plan_within_days=d.first_plan_within_days,
    )


def with_facts(people: QuerySet[Employee], as_of: dt.date) -> QuerySet[Employee]:
    """People still employed on `as_of` (hired by then), with what the cadence needs, in one query."""
    held = Conversation.objects.filter(employee=OuterRef("pk"), held_on__lte=as_of).order_by(
        "-held_on", "-pk"
    )
    return (
        people.filter(hire_date__lte=as_of)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=as_of))
        .annotate(
            last_held_on=Subquery(held.values("held_on")[:1]),
            last_next_on=Subquery(held.values("next_on")[:1]),
            review_held=Exists(held.filter(kind=Conversation.Kind.DIRECTION_REVIEW)),
            has_open_plan=Exists(
                DevelopmentPlan.objects.filter(employee=OuterRef("pk")).exclude(
                    status=DevelopmentPlan.Status.CLOSED
                )
            ),
        )
    )


def facts_of(person) -> PersonFacts:
    """PersonFacts from a person annotated by `with_facts`."""
    return PersonFacts(
        hire_date=person.hire_date,
        last_held_on=person.last_held_on,
        last_next_on=person.last_next_on,
        direction_review_held=person.review_held,
        has_open_plan=person.has_open_plan,
    )


def due_for_people(people: QuerySet[Employee], as_of: dt.date) -> list[tuple[Employee, list[Due]]]:
    """Every person's due items on `as_of` (empty while development planning is off): two queries."""
    found = development_in_force(as_of)
    if found is None:
        return []
    policy, switched_on = found
    cadence = cadence_of(policy)
    return [(p, due_items(facts_of(p), cadence, switched_on)) for p in with_facts(people, as_of)]


def overdue_for_people(people: QuerySet[Employee], as_of: dt.date) -> list[tuple[Employee, Due]]:
    """(person, overdue item) pairs on `as_of`, oldest due date first."""
    pairs = [(p, d) for p, items in due_for_people(people, as_of) for d in items if d.overdue(as_of)]
    return sorted(pairs, key=lambda pair: (pair[1].due, pair[0].number, pair[1].kind))


def due_for(employee: Employee, as_of: dt.date) -> list[Due] | None:
    """One person's due items; None while development planning is off (or they are not employed)."""
    found = due_for_people(Employee.objects.filter(pk=employee.pk), as_of)
    return found[0][1] if found else None


@dataclass(frozen=True)
class OpenTrack:
    to_level: str
    name: str
    track: str
    kind: str  # the transition's kind (promotion, lateral, ...)


def open_tracks(policy, level_code: str | None) -> list[OpenTrack]:
    """Every step the policy opens from the person's level (the direction review lists them, seed 003)."""
    if level_code is None:
        return []
    levels = policy.levels()
    out = []
    for t in policy.transitions_from(level_code):
        found = levels.get(t.to_level)
        if found is None:
            continue
        track, level, _rank = found
        out.append(
            OpenTrack(
                to_level=t.to_level,
                name=pick(level.name_zh, level.name_en),
                track=pick(track.name_zh, track.name_en),
                kind=str(getattr(t, "kind", "") or ""),
            )
        )
    return out


def last_conversations(employee_ids, as_of: dt.date) -> dict[int, dt.date]:
    """employee id → the day of the person's last career conversation on or before `as_of` (people without
    one are absent). Below the scoping layer, one query for many people."""
    from django.db.models import Max

    rows = (
        Conversation.objects.filter(employee_id__in=list(employee_ids), held_on__lte=as_of)
        .values_list("employee_id")
        .annotate(last=Max("held_on"))
    )
    return dict(rows)
