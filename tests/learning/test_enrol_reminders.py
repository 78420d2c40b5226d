"""Reminders (daily steps) and to-dos of sessions and enrolments: the day before a session its people and
trainer hear once; an overdue enrolment's person and lead hear once; the to-dos appear for the right people
and go away once done."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.daily.registry import steps
from serviceladder.learning.services import marking
from serviceladder.learning.services.reminders import overdue_reminders_send, session_reminders_send
from serviceladder.notifications.models import Notification
from serviceladder.todos.registry import items_for
from tests.learning.enrol_setup import (
    add_trainer,
    classroom,
    enrolled,
    online,
    past,
    seated,
    session_of,
    soon,
)

pytestmark = pytest.mark.django_db


def test_the_steps_are_registered():
    assert {"learning.session_reminders", "learning.overdue_reminders"} <= set(steps())


def test_a_session_reminder_goes_out_the_day_before_and_once(org):
    course = classroom()
    trainer = add_trainer(org, course)
    today = timezone.localdate()
    tomorrow_9 = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 0)))
    session = session_of(course, starts_at=tomorrow_9)
    session.trainer = trainer
    session.save()
    seated(enrolled(org, "E2003", course), session)
    later = session_of(course, starts_at=tomorrow_9 + dt.timedelta(days=2))
    seated(enrolled(org, "E2002", course), later)
    assert session_reminders_send(today - dt.timedelta(days=1)) == {"sessions": 0}
    assert session_reminders_send(today) == {"sessions": 1}
    told = Notification.objects.filter(kind="learning.session_tomorrow")
    assert {n.recipient for n in told} == {org.users["agent"], trainer}
    assert session_reminders_send(today) == {"sessions": 0}
    assert told.count() == 2


def test_an_overdue_reminder_goes_to_the_person_and_lead_once(org):
    course = classroom()
    today = dt.date(2026, 5, 10)
    enrolled(org, "E2003", course, due_on=dt.date(2026, 5, 9))
    enrolled(org, "E2004", classroom("other"), due_on=dt.date(2026, 5, 10))  # due today: not yet overdue
    assert overdue_reminders_send(today) == {"enrolments": 1}
    told = Notification.objects.filter(kind="learning.enrolment_overdue")
    assert {n.recipient for n in told} == {org.users["agent"], org.users["team_lead"]}
    # The next day only E2004's course is new (its lead hears; 张伟 has no login); 李娜 is not told again.
    assert overdue_reminders_send(today + dt.timedelta(days=1)) == {"enrolments": 1}
    assert told.filter(recipient=org.users["agent"]).count() == 1
    assert told.filter(recipient=org.users["team_lead"]).count() == 2
    assert overdue_reminders_send(today + dt.timedelta(days=2)) == {"enrolments": 0}


def kinds(user):
    return sorted(i.kind for i in items_for(user))


def test_todos_for_the_agent_the_trainer_and_the_lead(org):
    course = classroom()
    trainer = add_trainer(org, course)
    agent = org.users["agent"]
    enrolment = enrolled(org, "E2003", course, due_on=dt.date(2000, 1, 1))
    # Nothing to book until a session exists.
    assert "learning.book" not in kinds(agent)
    session_of(course, starts_at=soon())
    assert "learning.book" in kinds(agent)
    assert "learning.team_overdue" in kinds(org.users["team_lead"])
    # Booked into a session that has started: the trainer has it to mark; the agent no longer books.
    seated(enrolment, session_of(course, starts_at=past()))
    assert "learning.book" not in kinds(agent)
    assert "learning.mark" in kinds(trainer)
    marking.enrolment_complete(actor=Actor(user=trainer), enrolment=enrolment)
    assert "learning.mark" not in kinds(trainer)
    assert "learning.team_overdue" not in kinds(org.users["team_lead"])


def test_an_online_course_to_finish(org):
    enrolled(org, "E2003", online())
    assert "learning.finish" in kinds(org.users["agent"])


def test_a_promotion_training_is_one_to_do_not_two(org):
    """A promotion's training is on the promotion to-do; the learning to-do does not list it again."""
    from serviceladder.learning.models import Enrolment
    from serviceladder.learning.services.enrolments import enrol

    course = classroom()
    session_of(course, starts_at=soon())
    enrol(
        org.employees["E2003"], course, source=Enrolment.Source.PROMOTION, actor=Actor(user=org.users["hr"])
    )
    found = kinds(org.users["agent"])
    assert "learning.book" not in found
    assert found.count("promotions.training") == 1
