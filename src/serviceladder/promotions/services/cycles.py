"""Promotion cycles: opening one inside the policy's application months; changing its quotas later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.core.i18n import pick
from serviceladder.core.translatable import cycle_names
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.promotions import rules
from serviceladder.promotions.access import (
    can_open_cycle,
    can_set_quotas,
)
from serviceladder.promotions.errors import (
    CANNOT_OPEN_CYCLE,
    CANNOT_SET_QUOTAS,
    CYCLE_NAME_REQUIRED,
    QUOTA_BELOW_APPROVED,
    QUOTA_INVALID,
    QUOTA_NOT_TARGET,
    QUOTA_UNKNOWN_LEVEL,
    QUOTAS_AFTER_NOTICE,
    QUOTAS_CYCLE_CLOSED,
    QUOTAS_REASON_REQUIRED,
    WINDOW_ORDER,
    WINDOW_OUTSIDE_MONTHS,
    PromotionInvalid,
    QuotasFrozen,
    StaleCycle,
    WindowClosed,
)
from serviceladder.promotions.models import (
    PromotionCycle,
)
from serviceladder.promotions.notify import promotion_notify
from serviceladder.promotions.services._common import (
    _policy,
    _today,
    _users_with_role,
)
from serviceladder.promotions.states import QUOTA_STATES, State

# --- cycles -------------------------------------------------------------------------------------------------


def _clean_quotas(policy: Policy, quotas: Mapping, *, targets: list[str] | None = None) -> dict[str, int]:
    """Whole numbers from 0 per known level; with `targets`, only those levels may have a quota."""
    levels = policy.levels()
    clean = {}
    for code, value in quotas.items():
        if code not in levels:
            raise PromotionInvalid(QUOTA_UNKNOWN_LEVEL, level=code)
        if targets is not None and code not in targets:
            raise PromotionInvalid(
                QUOTA_NOT_TARGET,
                level=quota_level_label(policy, code),
                level_code=code,
                allowed=", ".join(targets) or "—",
            )
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
    name_alt: str = "",
) -> PromotionCycle:
    """HR opens a cycle whose application window lies inside the policy's application months (clause
    `process.application_months`, policy in force on `opens_on`). Quotas default to `process.quotas`.

    `name_alt` is the optional name in the other language, shown to readers of that language."""
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
        name_alt=" ".join((name_alt or "").split())[:200],
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
            **({"name_alt": cycle.name_alt} if cycle.name_alt else {}),
            "policy_version": version.label,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "quotas": clean,
        },
        reason=note,
    )
    return cycle


# States whose applications may still reach management: while one exists the cycle is not closed.
AWAITING_DECISION = (State.SUBMITTED, State.DEPT_APPROVED, State.HR_APPROVED)


def quota_levels(policy: Policy) -> list[str]:
    """The levels a quota can be set for: every target level of the policy's transitions, in their order."""
    return list(dict.fromkeys(t.to_level for t in policy.transitions))


def quota_level_label(policy: Policy, code: str) -> str:
    """A level as messages name it: "Level 3 (L3)" in the active language."""
    level = policy.levels().get(code)
    name = pick(level[1].name_zh, level[1].name_en) if level else ""
    return f"{name} ({code})" if name and name != code else code


def approvals_by_level(cycle: PromotionCycle) -> dict[str, int]:
    """Applications of the cycle approved by management and not undone (states.QUOTA_STATES), per target
    level code: the places of each quota already taken."""
    return dict(
        cycle.applications.filter(state__in=QUOTA_STATES)
        .values("target_level__code")
        .annotate(n=Count("pk"))
        .values_list("target_level__code", "n")
    )


def quotas_frozen(cycle: PromotionCycle, today: dt.date | None = None) -> QuotasFrozen | None:
    """Why the cycle's quotas can no longer change (the error promotion_cycle_quotas_set would raise), or
    None while they can. For pages that offer the "Edit quotas" action only when it can succeed."""
    notice = cycle.notices.order_by("published_on", "pk").first()
    if notice is not None:
        return QuotasFrozen(
            QUOTAS_AFTER_NOTICE, cycle=cycle.display_name, published=notice.published_on.isoformat()
        )
    awaiting = cycle.applications.filter(state__in=AWAITING_DECISION).count()
    if rules.cycle_closed(cycle.closes_on, today or _today(), awaiting):
        return QuotasFrozen(QUOTAS_CYCLE_CLOSED, cycle=cycle.display_name, closes=cycle.closes_on.isoformat())
    return None


def _stale(cycle: PromotionCycle) -> StaleCycle:
    from serviceladder.audit.models import AuditEvent

    last = (
        AuditEvent.objects.filter(
            action="promotion.cycle_quotas", object_type=cycle._meta.label_lower, object_id=str(cycle.pk)
        )
        .order_by("-at", "-pk")
        .first()
    )
    if last is None:
        return StaleCycle(actor="?", at="?")
    from serviceladder.accounts.people import person_of

    return StaleCycle(
        actor=str(person_of(last.actor, viewer=None, fallback=last.actor_label)),  # HR reads it: every name
        at=timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M:%S"),
    )


@transaction.atomic
def promotion_cycle_quotas_set(
    *,
    actor: Actor,
    cycle: PromotionCycle,
    quotas: Mapping[str, int | str | None],
    reason: str,
    expected_version: int | None = None,
) -> PromotionCycle:
    """HR replaces the cycle's quotas (clause `process.quotas`, policy 001 §6.4) and says why.

    `quotas` is the whole new map, target level code → most approvals in the cycle; a level left out, or
    given None or "", has no quota. Returns the locked, updated cycle (`version` + 1); when no level's quota
    changes nothing is written (no audit row, same version).

    When quotas may change: from opening until the cycle's first public notice is published, and not once
    the cycle is closed (its window is over and no application awaits a review or management's decision:
    see rules.cycle_closed). Before the window opens, during it and during the reviews after it, HR may
    change them — management approves against the values of the moment. After a notice the approved list is
    public, so the quotas it was decided against stay as they were (QuotasFrozen; quotas_frozen() says so
    in advance).

    Rules, in the order they are checked: HR only (PermissionDeniedError); `expected_version`, when given,
    is the `version` the caller saw (StaleCycle when the cycle changed since); the states above
    (QuotasFrozen); each quota a whole number from 0 (QUOTA_INVALID) for a target level of the cycle's policy
    (QUOTA_UNKNOWN_LEVEL, QUOTA_NOT_TARGET); a reason (QUOTAS_REASON_REQUIRED); a quota that changes is not
    below the approvals management already gave for its level (QUOTA_BELOW_APPROVED, rules.
    quotas_below_approved). The cycle's row is locked: management's approvals lock it too, so an approval
    and a change of its quota never pass each other.

    Audited in the same transaction as `promotion.cycle_quotas`: before/after of each changed level (None =
    no quota) and the reason. Management and the other HR users are notified on commit.
    """
    if not can_set_quotas(actor.user):
        raise PermissionDeniedError(CANNOT_SET_QUOTAS)
    locked = (
        PromotionCycle.objects.select_for_update(of=("self",))
        .select_related("policy_version")
        .get(pk=cycle.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise _stale(locked)
    frozen = quotas_frozen(locked)
    if frozen is not None:
        raise frozen
    policy = _policy(locked)
    given = {str(code).strip(): value for code, value in quotas.items()}
    clean = _clean_quotas(
        policy,
        {code: value for code, value in given.items() if value is not None and str(value).strip() != ""},
        targets=quota_levels(policy),
    )
    before = {code: int(value) for code, value in locked.quotas.items()}
    changed_before, changed_after = rules.quota_changes(before, clean)
    if not changed_after:
        return locked
    reason = (reason or "").strip()
    if not reason:
        raise PromotionInvalid(QUOTAS_REASON_REQUIRED)
    refused = rules.quotas_below_approved(before, clean, approvals_by_level(locked))
    if refused:
        code, approved, quota = refused[0]
        raise PromotionInvalid(
            QUOTA_BELOW_APPROVED,
            level=quota_level_label(policy, code),
            level_code=code,
            approved=approved,
            quota=quota,
        )
    locked.quotas = {code: clean[code] for code in sorted(clean)}
    locked.version += 1
    locked.save(update_fields=["quotas", "version"])
    audit_record(
        actor=actor,
        action="promotion.cycle_quotas",
        obj=locked,
        before=changed_before,
        after=changed_after,
        reason=reason,
    )
    _notify_quotas(actor, locked, changed_before, changed_after, reason)
    cycle.quotas, cycle.version = locked.quotas, locked.version  # the caller's object follows the row
    return locked


def _notify_quotas(actor: Actor, cycle: PromotionCycle, before: dict, after: dict, reason: str) -> None:
    def shown(value) -> str:
        return "—" if value is None else str(value)

    changes = ", ".join(f"{code} {shown(before[code])} → {shown(after[code])}" for code in after)
    promotion_notify(
        recipients=[*_users_with_role(Role.MANAGEMENT), *_users_with_role(Role.HR)],
        kind="promotion.cycle_quotas",
        title=format_lazy(_("Quotas of {cycle} changed"), cycle=cycle_names(cycle)),
        body=format_lazy(
            _("{actor} changed the quotas of {cycle}: {changes}. Reason: {reason}"),
            actor=actor.display_name,
            cycle=cycle_names(cycle),
            changes=changes,
            reason=reason,
        ),
        url=_cycle_url(cycle),
        actor=actor.user,
    )


def _cycle_url(cycle: PromotionCycle) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("promotion_cycle", args=[cycle.pk])
    except NoReverseMatch:
        return ""
