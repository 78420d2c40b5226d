"""tests.promotions' organisation and policy (targets L2, L3 and EX1; quotas L2=1, L3=2) with the cycle of
September 2025 open, the promotions clock fixed inside it (TODAY) and movable, and helpers to bring
applications to management's approval through the real services."""

from __future__ import annotations

import pytest

from serviceladder.promotions.models import PromotionCycle
from serviceladder.promotions.services import promotion_cycle_quotas_set
from serviceladder.promotions.states import State
from tests.promotions import conftest as promotions
from tests.promotions.conftest import advance, submitted

# tests.promotions' fixtures, shared rather than copied
org, today = promotions.org, promotions.today

REASON = "业务量上升，增加名额"


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
