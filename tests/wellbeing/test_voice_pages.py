"""The voice channel over HTTP: raising an item, anonymity per role on every page, the steps on the item page,
failures that write nothing, the to-dos, the published answers and HR's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.wellbeing import errors_voice as err
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.services import voice as svc
from tests.wellbeing.voice_helpers import actor, know_next_year, load_voice_policy, raise_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar(db):
    know_next_year()


NAME = "李娜"  # the agent, E2003


def _today_item(org, **kw):
    # Raised today (the pages compute "overdue" against today).
    return raise_item(org, day=dt.date.today(), **kw)


def test_an_agent_raises_an_anonymous_item_by_post(client_for, org):
    load_voice_policy(org, days=10)
    client = client_for("agent")
    response = client.post(
        reverse("voice_new"),
        {
            "kind": "grievance",
            "addressed_to": "department",
            "anonymous": "on",
            "subject": "加班安排",
            "body": "连续三周周末加班。",
        },
    )
    item = VoiceItem.objects.get()
    assert response.status_code == 302 and response.url == reverse("voice_item", args=[item.pk])
    assert item.anonymous and item.kind == "grievance" and item.department == org.departments["a"]
    page = client.get(reverse("voice_mine")).content.decode()
    assert "加班安排" in page and item.due_on.strftime("%Y-%m-%d") in page


def test_a_bad_submission_shows_the_error_and_writes_nothing(client_for, org):
    client = client_for("agent")
    response = client.post(
        reverse("voice_new"), {"kind": "suggestion", "addressed_to": "hr", "subject": "", "body": "x"}
    )
    assert response.status_code == 400
    assert str(err.SUBJECT_REQUIRED) in response.content.decode()
    assert not VoiceItem.objects.exists() and not AuditEvent.objects.filter(action="voice.submit").exists()


def test_the_head_does_not_offer_their_own_department(client_for, org):
    page = client_for("department_head").get(reverse("voice_new")).content.decode()
    assert 'value="department"' not in page
    page = client_for("agent").get(reverse("voice_new")).content.decode()
    assert 'value="department"' in page


@pytest.mark.parametrize(
    ("role", "sees_name"),
    [("hr", True), ("department_head", False), ("team_lead", False)],
)
def test_an_anonymous_name_shows_only_to_hr(client_for, org, role, sees_name):
    load_voice_policy(org, days=10)
    item = _today_item(org, anonymous=True)
    svc.voice_assign(actor=actor(org, "hr"), item=item, owner=org.users["team_lead"])  # the lead owns it
    client = client_for(role)
    for url in (reverse("voice_item", args=[item.pk]), reverse("voice_inbox")):
        page = client.get(url).content.decode()
        assert "排班调整建议" in page
        assert (NAME in page) is sees_name, url
        if not sees_name:
            assert "Anonymous" in page


def test_a_named_item_shows_the_name_to_the_head(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org, anonymous=False)
    page = client_for("department_head").get(reverse("voice_item", args=[item.pk])).content.decode()
    assert NAME in page


def test_the_head_answers_and_the_agent_reads_it(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org, anonymous=True)
    head = client_for("department_head")
    response = head.post(
        reverse("voice_item", args=[item.pk]), {"step": "answer", "answer": "下月试行轮换。"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == VoiceItem.State.ANSWERED and not item.published
    page = client_for("agent").get(reverse("voice_mine")).content.decode()
    assert "下月试行轮换。" in page


def test_an_empty_answer_is_refused_and_writes_nothing(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org)
    response = client_for("hr").post(reverse("voice_item", args=[item.pk]), {"step": "answer", "answer": " "})
    assert response.status_code == 400 and str(err.ANSWER_REQUIRED) in response.content.decode()
    item.refresh_from_db()
    assert item.state == VoiceItem.State.SUBMITTED
    assert not AuditEvent.objects.filter(action="voice.answer").exists()


def test_a_reader_who_may_not_answer_gets_403_and_nothing_changes(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org)
    response = client_for("agent").post(
        reverse("voice_item", args=[item.pk]), {"step": "answer", "answer": "自己答"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == VoiceItem.State.SUBMITTED


def test_the_agent_withdraws_by_post_and_cannot_after_an_answer(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org)
    client = client_for("agent")
    page = client.get(reverse("voice_item", args=[item.pk])).content.decode()
    assert 'value="withdraw"' in page
    assert client.post(reverse("voice_item", args=[item.pk]), {"step": "withdraw"}).status_code == 302
    item.refresh_from_db()
    assert item.state == VoiceItem.State.WITHDRAWN
    other = _today_item(org)
    svc.voice_answer(actor=actor(org, "hr"), item=other, answer="好")
    response = client.post(reverse("voice_item", args=[other.pk]), {"step": "withdraw"})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.state == VoiceItem.State.ANSWERED


def test_published_answers_show_subject_and_answer_never_the_submitter(client_for, org):
    load_voice_policy(org, days=10)
    item = _today_item(org, anonymous=False, to="hr")
    svc.voice_answer(actor=actor(org, "hr"), item=item, answer="食堂将增加夜宵。", publish=True)
    hidden = _today_item(org, subject="未公开的事")
    svc.voice_answer(actor=actor(org, "hr"), item=hidden, answer="不公开")
    page = client_for("management").get(reverse("voice_answers")).content.decode()
    assert "食堂将增加夜宵。" in page and "排班调整建议" in page
    assert NAME not in page and "夜班连续太多" not in page  # neither the name nor the body
    assert "未公开的事" not in page


def test_to_dos_for_the_addressee_the_owner_and_the_escalation_target(org):
    from serviceladder.todos.registry import items_for

    load_voice_policy(org, days=3)
    item = raise_item(org, day=dt.date(2025, 9, 26))

    def kinds(role):
        return {(i.kind, i.key) for i in items_for(org.users[role]) if i.kind.startswith("voice.")}

    key = f"voice:{item.pk}"
    assert kinds("department_head") == {("voice.answer", key)}
    assert kinds("hr") == set() and kinds("agent") == set()
    svc.voice_assign(actor=actor(org, "department_head"), item=item, owner=org.users["team_lead"])
    assert kinds("team_lead") == {("voice.answer", key)}
    assert kinds("department_head") == set()
    svc.voice_escalate_due(dt.date(2025, 10, 1))
    assert kinds("department_head") == {("voice.escalated", key)}
    flagged = [i for i in items_for(org.users["team_lead"]) if i.key == key][0]
    assert flagged.due == dt.date(2025, 9, 30) and "2025-09-30" in str(flagged.detail)
    svc.voice_answer(actor=actor(org, "team_lead"), item=item, answer="已处理")
    assert kinds("team_lead") == set() and kinds("department_head") == set()


def test_hr_sees_the_response_time_figures(client_for, org):
    load_voice_policy(org, days=3)
    on_time = raise_item(org, day=dt.date.today() - dt.timedelta(days=40))
    VoiceItem.objects.filter(pk=on_time.pk).update(submitted_at=on_time.submitted_at - dt.timedelta(days=40))
    svc.voice_answer(actor=actor(org, "hr"), item=on_time, answer="好")
    page = client_for("hr").get(reverse("voice_figures")).content.decode()
    assert "<svg" in page
    assert "Customer Service 1" in page
