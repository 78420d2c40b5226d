"""Shared setup for the conversation tests: the web-test policy with development planning switched on
on a chosen day (the version's loaded_at moved back, as if HR had loaded it then)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.services import policy_load
from tests.web.org import WEB_POLICY

DEVELOPMENT = """\
development:
  enabled: true
  conversation_every_months: 3
  direction_review_after_months: 6
  first_plan_within_days: 30
"""


def switch_on(org, day: dt.date, text: str = DEVELOPMENT) -> PolicyVersion:
    """Development planning in force from `day` (effective and loaded that day)."""
    version = policy_load(actor=Actor(user=org.users["hr"]), text=WEB_POLICY + text, effective=day).version
    loaded = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    # A stored version is immutable to the product; the test moves its load back in time below the guard.
    QuerySet.update(PolicyVersion.objects.filter(pk=version.pk), loaded_at=loaded)
    return version
