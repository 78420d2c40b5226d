"""Builders for the voice-channel tests: a policy with the voice section, items raised by the org's people."""

from __future__ import annotations

import datetime as dt

from serviceladder.audit.services import Actor
from serviceladder.policy.services import policy_load
from serviceladder.wellbeing.services import voice as svc
from tests.web.org import WEB_POLICY

VOICE_POLICY = WEB_POLICY + "wellbeing:\n  voice: {answer_working_days: %d}\n"


def load_voice_policy(org, days: int = 3, effective: dt.date = dt.date(2020, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=VOICE_POLICY % days, effective=effective)


def actor(org, role: str) -> Actor:
    return Actor(user=org.users[role], channel="web")


def raise_item(org, role="agent", *, to="department", anonymous=False, day=dt.date(2025, 9, 26), **extra):
    fields = {"kind": "suggestion", "subject": "排班调整建议", "body": "夜班连续太多，希望每周轮换。"}
    fields.update(extra)
    return svc.voice_submit(actor=actor(org, role), addressed_to=to, anonymous=anonymous, today=day, **fields)


def know_next_year() -> None:
    """Tests that raise items today: mark next year of the CN calendar official (weekends only) when the
    installed package does not know it yet, so a deadline reaching into January can be set (as HR's import
    of the year's schedule would)."""
    from serviceladder.workcalendar.models import CalendarYear

    CalendarYear.objects.get_or_create(
        calendar="CN", year=dt.date.today().year + 1, defaults={"status": "official", "source": "manual"}
    )
