"""Mentoring over HTTP for every role: the pairing form (the mentee's lead and HR), the mentorship page and
its end, the session log (the mentor), "my mentees", the home page and its to-do, and the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.models import MentoringSession, Mentorship
from serviceladder.development.selectors.mentoring import DUE_SOON_DAYS, next_session_due, session_waiting
from serviceladder.development.services.mentoring import mentoring_session_log
from serviceladder.todos.registry import items_for
from tests.development.mentoring_org import MENTEE, MENTOR, add_mentor_user, pair

pytestmark = pytest.mark.django_db
ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "none", "mentor"]
TODAY = timezone.localdate


def _form(**overrides):
    return {
        "mentor": MENTOR,
        "focus": "Complaint handling",
        "starts_on": TODAY().isoformat(),
        "ends_on": "",
        "every_weeks": "4",
        **overrides,
    }


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_pairing_form(client_for, org, role):
    add_mentor_user(org)
    status = client_for(role).get(reverse("mentorship_new", args=[MENTEE])).status_code
    expected = 200 if role in ("team_lead", "hr") else (404 if role in ("none", "mentor") else 403)
    assert status == expected


def test_hr_pairs_a_mentor_from_anywhere_by_the_form(client_for, org):
    add_mentor_user(org)
    client = client_for("hr")
    form = client.get(reverse("mentorship_new", args=[MENTEE])).content.decode()
    assert f'value="{MENTOR}"' in form and f'value="{MENTEE}"' not in form  # the mentee is not offered
    response = client.post(reverse("mentorship_new", args=[MENTEE]), _form(every_weeks="3"))
    m = Mentorship.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mentorship", args=[m.pk])
    assert (m.mentor.number, m.every_weeks, m.ends_on) == (MENTOR, 3, None)


def test_the_lead_chooses_a_mentor_among_the_people_they_see(client_for, org):
    client = client_for("team_lead")
    form = client.get(reverse("mentorship_new", args=[MENTEE])).content.decode()
    assert 'value="E2004"' in form and f'value="{MENTOR}"' not in form  # E2006 is in another department
    refused = client.post(reverse("mentorship_new", args=[MENTEE]), _form())
    assert refused.status_code == 400 and f"No employee has the number {MENTOR}" in refused.content.decode()
    assert not Mentorship.objects.exists()
    assert client.post(reverse("mentorship_new", args=[MENTEE]), _form(mentor="E2004")).status_code == 302
    assert Mentorship.objects.get().mentor.number == "E2004"


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"mentor": MENTEE}, "cannot mentor themselves"),
        ({"mentor": "E9999"}, "No employee has the number E9999"),
        ({"starts_on": "tomorrow"}, "Starts on: give a date"),
        ({"ends_on": "2020-01-01"}, "is before the start date"),
        ({"every_weeks": "0"}, "Meet every 1 to 26 weeks"),
        ({"every_weeks": "often"}, "Meet every 1 to 26 weeks"),
        ({"focus": ""}, "its focus"),
    ],
)
def test_a_bad_pairing_form_says_why_and_writes_nothing(client_for, org, overrides, text):
    add_mentor_user(org)
    response = client_for("hr").post(reverse("mentorship_new", args=[MENTEE]), _form(**overrides))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Mentorship.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="development.").exists()


def test_the_pairing_form_refuses_a_second_running_mentorship(client_for, org):
    pair(org)
    response = client_for("hr").post(reverse("mentorship_new", args=[MENTEE]), _form())
    assert response.status_code == 400 and "already mentors" in response.content.decode()
    assert Mentorship.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_a_mentorship_and_who_reads_its_notes(client_for, org, role):
    m = pair(org)
    mentoring_session_log(
        actor=Actor(user=org.users["mentor"]), mentorship=m, held_on=TODAY(), notes="Secret-ish notes"
    )
    response = client_for(role).get(reverse("mentorship", args=[m.pk]))
    # The mentee, their lead and head, HR and the mentor open it; management, admin, a user without a role
    # do not. The notes: mentor, mentee, HR only.
    opens = {"agent", "team_lead", "department_head", "hr", "mentor"}
    assert response.status_code == (200 if role in opens else 404)
    if role in opens:
        assert ("Secret-ish notes" in response.content.decode()) == (role in {"agent", "hr", "mentor"})


@pytest.mark.parametrize("role", ROLES)
def test_only_the_mentor_opens_the_session_form(client_for, org, role):
    m = pair(org)
    status = client_for(role).get(reverse("mentoring_session_new", args=[m.pk])).status_code
    expected = {"mentor": 200, "agent": 403, "team_lead": 403, "department_head": 403, "hr": 403}
    assert status == expected.get(role, 404)


def test_the_mentor_logs_a_session_over_http_and_a_bad_one_writes_nothing(client_for, org):
    m = pair(org)
    client = client_for("mentor")
    url = reverse("mentoring_session_new", args=[m.pk])
    bad = client.post(url, {"held_on": (TODAY() + dt.timedelta(days=3)).isoformat(), "notes": "x"})
    assert bad.status_code == 400 and "in the future" in bad.content.decode()
    assert not MentoringSession.objects.exists()
    ok = client.post(url, {"held_on": TODAY().isoformat(), "notes": "Case review", "next_steps": "Shadow"})
    assert ok.status_code == 302
    assert MentoringSession.objects.get().next_steps == "Shadow"


def test_the_lead_ends_the_mentorship_from_its_page_and_the_mentor_cannot(client_for, org):
    m = pair(org)
    assert client_for("mentor").post(reverse("mentorship", args=[m.pk]), {"reason": "x"}).status_code == 403
    m.refresh_from_db()
    assert m.ended_at is None
    response = client_for("team_lead").post(reverse("mentorship", args=[m.pk]), {"reason": "Done"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.ended_at is not None


def test_next_session_due_follows_the_cadence():
    start = dt.date(2026, 1, 5)
    assert next_session_due(start, 4, None) == dt.date(2026, 2, 2)
    assert next_session_due(start, 2, dt.date(2026, 3, 1)) == dt.date(2026, 3, 15)
    due = dt.date(2026, 3, 15)
    assert not session_waiting(due, due - dt.timedelta(days=DUE_SOON_DAYS + 1))
    assert session_waiting(due, due - dt.timedelta(days=DUE_SOON_DAYS))
    assert session_waiting(due, due + dt.timedelta(days=30))


def test_a_due_session_is_on_the_mentors_home_and_goes_once_logged(client_for, org):
    m = pair(org, starts_on=TODAY() - dt.timedelta(weeks=5), every_weeks=4)  # due a week ago
    items = [i for i in items_for(org.users["mentor"]) if i.kind == "development.mentoring_session"]
    assert len(items) == 1 and items[0].due == TODAY() - dt.timedelta(weeks=1)
    assert items[0].url == reverse("mentoring_session_new", args=[m.pk])
    home = client_for("mentor").get(reverse("home")).content.decode()
    assert 'id="home-mentees"' in home and 'data-kind="development.mentoring_session"' in home
    assert not [i for i in items_for(org.users["team_lead"]) if i.kind == "development.mentoring_session"]
    mentoring_session_log(actor=Actor(user=org.users["mentor"]), mentorship=m, held_on=TODAY(), notes="ok")
    assert not [i for i in items_for(org.users["mentor"]) if i.kind == "development.mentoring_session"]


def test_my_mentees_lists_the_running_mentorships_and_the_own_page_links_there(client_for, org):
    m = pair(org)
    client = client_for("mentor")
    html = client.get(reverse("my_mentees")).content.decode()
    assert org.employees[MENTEE].name in html and reverse("mentoring_session_new", args=[m.pk]) in html
    own = client.get(reverse("person_development", args=[MENTOR])).content.decode()
    assert 'id="my-mentees-link"' in own


@pytest.mark.parametrize("role", ROLES)
def test_the_api_shows_each_role_the_mentorships_and_sessions_the_pages_show(client_for, org, role):
    m = pair(org)
    mentoring_session_log(actor=Actor(user=org.users["mentor"]), mentorship=m, held_on=TODAY(), notes="n")
    client = client_for(role)
    listed = client.get("/api/development/mentorships")
    ids = [row["id"] for row in listed.json()]
    sees = role in {"agent", "team_lead", "department_head", "hr", "mentor"}
    assert ids == ([m.pk] if sees else [])
    sessions = client.get(f"/api/development/mentorships/{m.pk}/sessions")
    expected = 200 if role in {"agent", "hr", "mentor"} else (403 if sees else 404)
    assert sessions.status_code == expected
    if expected == 200:
        assert [s["notes"] for s in sessions.json()] == ["n"]
