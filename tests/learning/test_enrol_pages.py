"""Sessions and enrolments over HTTP: a trainer schedules and marks from the roster, a lead enrols a person,
an agent books a seat and follows an online course; bad input answers 400 and writes nothing."""

import pytest
from django.urls import reverse

from serviceladder.learning.models import Completion, Enrolment, Session
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


@pytest.fixture
def course(org):
    course = classroom(validity_months=12)
    add_trainer(org, course)
    return course


def as_trainer(client, org, language="en"):
    client.force_login(org.users["trainer"])
    client.cookies["serviceladder_language"] = language
    return client


def test_a_trainer_schedules_a_session(client, org, course):
    c = as_trainer(client, org)
    assert c.get(reverse("learning_session_new")).status_code == 200
    when = soon().strftime("%Y-%m-%dT%H:%M")
    r = c.post(reverse("learning_session_new"), {"course": "complaints", "starts_at": when, "capacity": "2"})
    session = Session.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("learning_session", args=[session.pk])
    assert session.capacity == 2
    r = c.post(reverse("learning_session_new"), {"course": "complaints", "starts_at": when, "capacity": "-3"})
    assert r.status_code == 400 and "whole number" in r.content.decode()
    assert Session.objects.count() == 1


def test_the_trainer_marks_the_roster_in_chinese(client, org, course):
    session = session_of(course, starts_at=past())
    enrolment = seated(enrolled(org, "E2003", course), session)
    c = as_trainer(client, org, "zh-hans")
    page = c.get(reverse("learning_session", args=[session.pk])).content.decode()
    assert "李娜" in page and f'id="complete-{enrolment.pk}"' in page
    r = c.post(
        reverse("learning_session", args=[session.pk]),
        {"action": "complete", "enrolment": enrolment.pk, "score": "120", "completed_on": ""},
    )
    assert r.status_code == 400 and not Completion.objects.exists()
    r = c.post(
        reverse("learning_session", args=[session.pk]),
        {"action": "complete", "enrolment": enrolment.pk, "score": "92", "evidence": "结业考核"},
    )
    assert r.status_code == 302
    completion = Completion.objects.get()
    assert (completion.enrolment_id, completion.evidence) == (enrolment.pk, "结业考核")


def test_a_lead_cannot_mark_another_team_from_a_roster(client, org, course, client_for):
    session = session_of(course, starts_at=past())
    other = seated(enrolled(org, "E2006", course), session)  # dept-b: not the lead's team
    c = client_for("team_lead")
    page = c.get(reverse("learning_session", args=[session.pk]))
    assert page.status_code in (403, 404) or "陈静" not in page.content.decode()
    r = c.post(reverse("learning_session", args=[session.pk]), {"action": "attend", "enrolment": other.pk})
    assert r.status_code in (403, 404)
    other.refresh_from_db()
    assert other.state == "scheduled"


def test_a_lead_enrols_a_team_member(client_for, org, course):
    c = client_for("team_lead")
    page = c.get(reverse("learning_enrol_person", args=["E2003"])).content.decode()
    assert "complaints" in page
    r = c.post(
        reverse("learning_enrol_person", args=["E2003"]), {"course": "complaints", "due_on": "2001-01-01"}
    )
    assert r.status_code == 400 and not Enrolment.objects.exists()
    r = c.post(
        reverse("learning_enrol_person", args=["E2003"]), {"course": "complaints", "due_on": "2099-03-31"}
    )
    enrolment = Enrolment.objects.get()
    assert r.status_code == 302 and enrolment.source == "lead"
    page = c.get(reverse("person_learning", args=["E2003"])).content.decode()
    assert "Complaint handling" in page and "2099-03-31" in page


def test_the_agent_books_a_seat_and_sees_it_on_her_learning_page(client_for, org, course):
    session = session_of(course, capacity=1)
    enrolment = enrolled(org, "E2003", course, due_on=None)
    c = client_for("agent")
    page = c.get(reverse("learning_enrolment", args=[enrolment.pk])).content.decode()
    assert f'id="book-{session.pk}"' in page
    r = c.post(reverse("learning_enrolment", args=[enrolment.pk]), {"action": "book", "session": session.pk})
    assert r.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.session_id) == ("scheduled", session.pk)
    page = c.get(reverse("person_learning", args=["E2003"])).content.decode()
    assert "Complaint handling" in page and reverse("learning_session", args=[session.pk]) in page
    # She may not mark herself.
    session.starts_at = past()
    session.save()
    r = c.post(reverse("learning_enrolment", args=[enrolment.pk]), {"action": "complete"})
    assert r.status_code == 403 and not Completion.objects.exists()


def test_the_agent_follows_an_online_course(client_for, org):
    enrolment = enrolled(org, "E2003", online())
    c = client_for("agent")
    url = reverse("learning_enrolment", args=[enrolment.pk])
    assert 'id="start-online"' in c.get(url).content.decode()
    c.post(url, {"action": "start"})
    assert c.post(url, {"action": "progress", "progress": "150"}).status_code == 400
    c.post(url, {"action": "progress", "progress": "100"})
    enrolment.refresh_from_db()
    assert enrolment.state == "completed" and Completion.objects.get().source == "online"


def test_the_course_page_lists_its_sessions_and_the_people_on_it_each_reader_may_see(client_for, org, course):
    upcoming = session_of(course, starts_at=soon())
    held = session_of(course, starts_at=past())
    seated(enrolled(org, "E2003", course), held)  # the lead's team
    enrolled(org, "E2006", course, due_on=past(3).date())  # dept-b, overdue
    url = reverse("learning_course", args=[course.code])

    hr = client_for("hr").get(url).content.decode()
    for session in (upcoming, held):
        assert reverse("learning_session", args=[session.pk]) in hr
    assert "E2003" in hr and "E2006" in hr and 'id="schedule-session"' in hr
    assert "overdue" in hr

    lead = client_for("team_lead").get(url).content.decode()
    assert "E2003" in lead and "E2006" not in lead  # only the lead's team
    assert 'id="schedule-session"' not in lead  # scheduling is HR's and the trainers'

    agent = client_for("agent").get(url).content.decode()  # E2003 herself: no one else's enrolment
    assert 'id="course-open-enrolments"' not in agent and "E2006" not in agent
