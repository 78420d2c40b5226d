"""Shared set-up for the wellbeing scan tests: build_org with a policy whose wellbeing section is on, and
controlled monthly figures for the five months up to the last complete one:

- 李娜 E2003 (team a1): contacts far above the team's median and handle time rising — two signals, "act";
- 张伟 E2004 (a1): steady; on L1 since 2022 past the typical time, but talked about the career last month;
- 王芳 E2002 (a1, the lead): steady, on L1 since 2022, no goal, no conversation — the plateau signal;
- 陈静 E2006 (b1): no figures for the last month — "unknown", never "none".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.services import policy_load
from serviceladder.rules.periods import date_month_index, first_day, month_index, month_label
from tests.web.org import WEB_POLICY, build_org

WELLBEING = """\
wellbeing:
  enabled: true
  act_when_signals: 2
  stages: {entry_months: 6, trend_months: 3, typical_months_in_level: 24}
  signals:
    - {code: workload, kind: workload, metric: contacts, percent: 25, months: 2}
    - {code: strain, kind: worsening, metric: aht_seconds, months: 2}
    - code: exposure
      kind: threshold
      metric: complaint_rate
      comparison: "<="
      value: "2%"
      months: 2
      level: act
    - {code: slide, kind: drop, metric: qa_score, drop: 8, baseline_months: 3}
    - {code: plateau, kind: plateau, months: 6}
    - {code: setback, kind: setback, months: 3}
    - {code: pulse, kind: pulse, theme: exhaustion, value: 4, months: 2}
  pulse:
    questions:
      - {code: exhaustion, theme: exhaustion, high_is_bad: true, zh: 常感精疲力竭, en: Often drained}
      - {code: achievement, theme: achievement, zh: 有成就感, en: A sense of achievement}
      - {code: path_clarity, theme: path_clarity, zh: 我清楚自己的发展路径, en: I can see my career path}
"""
WELLBEING_POLICY = WEB_POLICY + WELLBEING


def months() -> list[str]:
    """The five months up to the last complete one, oldest first (the last is the month scanned)."""
    last = date_month_index(timezone.localdate()) - 1
    return [month_label(i) for i in range(last - 4, last + 1)]


def in_month(month: str, day: int = 15) -> dt.date:
    return first_day(month_index(month)).replace(day=day)


# number → (contacts, handle time, QA) by month, oldest first; None: no row that month
FIGURES = {
    "E2002": ((300,) * 5, (300,) * 5, (90,) * 5),
    "E2003": ((300, 300, 320, 500, 520), (290, 290, 300, 310, 320), (90,) * 5),
    "E2004": ((310,) * 5, (300,) * 5, (90,) * 5),
    "E2006": ((300, 300, 300, 300, None), (300,) * 5, (90,) * 5),
}


def set_figures(org, figures=FIGURES) -> None:
    MonthlyMetric.objects.all().delete()
    for number, (contacts, aht, qa) in figures.items():
        for month, c, a, q in zip(months(), contacts, aht, qa, strict=True):
            if c is None:
                continue
            MonthlyMetric.objects.create(
                employee=org.employees[number],
                month=month,
                source=MonthlyMetric.Source.DEMO,
                contacts=c,
                aht_seconds=a,
                qa_score=q,
                complaint_rate=0.005,
                csat_mean=4.5,
                csat_rated=100,
                fcr_rate=0.8,
                resolution_rate=0.9,
                on_time_response_rate=0.95,
                kpi_completion=1.0,
                attendance_rate=0.98,
            )


def wellbeing_org(*, policy: str = WELLBEING_POLICY):
    from serviceladder.development.models import Conversation

    org = build_org()
    policy_load(actor=Actor(user=org.users["hr"]), text=policy, effective=dt.date(2024, 1, 1))
    set_figures(org)
    Conversation.objects.create(
        employee=org.employees["E2004"],
        held_on=in_month(months()[-1]),
        author=org.users["team_lead"],
        author_label="wangfang",
    )
    return org
