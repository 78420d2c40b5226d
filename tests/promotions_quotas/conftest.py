"""tests.promotions' organisation and policy (targets L2, L3 and EX1; quotas L2=1, L3=2) with the cycle of
September 2025 open, the promotions clock fixed inside it (TODAY) and movable, and helpers to bring
applications to management's approval through the real services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.promotions.models import PromotionCycle
from serviceladder.promotions.services import promotion_cycle_quotas_set
from serviceladder.promotions.states import State
from tests.promotions.conftest import TODAY, advance, build_org, submitted

REASON = "业务量上升，增加名额"


@pytest.fixture
def today(monkeypatch):
    current = {"date": TODAY}
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: current["date"])
    monkeypatch.setattr(
        "serviceladder.promotions.clock.now",
        lambda: timezone.make_aware(dt.datetime.combine(current["date"], dt.time(12, 0))),
    )

    def set_today(date: dt.date) -> dt.date:
        current["date"] = date
        return date

    return set_today


@pytest.fixture
def org(db, today):
    from serviceladder.promotions.services import promotion_cycle_open

    org = build_org()
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"),
        name="2025 下半年晋升",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 30),
    )
    return org


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def approved(org, key: str = "applicant", target: str = "L2", *, override_reason: str = ""):
    """`key`'s application for `target`, approved by management (states.QUOTA_STATES)."""
    return advance(org, submitted(org, key, target), State.MGMT_APPROVED, override_reason=override_reason)


def at_management(org, key: str = "colleague", target: str = "L2"):
    """`key`'s application for `target`, awaiting management."""
    return advance(org, submitted(org, key, target), State.HR_APPROVED)


def set_quotas(org, quotas: dict, *, key: str = "hr", reason: str = REASON, **kwargs) -> PromotionCycle:
    return promotion_cycle_quotas_set(
        actor=org.actor(key), cycle=org.cycle, quotas=quotas, reason=reason, **kwargs
    )


def cycle_row(org) -> tuple:
    """What a refused change must leave untouched."""
    cycle = PromotionCycle.objects.get(pk=org.cycle.pk)
    return cycle.quotas, cycle.version
