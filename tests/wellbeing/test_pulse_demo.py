"""The demo's pulse: two closed cycles with the quality team folded (and its neighbour hidden with it), this
month's cycle open with the demo agent still to answer, and two answers shared with the demo lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.policy.selectors import policy_in_force
from serviceladder.todos.registry import items_for
from serviceladder.wellbeing.engine.pulse_suppression import COMPLEMENTARY, FEW_ANSWERS
from serviceladder.wellbeing.models import PulseCycle, PulseResponse
from serviceladder.wellbeing.selectors.pulse_results import cycle_results
from serviceladder.wellbeing.todos_pulse import TO_ANSWER

TODAY = dt.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_pulse_shows_suppression_and_an_open_cycle():
    org = generate(seed=7, agents=320, months=6, today=TODAY)
    demo_load(org=org, actor=Actor(user=None, channel="cli"))
    users = get_user_model().objects
    assert [q.code for q in policy_in_force(TODAY).wellbeing.pulse.questions][:4] == [
        "exhaustion",
        "achievement",
        "path_clarity",
        "respect",
    ]
    cycles = list(PulseCycle.objects.order_by("month").values_list("month", "state"))
    assert cycles == [("2026-03", "closed"), ("2026-04", "closed"), ("2026-05", "open")]
    last = PulseCycle.objects.get(month="2026-04")
    results = cycle_results(users.get(username="hr"), last)
    folded = {g.name: g.reason for g in results.folded if g.level == "team"}
    assert folded["Quality assurance"] == FEW_ANSWERS
    assert COMPLEMENTARY in folded.values()
    shown_teams = [g for g in results.shown if g.level == "team"]
    assert len(shown_teams) >= 8
    assert results.shown[0].benchmark is not None
    assert PulseResponse.objects.filter(cycle=last).exclude(comment="").exists()
    assert TO_ANSWER in [i.kind for i in items_for(users.get(username="agent"))]
    from serviceladder.accounts.scoping import pulse_shared_visible_to

    assert pulse_shared_visible_to(users.get(username="lead")).filter(cycle=last).count() == 2
