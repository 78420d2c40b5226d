"""The demo's voice channel: items answered (one late, some published), open, and exactly one overdue item
escalated to the head; the head's pages never name an anonymous submitter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.wellbeing.models import VoiceItem
from tests.wellbeing.voice_helpers import know_next_year

pytestmark = pytest.mark.django_db


def test_the_demo_has_voice_items_in_every_state(client):
    know_next_year()
    org = generate(seed=7, agents=80, months=8, today=dt.date.today())
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    states = set(VoiceItem.objects.values_list("state", flat=True))
    assert {"answered", "submitted", "in_progress"} <= states
    escalated = VoiceItem.objects.filter(escalated_at__isnull=False)
    assert escalated.count() == 1
    head = get_user_model().objects.get(username="head")
    assert escalated.get().escalated_to == head and escalated.get().due_on < dt.date.today()
    answered = VoiceItem.objects.filter(state="answered")
    assert any(i.answered_at.date() > i.due_on for i in answered)  # one answered late
    assert answered.filter(published=True).exists()
    anonymous = VoiceItem.objects.filter(anonymous=True, addressed_to="department").select_related(
        "submitter"
    )
    client.force_login(head)
    page = client.get(reverse("voice_inbox") + "?state=").content.decode()
    assert anonymous.exists()
    rows = page.split("<tr>")
    for item in anonymous:
        (row,) = [r for r in rows if item.subject in r]
        assert item.submitter.name not in row and "Anonymous" in row
