"""When career conversations and plans are due (issue 14, item 5; seed 003): pure, no Django.

The policy's `development` section sets the cadence: a regular conversation every
`conversation_every_months`, a direction review after `direction_review_after_months` of service (0: none),
a first plan within `first_plan_within_days` of hire (the direction review only for those who reach N
months of service once it is switched on). Each clock starts at the later of its event (the last
conversation, the hire) and the day the organisation switched development planning on, so nobody is overdue
on the first day. An item is overdue once its due date has passed (due today is not overdue yet).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

CONVERSATION = "conversation"
DIRECTION_REVIEW = "direction_review"
FIRST_PLAN = "first_plan"
KINDS = (CONVERSATION, DIRECTION_REVIEW, FIRST_PLAN)


@dataclass(frozen=True)
class Cadence:
    conversation_every_months: int = 3
    direction_review_after_months: int = 6
    first_plan_within_days: int = 30


@dataclass(frozen=True)
class PersonFacts:
    """What the cadence needs to know about one person."""

    hire_date: dt.date
    last_held_on: dt.date | None = None  # the latest conversation, of any kind
    last_next_on: dt.date | None = None  # the next date agreed at that conversation
    direction_review_held: bool = False
    has_open_plan: bool = False


@dataclass(frozen=True)
class Due:
    kind: str
    due: dt.date

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clock_start(event: dt.date, switched_on: dt.date) -> dt.date:
    """A clock starts at the later of its event and the switch-on day."""
    return max(event, switched_on)


def next_conversation(facts: PersonFacts, cadence: Cadence, switched_on: dt.date) -> Due:
    """The next regular conversation: the date agreed at the last one; else the cadence after the last one;
    the first one the cadence after hire. An agreed date before the switch-on day does not count (the
    clock rule applies instead)."""
    if facts.last_next_on is not None and facts.last_next_on >= switched_on:
        return Due(CONVERSATION, facts.last_next_on)
    event = facts.last_held_on if facts.last_held_on is not None else facts.hire_date
    return Due(CONVERSATION, add_months(clock_start(event, switched_on), cadence.conversation_every_months))


def direction_review(facts: PersonFacts, cadence: Cadence, switched_on: dt.date) -> Due | None:
    """The direction review at N months of service (seed 003: the stage after the first months), once; None
    when held, switched off, or when the person passed N months of service before development planning was
    switched on (a veteran's next step is their plan and regular conversations, not a newcomer's review)."""
    if cadence.direction_review_after_months <= 0 or facts.direction_review_held:
        return None
    mark = add_months(facts.hire_date, cadence.direction_review_after_months)
    if mark < switched_on:
        return None
    return Due(DIRECTION_REVIEW, mark)


def first_plan(facts: PersonFacts, cadence: Cadence, switched_on: dt.date) -> Due | None:
    """A plan within N days of hire; None while the person has an open plan."""
    if facts.has_open_plan:
        return None
    start = clock_start(facts.hire_date, switched_on)
    return Due(FIRST_PLAN, start + dt.timedelta(days=cadence.first_plan_within_days))


def due_items(facts: PersonFacts, cadence: Cadence, switched_on: dt.date) -> list[Due]:
    """Everything due for one person, nearest first."""
    found = [
        next_conversation(facts, cadence, switched_on),
        direction_review(facts, cadence, switched_on),
        first_plan(facts, cadence, switched_on),
    ]
    return sorted((d for d in found if d is not None), key=lambda d: (d.due, KINDS.index(d.kind)))


def overdue_items(facts: PersonFacts, cadence: Cadence, switched_on: dt.date, today: dt.date) -> list[Due]:
    return [d for d in due_items(facts, cadence, switched_on) if d.overdue(today)]
