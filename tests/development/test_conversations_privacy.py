"""Private notes: only their author and HR ever read them. Never the person, the department head,
management, another lead, the API (for anyone) or a notification."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.development.services.conversations import conversation_record
from serviceladder.notifications.models import Notification

pytestmark = pytest.mark.django_db
SHARED = "Agreed to shadow the complaints desk"
SECRET = "Worried about burnout, keep an eye"


@pytest.fixture
def talk(org):
    return conversation_record(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2003"],
        held_on=timezone.localdate() - dt.timedelta(days=2),
        topics=["direction"],
        shared_notes=SHARED,
        private_notes=SECRET,
    )


@pytest.mark.parametrize(
    ("role", "shared", "private"),
    [
        ("team_lead", True, True),  # the author
        ("hr", True, True),
        ("agent", True, False),  # the person
        ("department_head", True, False),
    ],
)
def test_the_development_page_shows_private_notes_to_the_author_and_hr_only(
    client_for, talk, role, shared, private
):
    page = client_for(role).get(reverse("person_development", args=["E2003"])).content.decode()
    assert (SHARED in page) is shared
    assert (SECRET in page) is private


@pytest.mark.parametrize("role", ["management", "admin"])
def test_management_and_the_administrator_do_not_open_the_page(client_for, talk, role):
    response = client_for(role).get(reverse("person_development", args=["E2003"]))
    assert response.status_code in (403, 404)
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("role", ["team_lead", "hr", "agent", "department_head"])
def test_the_api_never_carries_private_notes(client_for, talk, role):
    response = client_for(role).get("/api/people/E2003/conversations")
    assert response.status_code == 200
    body = response.content.decode()
    assert SHARED in body
    assert SECRET not in body
    assert "private" not in body


@pytest.mark.parametrize("role", ["management", "admin"])
def test_the_api_refuses_who_may_not_read_the_record(client_for, talk, role):
    response = client_for(role).get("/api/people/E2003/conversations")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_the_person_is_notified_without_any_notes(org, talk):
    notes = Notification.objects.filter(recipient=org.users["agent"], kind="development.conversation")
    assert notes.count() == 1
    text = str(notes.values_list("title", "body", "message").get())
    assert SECRET not in text and SHARED not in text


def test_no_notification_anywhere_carries_private_notes(org, talk):
    from serviceladder.daily.services import daily_run

    daily_run(timezone.localdate())
    for n in Notification.objects.all():
        assert SECRET not in f"{n.title} {n.body} {n.message}"
