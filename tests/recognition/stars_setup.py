"""Shared setup for the star-rating tests: build_org's people with the web-test policy plus a `stars:`
section (monthly periods, level across the company, a peer group of at least 3), and each person's figures
of the period set to chosen values."""

from __future__ import annotations

import datetime as dt

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.services import policy_load
from serviceladder.recognition.selectors.standing import month_end
from tests.web.org import WEB_POLICY

STARS = """\
stars:
  enabled: true
  period: month
  peer_group: level_company
  min_peer_group: 3
  min_months_of_service: 3
  wall_min_stars: 2
  tiers:
    - stars: 3
      conditions:
        metric_thresholds:
          - {metric: csat_mean, comparison: ">=", value: 4.6, min_sample: 30}
        rank: {top_percent: 50}
        no_violations: true
    - stars: 2
      conditions:
        metric_thresholds:
          - {metric: csat_mean, comparison: ">=", value: 4.4}
          - {metric: qa_score, comparison: ">=", value: 90}
    - stars: 1
      conditions:
        metric_thresholds:
          - {metric: qa_score, comparison: ">=", value: 80}
"""

PERIOD = "2026-10"
PERIOD_END = month_end(PERIOD)
AFTER = PERIOD_END + dt.timedelta(days=1)


def stars_policy(org, text: str = STARS, effective: dt.date = dt.date(2024, 1, 1)):
    return policy_load(actor=Actor(user=org.users["hr"]), text=WEB_POLICY + text, effective=effective).version


def set_figures(org, month: str = PERIOD, **by_number):
    """number → {field: value} for `month` (a row is created when missing)."""
    for number, values in by_number.items():
        row, _ = MonthlyMetric.objects.get_or_create(
            employee=org.employees[number], month=month, defaults={"contacts": 300, "csat_rated": 100}
        )
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def default_figures(org, month: str = PERIOD):
    """Everyone one star (QA 85, CSAT 4.0) unless a test says otherwise."""
    set_figures(
        org, month, **{n: {"csat_mean": 4.0, "qa_score": 85.0, "fcr_rate": 0.8} for n in org.employees}
    )
