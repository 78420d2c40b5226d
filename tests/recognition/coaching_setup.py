"""Shared set-up for the coaching tests: build_org with a policy whose development and coaching sections are
on, and monthly figures of the five months up to the last complete one that make the rules fire for 李娜
(E2003, team a1 led by 王芳 E2002), not for 张伟 (E2004), and find too little data for 陈静 (E2006)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.services import policy_load
from serviceladder.rules.periods import date_month_index, month_label
from tests.development.plans_setup import PLAN_POLICY
from tests.web.org import build_org

COACHING = """\
coaching:
  enabled: true
  follow_up_days: 21
  rules:
    - code: csat-below
      metric: csat_mean
      kind: below_threshold
      comparison: ">="
      value: 4.2
      months: 2
      min_sample: 20
    - {code: qa-drop, metric: qa_score, kind: drop, drop: 8, baseline_months: 3}
"""
COACHING_POLICY = PLAN_POLICY + COACHING


def months() -> list[str]:
    """The five months up to the last complete one, oldest first (the last is the month scanned)."""
    last = date_month_index(timezone.localdate()) - 1
    return [month_label(i) for i in range(last - 4, last + 1)]


# number → (CSAT by month, rated contacts by month, QA by month), the five months oldest first
FIGURES = {
    "E2003": ((4.6, 4.5, 4.4, 4.1, 4.0), (100,) * 5, (90, 91, 92, 87, 80)),  # both rules fire
    "E2004": ((4.6, 4.5, 4.4, 4.5, 4.6), (100,) * 5, (90, 91, 92, 90, 89)),  # nothing fires
    # CSAT below twice, but June's sample is too small; QA missing in a baseline month
    "E2006": ((4.6, 4.5, 4.4, 4.0, 4.0), (100, 100, 100, 100, 10), (90, None, 92, 87, 70)),
}


def set_figures(org, figures=FIGURES) -> None:
    MonthlyMetric.objects.all().delete()
    for number, (csat, rated, qa) in figures.items():
        for month, c, n, q in zip(months(), csat, rated, qa, strict=True):
            MonthlyMetric.objects.create(
                employee=org.employees[number],
                month=month,
                source=MonthlyMetric.Source.DEMO,
                contacts=300,
                csat_mean=c,
                csat_rated=n,
                qa_score=q,
            )


def coaching_org(*, policy: str = COACHING_POLICY):
    org = build_org()
    policy_load(actor=Actor(user=org.users["hr"]), text=policy, effective=dt.date(2024, 1, 1))
    set_figures(org)
    return org
