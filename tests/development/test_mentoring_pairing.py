"""Pairing a mentor, ending it, logging sessions (development.services.mentoring): who may, every refusal
with its message and nothing written, the audit rows."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development import errors
from serviceladder.development.models import MentoringSession, Mentorship
from serviceladder.development.services.mentoring import (
    mentoring_session_log,
    mentorship_end,
    mentorship_start,
)
from tests.development.mentoring_org import MENTEE, MENTOR, add_mentor_user, pair
from tests.web.org import build_org

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def org():
    org = build_org()
    add_mentor_user(org)
    return org


def _start(org, by="team_lead", **overrides):
    values = {
        "mentor": org.employees[MENTOR],
        "mentee": org.employees[MENTEE],
        "focus": "Complaint handling",
        "starts_on": TODAY(),
        "ends_on": None,
        "every_weeks": 4,
        **overrides,
    }
    return mentorship_start(actor=Actor(user=org.users[by]), **values)


@pytest.mark.parametrize("by", ["team_lead", "hr"])
def test_the_lead_or_hr_pairs_a_mentor_and_it_is_audited(org, by):
    m = _start(org, by=by, ends_on=TODAY() + dt.timedelta(days=180), every_weeks=2)
    assert (m.mentor.number, m.mentee.number, m.every_weeks) == (MENTOR, MENTEE, 2)
    event = AuditEvent.objects.get(action="development.mentorship_start")
    assert event.employee.number == MENTEE
    assert event.actor == org.users[by]
    assert event.after["mentor"] == MENTOR and event.after["every_weeks"] == 2


@pytest.mark.parametrize("by", ["agent", "department_head", "management", "admin", "mentor"])
def test_nobody_else_pairs_and_nothing_is_written(org, by):
    # The head of dept-a does not: team a1 has a lead (the head stands in only for a team without one).
    with pytest.raises(errors.MentoringNotAllowed) as info:
        _start(org, by=by)
    assert str(info.value) == str(errors.CANNOT_PAIR)
    assert not Mentorship.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.mentor").exists()


def _left(org):
    e = org.employees[MENTOR]
    e.leave_date = TODAY() - dt.timedelta(days=1)
    e.save(update_fields=["leave_date"])
    return {}


def _not_hired_yet(org):
    e = org.employees[MENTOR]
    e.hire_date = TODAY() + dt.timedelta(days=30)
    e.save(update_fields=["hire_date"])
    return {}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (lambda org: {"mentor": org.employees[MENTEE]}, errors.MENTOR_IS_MENTEE),
        (lambda org: {"ends_on": TODAY() - dt.timedelta(days=1)}, errors.MENTORSHIP_ENDS_BEFORE_START),
        (lambda org: {"focus": "   "}, errors.FOCUS_REQUIRED),
        (lambda org: {"every_weeks": 0}, errors.CADENCE_OUT_OF_RANGE),
        (lambda org: {"every_weeks": 27}, errors.CADENCE_OUT_OF_RANGE),
        (_left, errors.MENTOR_NOT_EMPLOYED),
        (_not_hired_yet, errors.MENTOR_NOT_EMPLOYED),
    ],
    ids=[
        "self",
        "end-before-start",
        "no-focus",
        "cadence-0",
        "cadence-27",
        "mentor-left",
        "mentor-not-hired",
    ],
)
def test_every_invalid_pairing_is_refused_with_its_reason_and_nothing_written(org, case, message):
    overrides = case(org)
    with pytest.raises(errors.MentoringInvalid) as info:
        _start(org, **overrides)
    assert info.value.message == message
    assert not Mentorship.objects.exists()
    assert not AuditEvent.objects.filter(action="development.mentorship_start").exists()


def test_one_running_mentorship_per_pair_and_a_new_one_after_it_ends(org):
    first = _start(org)
    with pytest.raises(errors.MentoringInvalid) as info:
        _start(org, focus="Another focus")
    assert info.value.message == errors.MENTORSHIP_EXISTS
    assert Mentorship.objects.count() == 1
    mentorship_end(actor=Actor(user=org.users["hr"]), mentorship=first, reason="Goal reached")
    second = _start(org, focus="The expert track")
    assert Mentorship.objects.count() == 2 and second.pk != first.pk


def test_a_mentorship_past_its_end_date_is_over_for_pairing_too(org):
    m = pair(org, starts_on=TODAY() - dt.timedelta(days=90), ends_on=TODAY() - dt.timedelta(days=1))
    again = _start(org)
    assert again.pk != m.pk


def test_ending_is_for_the_lead_or_hr_only_and_only_once(org):
    m = pair(org)
    for key in ("mentor", "agent", "management"):
        with pytest.raises(errors.MentoringNotAllowed):
            mentorship_end(actor=Actor(user=org.users[key]), mentorship=m)
    m.refresh_from_db()
    assert m.ended_at is None
    ended = mentorship_end(actor=Actor(user=org.users["team_lead"]), mentorship=m, reason="Moved to team b1")
    assert ended.ended_at is not None and ended.ends_on == TODAY()
    event = AuditEvent.objects.get(action="development.mentorship_end")
    assert event.reason == "Moved to team b1"
    with pytest.raises(errors.MentoringInvalid) as info:
        mentorship_end(actor=Actor(user=org.users["hr"]), mentorship=m)
    assert info.value.message == errors.MENTORSHIP_ALREADY_ENDED
    assert AuditEvent.objects.filter(action="development.mentorship_end").count() == 1


def test_the_mentor_logs_a_session_audited_without_its_words(org):
    m = pair(org)
    s = mentoring_session_log(
        actor=Actor(user=org.users["mentor"]),
        mentorship=m,
        held_on=TODAY() - dt.timedelta(days=2),
        notes="Listened to three escalations together",
        next_steps="Try the de-escalation script",
    )
    assert s.logged_by == org.users["mentor"]
    event = AuditEvent.objects.get(action="development.mentoring_session")
    assert "Listened" not in str(event.after) and event.after["notes"]["length"] == len(s.notes)


@pytest.mark.parametrize("by", ["agent", "team_lead", "hr", "department_head"])
def test_only_the_mentor_logs_sessions(org, by):
    m = pair(org)
    with pytest.raises(errors.MentoringNotAllowed) as info:
        mentoring_session_log(actor=Actor(user=org.users[by]), mentorship=m, held_on=TODAY(), notes="x")
    assert info.value.message == errors.CANNOT_LOG_SESSION
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize(
    ("held", "notes", "message"),
    [
        (1, "x", errors.SESSION_IN_FUTURE),
        (-61, "x", errors.SESSION_OUTSIDE_MENTORSHIP),
        (0, "  ", errors.SESSION_EMPTY),
    ],
    ids=["future", "before-start", "empty"],
)
def test_an_invalid_session_is_refused_and_nothing_written(org, held, notes, message):
    m = pair(org)  # started 60 days ago
    with pytest.raises(errors.MentoringInvalid) as info:
        mentoring_session_log(
            actor=Actor(user=org.users["mentor"]),
            mentorship=m,
            held_on=TODAY() + dt.timedelta(days=held),
            notes=notes,
        )
    assert info.value.message == message
    assert not MentoringSession.objects.exists()
    assert not AuditEvent.objects.filter(action="development.mentoring_session").exists()


def test_no_session_is_logged_on_an_ended_mentorship(org):
    m = pair(org)
    mentorship_end(actor=Actor(user=org.users["hr"]), mentorship=m)
    m.refresh_from_db()
    with pytest.raises(errors.MentoringInvalid):
        mentoring_session_log(actor=Actor(user=org.users["mentor"]), mentorship=m, held_on=TODAY(), notes="x")
    assert not MentoringSession.objects.exists()


def test_the_head_pairs_for_a_team_without_a_lead(org):
    # 刘洋 (E2005) is in team a2, which has no lead: the head of dept-a stands in.
    m = _start(org, by="department_head", mentee=org.employees["E2005"], mentor=org.employees["E2004"])
    assert m.mentee.number == "E2005"
    with pytest.raises(errors.MentoringNotAllowed):
        _start(org, by="team_lead", mentee=org.employees["E2005"], mentor=org.employees["E2004"], focus="x")
    assert Mentorship.objects.count() == 1


def test_a_mentor_who_is_also_the_lead_keeps_what_the_lead_sees(org):
    from serviceladder.accounts.scoping import can_see_development, can_see_performance

    m = _start(org, by="hr", mentor=org.employees["E2002"])  # 王芳 leads team a1 and mentors 李娜
    lead, mentee = org.users["team_lead"], org.employees[MENTEE]
    assert can_see_development(lead, mentee) and can_see_performance(lead, mentee)
    mentorship_end(actor=Actor(user=org.users["hr"]), mentorship=m)
    assert can_see_development(lead, mentee)  # ending the mentorship takes nothing the lead had
