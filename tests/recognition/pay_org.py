"""The organisation of tests/web/org.py with performance pay switched on (monthly stars, L1/L2 agents, L3
supervisory, X1 experts), a published star period and helpers for the pay tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.recognition.models import StarPeriod, StarRating
from tests.web.org import WEB_POLICY, build_org

PAY_SECTIONS = """
stars:
  enabled: true
  period: month
  wall_min_stars: 3
  tiers:
    - {stars: 1}
    - {stars: 2}
    - {stars: 3}
performance_pay:
  enabled: true
  basis: stars
  base_by_level: {L1: 600, L2: 900, X1: 1200}
  star_coefficients: {0: 0.5, 1: 0.8, 2: 1.0, 3: 1.5}
  cap: 1200
  insufficient_data: hold
  adjustment_percent: 20
"""


def pay_policy_text(**overrides: str) -> str:
    text = WEB_POLICY + PAY_SECTIONS
    for old, new in overrides.items():
        text = text.replace(old, new)
    return text


def pay_org(text: str | None = None, effective: dt.date = dt.date(2024, 1, 1)):
    from serviceladder.policy.services import policy_load

    org = build_org()
    policy_load(actor=Actor(user=org.users["hr"]), text=text or pay_policy_text(), effective=effective)
    return org


def hr(org) -> Actor:
    return Actor(user=org.users["hr"], channel="web")


def publish_stars(org, code: str, stars: dict[str, int]) -> StarPeriod:
    """A published monthly (or quarterly, for a code like 2026Q3) star period with these final tiers."""
    from serviceladder.policy.models import PolicyVersion

    quarter = "Q" in code
    if quarter:
        year, q = int(code[:4]), int(code[5])
        first, last = f"{year}-{3 * q - 2:02d}", f"{year}-{3 * q:02d}"
    else:
        first = last = code
    period = StarPeriod.objects.create(
        code=code,
        kind="quarter" if quarter else "month",
        first_month=first,
        last_month=last,
        policy_version=PolicyVersion.objects.order_by("-number").first(),
        state=StarPeriod.State.PUBLISHED,
        computed_at=timezone.now(),
        published_at=timezone.now(),
    )
    for number, n in stars.items():
        e = org.employees[number]
        StarRating.objects.create(
            period=period, employee=e, level_code="L1", computed_stars=n, final_stars=n, team=e.team
        )
    return period


def last_month(on: dt.date | None = None) -> str:
    d = (on or dt.date.today()).replace(day=1) - dt.timedelta(days=1)
    return f"{d.year:04d}-{d.month:02d}"
