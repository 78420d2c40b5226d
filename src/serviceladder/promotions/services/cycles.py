"""Promotion cycles: opening one inside the policy's application months, quotas."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.promotions import rules
from serviceladder.promotions.access import (
    can_open_cycle,
)
from serviceladder.promotions.errors import (
    CANNOT_OPEN_CYCLE,
    CYCLE_HAS_APPLICATIONS,
    CYCLE_NAME_REQUIRED,
    QUOTA_INVALID,
    QUOTA_UNKNOWN_LEVEL,
    WINDOW_ORDER,
    WINDOW_OUTSIDE_MONTHS,
    PromotionInvalid,
    WindowClosed,
)
from serviceladder.promotions.models import (
    PromotionCycle,
)
from serviceladder.promotions.services._common import (
    _policy,
)

# --- cycles -------------------------------------------------------------------------------------------------


def _clean_quotas(policy: Policy, quotas: dict) -> dict[str, int]:
    levels = policy.levels()
    clean = {}
    for code, value in quotas.items():
        if code not in levels:
            raise PromotionInvalid(QUOTA_UNKNOWN_LEVEL, level=code)
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
        if isinstance(value, bool) or number < 0 or str(number) != str(value).strip():
            raise PromotionInvalid(QUOTA_INVALID, level=code, value=value)
        clean[code] = number
    return clean


@transaction.atomic
def promotion_cycle_open(
    *,
    actor: Actor,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    quotas: dict[str, int] | None = None,
    note: str = "",
) -> PromotionCycle:
    """HR opens a cycle whose application window lies inside the policy's application months (clause
    `process.application_months`, policy in force on `opens_on`). Quotas default to `process.quotas`."""
    if not can_open_cycle(actor.user):
        raise PermissionDeniedError(CANNOT_OPEN_CYCLE)
    name = (name or "").strip()
    if not name:
        raise PromotionInvalid(CYCLE_NAME_REQUIRED)
    if closes_on < opens_on:
        raise PromotionInvalid(WINDOW_ORDER, opens=opens_on.isoformat(), closes=closes_on.isoformat())
    version = policy_version_in_force(opens_on)
    policy = policy_parsed(version)
    allowed = policy.process.application_months
    outside = rules.application_window_check(opens_on, closes_on, allowed)
    if outside:
        raise WindowClosed(
            WINDOW_OUTSIDE_MONTHS,
            opens=opens_on.isoformat(),
            closes=closes_on.isoformat(),
            months=", ".join(f"{y:04d}-{m:02d}" for y, m in outside),
            allowed=", ".join(str(m) for m in sorted(allowed)),
        )
    clean = _clean_quotas(policy, dict(policy.process.quotas) if quotas is None else quotas)
    cycle = PromotionCycle.objects.create(
        name=name[:200],
        policy_version=version,
        opens_on=opens_on,
        closes_on=closes_on,
        quotas=clean,
        note=note.strip(),
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="promotion.cycle_open",
        obj=cycle,
        after={
            "name": cycle.name,
            "policy_version": version.label,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "quotas": clean,
        },
        reason=note,
    )
    return cycle


@transaction.atomic
def promotion_cycle_quotas_set(
    *, actor: Actor, cycle: PromotionCycle, quotas: dict[str, int]
) -> PromotionCycle:
    """HR edits the quota per target level, before the first application is submitted."""
    if not can_open_cycle(actor.user):
        raise PermissionDeniedError(CANNOT_OPEN_CYCLE)
    cycle = PromotionCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.applications.filter(submitted_at__isnull=False).exists():
        raise PromotionInvalid(CYCLE_HAS_APPLICATIONS)
    clean = _clean_quotas(_policy(cycle), quotas)
    before = dict(cycle.quotas)
    cycle.quotas = clean
    cycle.save(update_fields=["quotas"])
    audit_record(actor=actor, action="promotion.cycle_quotas", obj=cycle, before=before, after=clean)
    return cycle
