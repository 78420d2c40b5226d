"""SMART goals for the demo (issue 14 item 3): the demo agent and three of their teammates have goals on the
plans of the demo team lead's team — metric goals on track and off track, metric goals already judged
achieved, missed and unknown, goals measured by check-ins with their check-ins, one judged by the lead and
one due and waiting for the lead's judgement (a to-do on the lead's home page).

Goals due in the future go through the goal services as a person would add them; goals already due were set
months ago, so they are written as they stand (a due date in the past cannot be entered today). The draft
comes from `plan_draft_for`, so a plan the plans demo made already is used, not duplicated; the version that
holds the goals is then agreed, as the person and the lead would, and due metric goals are judged by
`goals_judge_due`, the daily job's call. Targets are set from each person's own figures so that "on track"
and "off track" hold whatever the demo's seed: a little below or above their recent average.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.development.models import DevelopmentPlan, Goal, PlanVersion
from serviceladder.development.services.goals import (
    GoalInput,
    goal_add,
    goal_check_in,
    goal_judge,
    goals_judge_due,
)
from serviceladder.development.services.plan_drafts import plan_draft_for
from serviceladder.development.services.plans import plan_accept
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee
from serviceladder.rules.periods import add_months, date_month_index, first_day, month_label


def _mean(employee: Employee, field: str, months: list[str]) -> float | None:
    values = list(
        MonthlyMetric.objects.filter(
            employee=employee, month__in=months, **{f"{field}__isnull": False}
        ).values_list(field, flat=True)
    )
    return sum(values) / len(values) if len(values) == len(months) else None


def _months(end_index: int, n: int) -> list[str]:
    return [month_label(i) for i in range(end_index - n + 1, end_index + 1)]


def _rate(x: float) -> str:
    return f"{max(0.0, min(1.0, x)) * 100:.0f}%"


def _csat(x: float) -> str:
    return f"{max(1.0, min(5.0, x)):.2f}"


def _past_goal(version, person, position, *, statement, due, clause=None, done_when="") -> Goal:
    return Goal.objects.create(
        version=version,
        position=position,
        statement=statement,
        owner=person,
        horizon="short",
        due_date=due,
        measure="metric" if clause else "manual",
        clause=clause or {},
        done_when=done_when,
    )


def _agree(version: PlanVersion, lead_user) -> None:
    now = timezone.now()
    plan = version.plan
    plan.versions.filter(state=PlanVersion.State.AGREED).update(state=PlanVersion.State.SUPERSEDED)
    version.state = PlanVersion.State.AGREED
    version.agent_accepted_at = version.lead_accepted_at = version.agreed_at = now
    version.lead_accepted_by = lead_user
    version.save(
        update_fields=["state", "agent_accepted_at", "lead_accepted_at", "agreed_at", "lead_accepted_by"]
    )
    plan.status = DevelopmentPlan.Status.ACTIVE
    plan.save(update_fields=["status"])


@transaction.atomic
def demo_goals_load(*, today: dt.date | None = None) -> int:
    """Goals for the demo agent and three teammates; returns how many goals were made (0 without the demo
    logins)."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead"])}
    agent = Employee.objects.filter(user=users.get("agent")).select_related("team").first()
    lead_user = users.get("lead")
    if agent is None or lead_user is None or agent.team_id is None:
        return 0
    lead = Actor(lead_user, channel="system")
    team = list(
        Employee.objects.filter(team=agent.team, leave_date__isnull=True)
        .exclude(pk__in=[agent.pk, agent.team.lead_id])
        # Not a draft the person accepted: the lead's "accept the plan" to-do stays in the demo.
        .exclude(
            development_plans__versions__state=PlanVersion.State.DRAFT,
            development_plans__versions__agent_accepted_at__isnull=False,
        )
        .order_by("number")[:3]
    )
    last = date_month_index(today) - 1  # the last complete month
    recent = _months(last, 3)
    past_due_month = last - 1  # a goal due two months ago: its figures are in
    past_due = first_day(past_due_month + 1) - dt.timedelta(days=1)
    judged_window = _months(past_due_month, 3)
    soon = add_months(today, 3)
    later = add_months(today, 8)
    made = 0

    def metric(person, actor, statement, due, metric, op, value, window=3, min_sample=0):
        nonlocal made
        data = GoalInput(
            statement=statement,
            due_date=due,
            measure="metric",
            metric=metric,
            comparison=op,
            value=value,
            window=window,
            min_sample=min_sample,
        )
        made += 1
        return goal_add(actor=actor, employee=person, data=data, today=today)

    def manual(person, actor, statement, due, done_when):
        nonlocal made
        made += 1
        data = GoalInput(statement=statement, due_date=due, measure="manual", done_when=done_when)
        return goal_add(actor=actor, employee=person, data=data, today=today)

    for index, person in enumerate([agent, *team]):
        me = Actor(person.user, channel="system") if person.user_id else lead
        fcr = _mean(person, "fcr_rate", recent)
        csat = _mean(person, "csat_mean", recent)
        version = plan_draft_for(actor=lead, employee=person)
        if index in (0, 3) and fcr is not None:
            metric(
                person, me, "首次解决率保持在三个月平均水平之上", soon, "fcr_rate", ">=", _rate(fcr - 0.03)
            )
        if index in (0, 2) and csat is not None:
            metric(
                person,
                lead,
                "客户满意度三个月平均再提高0.3分",
                later,
                "csat_mean",
                ">=",
                _csat(csat + 0.3),
            )
        if index in (0, 2):
            goal = manual(
                person,
                lead,
                "独立处理升级投诉，并在组会上分享一个案例",
                soon,
                "组长确认独立处理5单升级投诉并完成一次分享",
            )
            for weeks, percent, note in ((6, 20, "旁听两单升级投诉"), (2, 40, "独立处理第一单，组长复盘")):
                goal_check_in(
                    actor=me,
                    employee=person,
                    lineage=goal.lineage,
                    date=today - dt.timedelta(weeks=weeks),
                    percent_done=percent,
                    note=note,
                    today=today,
                )
        version.refresh_from_db()
        position = version.goals.count() + 1
        judged_fcr = _mean(person, "fcr_rate", judged_window)
        if index == 0 and judged_fcr is not None:
            for offset, text in ((-0.02, "首次解决率达到部门基线"), (0.04, "首次解决率冲刺目标")):
                target = Decimal(f"{max(0.0, min(1.0, judged_fcr + offset)):.2f}")
                _past_goal(
                    version,
                    person,
                    position,
                    statement=text,
                    due=past_due,
                    clause={
                        "metric": "fcr_rate",
                        "comparison": ">=",
                        "value": str(target),
                        "window": 3,
                        "aggregation": "mean",
                        "min_sample": 0,
                    },
                )
                position += 1
                made += 1
            goal = _past_goal(
                version,
                person,
                position,
                statement="完成知识库“退换货政策”条目的更新",
                due=today - dt.timedelta(days=3),
                done_when="条目经质检组审核上线",
            )
            goal_check_in(
                actor=me,
                employee=person,
                lineage=goal.lineage,
                date=today - dt.timedelta(days=10),
                percent_done=80,
                note="初稿已提交质检组",
                today=today,
            )
            made += 1
        if index == 1:
            _past_goal(
                version,
                person,
                position,
                statement="高峰时段每月至少接待3000通来电且满意度不低于4.5",
                due=past_due,
                clause={
                    "metric": "csat_mean",
                    "comparison": ">=",
                    "value": "4.5",
                    "window": 3,
                    "aggregation": "every_month",
                    "min_sample": 3000,
                },
            )
            manual_done = _past_goal(
                version,
                person,
                position + 1,
                statement="带教一名新员工度过试用期",
                due=past_due,
                done_when="新员工通过试用期考核",
            )
            made += 2
            if fcr is not None:
                metric(person, me, "首次解决率保持稳定", soon, "fcr_rate", ">=", _rate(fcr - 0.05))
        _agree(version, lead_user)
        if index == 1:
            goal_judge(
                actor=lead,
                employee=person,
                lineage=manual_done.lineage,
                status="achieved",
                note="新员工已转正，带教记录完整",
                today=today,
            )
    # The agreed plan goes on changing: the lead proposes one more goal and accepts the new draft, which now
    # waits for the agent (their "accept your plan" to-do).
    manual(
        agent,
        lead,
        "下季度在组内做一次投诉处理经验分享",
        later,
        "组长确认分享完成，并收集到组员反馈",
    )
    plan_accept(actor=lead, employee=agent)
    goals_judge_due(today)
    return made
