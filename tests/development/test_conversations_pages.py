"""The conversation form and the conversations section of the development page, over HTTP."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.development.models import Conversation, PlanAction
from tests.development.conversations_setup import switch_on

pytestmark = pytest.mark.django_db
URL = reverse("conversation_record", args=["E2003"])


def _post(client, **extra):
    today = timezone.localdate()
    data = {
        "held_on": today.isoformat(),
        "kind": "regular",
        "topics": "投诉处理，情绪管理",
        "shared_notes": "继续练习安抚话术",
        "private_notes": "",
        "next_on": (today + dt.timedelta(days=90)).isoformat(),
        "rows": "2",
        "a1_kind": "training",
        "a1_title": "投诉处理进阶课",
        "a1_start": "",
        "a1_end": "",
        "a2_kind": "training",
        "a2_title": "",
    } | extra
    return client.post(URL, data)


@pytest.mark.parametrize(
    ("role", "status"),
    [("team_lead", 200), ("hr", 200), ("agent", 403), ("department_head", 403), ("management", 403)],
)
def test_who_opens_the_form(client_for, role, status):
    assert client_for(role).get(URL).status_code == status


def test_the_lead_records_a_conversation_in_chinese_and_sees_it_on_the_page(client_for):
    client = client_for("team_lead", "zh-hans")
    response = _post(client)
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.topics == ["投诉处理", "情绪管理"]
    assert list(PlanAction.objects.values_list("title", "source")) == [
        ("投诉处理进阶课", f"conversation:{conversation.pk}")
    ]
    page = client.get(response["Location"]).content.decode()
    assert "继续练习安抚话术" in page and "投诉处理进阶课" in page


def test_a_bad_date_is_reported_and_nothing_is_written(client_for):
    response = _post(client_for("team_lead"), held_on="2026-13-40")
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()
    assert not Conversation.objects.exists() and not PlanAction.objects.exists()


def test_a_future_date_is_refused_and_the_form_keeps_what_was_typed(client_for):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = _post(client_for("team_lead"), held_on=future)
    assert response.status_code == 400
    body = response.content.decode()
    assert "is in the future" in body and "继续练习安抚话术" in body
    assert not Conversation.objects.exists()


def test_add_another_action_adds_a_row_and_records_nothing(client_for):
    response = _post(client_for("team_lead"), add_row="1")
    assert response.status_code == 200
    assert 'name="a3_title"' in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_direction_review_form_lists_every_open_track(org, client_for):
    switch_on(org, dt.date(2025, 1, 1))
    body = client_for("team_lead").get(URL + "?kind=direction_review").content.decode()
    # E2003 is at L2 (build_org): the policy opens L3 and the expert track's X1
    assert "Tracks open to this person" in body and "Senior agent" in body and "Quality specialist" in body
    body = (
        client_for("team_lead")
        .get(reverse("conversation_record", args=["E2004"]) + "?kind=direction_review")
        .content.decode()
    )
    assert "Senior agent" not in body and "Quality specialist" not in body  # E2004 at L1: only L2


def test_the_page_shows_due_and_overdue_items(org, client_for):
    switch_on(org, timezone.localdate() - dt.timedelta(days=40))
    body = client_for("agent").get(reverse("person_development", args=["E2003"])).content.decode()
    assert "overdue" in body and "First development plan" in body
    assert "Record a conversation" not in body  # the person never records their own
    assert (
        "Record a conversation"
        in client_for("team_lead").get(reverse("person_development", args=["E2003"])).content.decode()
    )
