"""Competency confirmations for the demo: which superiors have rated whom against which next level.

Pure (no Django). Needs the policy (which transitions ask for a confirmation, and each target level's
profile), so the loader calls it after storing the policy. Habits it imitates:
- a team lead (an agent's manager; a head for a lead) rates people as they approach the time in level a
  step asks for, rarely long before; lateral moves are rated less often than the next level up;
- most ratings meet the profile, some exceed it, and about one in seven falls one point short somewhere;
- ratings were given on a working day in the last few months, never before the person reached the level.
The demo's showcase people (generator: the login agent and colleagues near a step) are rated for every
step and meet the profile, except the login agent's lateral moves, which show a gap, so "My path" shows
both kinds.
"""

from __future__ import annotations

import datetime as dt
import random

from serviceladder.demo.specs import ConfirmationSpec, DemoOrganisation, PersonSpec
from serviceladder.policy.schema import Policy

APPROACHING_MONTHS = 6  # rated from this many months before the step's time in level is reached
SHARE_APPROACHING = 0.85
SHARE_EARLY = 0.12
LATERAL_FACTOR = 0.7
SHARE_WITH_GAP = 0.15
SHARE_ABOVE = 0.25
FIRST_RATING_DAYS = 30  # days in the level before a first rating


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _working_day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A day from `low` to `high`, moved back to the Friday when it falls on a weekend."""
    day = low + dt.timedelta(days=rng.randint(0, (high - low).days))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _ratings(rng: random.Random, profile: dict[str, int], *, gap: bool) -> dict[str, int]:
    ratings = {c: min(5, need + 1) if rng.random() < SHARE_ABOVE else need for c, need in profile.items()}
    if gap:
        short = rng.choice(sorted(c for c, need in profile.items() if need > 1) or sorted(profile))
        ratings[short] = max(1, profile[short] - 1)
    return ratings


def competency_confirmations(org: DemoOrganisation, policy: Policy) -> list[ConfirmationSpec]:
    """The confirmations of everyone in frontline or team-lead roles, in employee-number order."""
    rng = random.Random(f"serviceladder-demo:{org.seed}:confirmations")
    levels = policy.levels()
    showcase = set(org.showcase)
    login_agent = org.showcase[0] if org.showcase else None
    out = []
    for p in sorted(org.people, key=lambda p: p.number):
        if p.role not in {"agent", "lead"} or not p.levels or not p.manager:
            continue
        since = p.levels[-1].effective_from
        in_level = _months_between(since, org.today)
        steps = [t for t in policy.transitions_from(p.current_level) if t.conditions.competency_confirmation]
        for t in steps:
            profile = dict(levels[t.to_level][1].competencies) if t.to_level in levels else {}
            if not profile:
                continue
            lateral = t.kind == "lateral" or levels[t.to_level][0].code != levels[p.current_level][0].code
            if p.number in showcase:
                rated, gap = True, lateral and p.number == login_agent
            else:
                approaching = in_level >= t.conditions.min_months_in_level - APPROACHING_MONTHS
                share = SHARE_APPROACHING if approaching else SHARE_EARLY
                if lateral:
                    share *= LATERAL_FACTOR
                rated, gap = rng.random() < share, rng.random() < SHARE_WITH_GAP
            # Nobody is rated in their first month in a level.
            if rated and since + dt.timedelta(days=FIRST_RATING_DAYS + 3) <= org.today:
                out.append(_confirmation(rng, org, p, t.to_level, profile, gap=gap))
    return out


def _confirmation(rng, org: DemoOrganisation, p: PersonSpec, target: str, profile, *, gap: bool):
    since = p.levels[-1].effective_from
    low = max(since + dt.timedelta(days=FIRST_RATING_DAYS), org.today - dt.timedelta(days=150))
    on = _working_day(rng, low, org.today - dt.timedelta(days=3))
    return ConfirmationSpec(
        employee=p.number,
        target_level=target,
        ratings=_ratings(rng, profile, gap=gap),
        confirmed_on=on,
        hour=rng.randint(9, 17),
        confirmed_by=p.manager,
    )
