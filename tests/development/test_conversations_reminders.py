"""The daily reminder step: exactly one reminder per overdue item and recipient, never twice (the job run
again, or catching up several missed days); to the lead, to the head for a team without a lead."""

import datetime as dt

import pytest

from serviceladder.audit.services import Actor
from serviceladder.daily.models import DailyRun
from serviceladder.daily.services import daily_catch_up, daily_run
from serviceladder.development.models import Reminder
from serviceladder.development.services.conversations import conversation_record
from serviceladder.development.services.plan_drafts import plan_draft_for
from serviceladder.development.services.reminders import reminders_send
from serviceladder.notifications.models import Notification
from tests.development.conversations_setup import switch_on

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 6)
# With the cadence 3 months / review at 6 months / plan within 30 days, switched on ON:
PLAN_DUE = ON + dt.timedelta(days=30)  # 2025-02-05
CONVERSATION_DUE = dt.date(2025, 4, 6)
REVIEW_DUE = dt.date(2025, 7, 6)
# People reminded: team a1 (lead E2002) → E2003, E2004 to the lead; team a2 (no lead) → E2005 to the head.
# Team b1 has neither lead nor head: nobody is reminded. The lead E2002 leads their own team: nobody.


def _reminders(org, who):
    return Notification.objects.filter(recipient=org.users[who], kind="development.reminder")


def test_nothing_is_sent_before_anything_is_overdue(org):
    switch_on(org, ON)
    assert reminders_send(PLAN_DUE) == {"overdue": 0, "sent": 0}  # due that day, not overdue yet
    assert not Reminder.objects.exists()


def test_one_reminder_per_overdue_item_and_recipient(org):
    switch_on(org, ON)
    day = PLAN_DUE + dt.timedelta(days=1)
    result = reminders_send(day)
    assert result["sent"] == 3  # E2003, E2004 → lead; E2005 → head
    assert _reminders(org, "team_lead").count() == 2
    assert _reminders(org, "department_head").count() == 1
    assert set(Reminder.objects.values_list("kind", "due")) == {("first_plan", PLAN_DUE)}
    titles = set(_reminders(org, "team_lead").values_list("title", flat=True))
    assert any("李娜" in t for t in titles) and any("张伟" in t for t in titles)


def test_running_the_job_twice_for_a_day_sends_nothing_twice(org):
    switch_on(org, ON)
    day = PLAN_DUE + dt.timedelta(days=1)
    daily_run(day)
    DailyRun.objects.all().delete()  # even if the job's own record were lost
    daily_run(day)
    reminders_send(day)
    assert _reminders(org, "team_lead").count() == 2
    assert Reminder.objects.count() == 3


def test_catching_up_missed_days_sends_each_reminder_once(org):
    switch_on(org, ON)
    DailyRun.objects.create(
        day=PLAN_DUE - dt.timedelta(days=3),
        step="development.reminders",
        started_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        status="done",
    )
    outcomes = daily_catch_up(CONVERSATION_DUE + dt.timedelta(days=2))
    reminder_days = [o.day for o in outcomes if o.step == "development.reminders" and o.status == "done"]
    assert len(reminder_days) == 31  # bounded: at most 31 days back
    # plan and conversation overdue within the caught-up days; one reminder each per person and recipient
    assert Reminder.objects.filter(kind="first_plan").count() == 3
    assert Reminder.objects.filter(kind="conversation").count() == 3
    assert _reminders(org, "team_lead").count() == 4
    daily_catch_up(CONVERSATION_DUE + dt.timedelta(days=2))  # and again: nothing new
    assert _reminders(org, "team_lead").count() == 4


def test_a_done_item_is_not_reminded_and_a_new_due_date_is_a_new_reminder(org):
    switch_on(org, ON)
    lead = Actor(user=org.users["team_lead"])
    day = CONVERSATION_DUE + dt.timedelta(days=1)
    reminders_send(day)
    assert (
        Reminder.objects.filter(key=f"employee:{org.employees['E2003'].pk}", kind="conversation").count() == 1
    )
    # the lead holds the conversation (agreeing the next one) and starts a plan: nothing more for a while
    held = dt.date(2025, 4, 10)
    conversation_record(
        actor=lead, employee=org.employees["E2003"], held_on=held, next_on=dt.date(2025, 5, 10)
    )
    plan_draft_for(actor=lead, employee=org.employees["E2003"])
    before = _reminders(org, "team_lead").count()
    reminders_send(dt.date(2025, 5, 10))
    assert _reminders(org, "team_lead").count() == before  # E2004 was reminded already; E2003 is not late
    reminders_send(dt.date(2025, 5, 11))  # the agreed date passed: a new reminder for the new due date
    new = Reminder.objects.filter(key=f"employee:{org.employees['E2003'].pk}", kind="conversation")
    assert sorted(new.values_list("due", flat=True)) == [CONVERSATION_DUE, dt.date(2025, 5, 10)]


def test_the_direction_review_is_reminded_at_its_date(org):
    # Hired after the switch-on: six months of service on REVIEW_DUE (veterans owe no direction review).
    for number in ("E2003", "E2004", "E2005"):
        org.employees[number].hire_date = dt.date(2025, 1, 6)
        org.employees[number].save(update_fields=["hire_date"])
    switch_on(org, ON)
    reminders_send(REVIEW_DUE)
    assert not Reminder.objects.filter(kind="direction_review").exists()
    reminders_send(REVIEW_DUE + dt.timedelta(days=1))
    assert Reminder.objects.filter(kind="direction_review").count() == 3


def test_nothing_is_sent_while_development_planning_is_off(org):
    from tests.web.org import ensure_policy

    ensure_policy(org, effective=dt.date(2024, 1, 1))
    assert reminders_send(dt.date(2026, 1, 1)) == {"overdue": 0, "sent": 0}
    assert not Notification.objects.filter(kind="development.reminder").exists()
