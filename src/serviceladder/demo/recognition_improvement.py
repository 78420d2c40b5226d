"""Improvement plans for the demo (issue 15 item 5).

The demo policy (cn-standard) defines a bottom band: the bottom 10 % of the peer group three months in a row.
The loader runs the scan the daily job runs, for the month that ended before the one that just ended, so
that the people who entered the band then have proposals open — one of them, in the demo lead's team, has
gone through the whole review five weeks ago, as of that day: the lead proposed goals (a metric goal from
the person's own CSAT and a goal measured by check-ins), support and three months; HR approved it; the lead
held a check-in two weeks later. Then the scan of the last complete month runs, as the daily job would,
opening proposals for those who entered the band since (waiting for their leads). Every step goes through
the services (audited, notified), as people would have done it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from serviceladder.audit.services import Actor
from serviceladder.development.services.goals import GoalInput
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.recognition.services import improvement as svc
from serviceladder.rules.periods import date_month_index, month_label

STARTED_DAYS_AGO = 35
CHECK_IN_DAYS_LATER = 14


def _csat_target(employee: Employee, months: list[str]) -> str | None:
    values = list(
        MonthlyMetric.objects.filter(
            employee=employee, month__in=months, csat_mean__isnull=False
        ).values_list("csat_mean", flat=True)
    )
    if not values:
        return None
    return f"{min(5.0, sum(values) / len(values) + 0.1):.2f}"


def demo_improvement_load(today: dt.date | None = None) -> dict:
    """Proposals from the scan, one plan taken through the review (see the module docstring)."""
    day = today or local_today()
    started = day - dt.timedelta(days=STARTED_DAYS_AGO)
    earlier = month_label(date_month_index(started) - 1)
    system = Actor(None, channel="system")
    opened = svc.improvement_scan(month=earlier, today=started, actor=system).opened
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["lead", "hr"])}
    lead, hr = users.get("lead"), users.get("hr")
    # Someone in the demo lead's team other than the lead themselves (whose review is their head's).
    led = [
        p
        for p in opened
        if lead is not None
        and p.employee.team
        and p.employee.team.lead_id
        and p.employee.team.lead_id != p.employee_id
    ]
    plan = next((p for p in led if p.employee.team.lead.user_id == lead.pk), None)
    if plan is not None and hr is not None:
        person = plan.employee
        goals = [
            GoalInput(
                statement="完成投诉处理与安抚话术复训，并通过复训考核",
                due_date="",
                measure="manual",
                done_when="复训考核80分以上",
            )
        ]
        recent = [month_label(date_month_index(started) - i) for i in (1, 2, 3)]
        target = _csat_target(person, recent)
        if target is not None:
            goals.insert(
                0,
                GoalInput(
                    statement=f"客户满意度回到{target}以上",
                    due_date="",
                    measure="metric",
                    metric="csat_mean",
                    comparison=">=",
                    value=target,
                    window=1,
                ),
            )
        svc.improvement_lead_review(
            actor=Actor(lead, channel="system"),
            plan=plan,
            decision=svc.DECISION_PROPOSE,
            goals=goals,
            support_actions="每周一次旁听辅导（主管陪听5通录音）；安排资深同事结对一个月；复训名额优先。",
            duration_months=3,
            starts_on=started,
            note="近三个月满意度偏低，先从投诉安抚和首解入手，每两周跟进一次。",
            today=started,
        )
        svc.improvement_hr_review(
            actor=Actor(hr, channel="system"), plan=plan, approve=True, note="同意，按计划执行。"
        )
        check_day = started + dt.timedelta(days=CHECK_IN_DAYS_LATER)
        svc.improvement_check_in(
            actor=Actor(lead, channel="system"),
            plan=plan,
            date=check_day,
            note="旁听了5通录音，安抚话术有进步；约定下周起每天自查两通投诉录音。",
            today=check_day,
        )
    latest = svc.improvement_scan(today=day, actor=system).opened
    return {"proposals": len(opened) + len(latest), "active": 1 if plan is not None else 0}
