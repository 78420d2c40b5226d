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
from serviceladder.demo.wellbeing_voice import ITEMS, demo_voice_load
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.workcalendar.workdays import chinese_calendar_years

pytestmark = pytest.mark.django_db


def test_the_demo_has_voice_items_in_every_state(client):
    today = dt.date.today()
    org = generate(seed=7, agents=80, months=8, today=today)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    assert VoiceItem.objects.count() == len(ITEMS)  # none skipped
    states = set(VoiceItem.objects.values_list("state", flat=True))
    assert {"answered", "submitted", "in_progress"} <= states
    escalated = VoiceItem.objects.filter(escalated_at__isnull=False)
    assert escalated.count() == 1
    head = get_user_model().objects.get(username="head")
    assert escalated.get().escalated_to == head and escalated.get().due_on < today
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

    # Late December of the last year the calendar knows: the recent items' deadlines reach into a year
    # without an official schedule, and are made all the same, with a provisional deadline.
    VoiceItem.objects.all().delete()
    december = dt.date(max(chinese_calendar_years()), 12, 28)
    counts = demo_voice_load(december)
    assert sum(counts.values()) == len(ITEMS) == VoiceItem.objects.count()
    provisional = VoiceItem.objects.exclude(due_provisional_years=[])
    assert provisional.exists()
    assert all(i.due_provisional_years == [december.year + 1] for i in provisional)
