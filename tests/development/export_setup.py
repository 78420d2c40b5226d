"""Shared set-up for the development export tests: plan_org (build_org, the development policy, E2006
mentoring E2003) switched on since 2025-01-01, with

- E2003: an agreed plan (target L3) with a metric goal (FCR ≥ 85 % over 3 months), a goal checked by hand
  (40 % done), a self-study action done and a training action, and a direction review held two days ago
  with shared and private notes, the next conversation in 40 days;
- E2004: a draft (an aspiration, no level) the lead accepted, waiting for the person;
- everyone else: no plan (their first conversation is overdue since 2025-04-01).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone

from serviceladder.cli.main import main
from serviceladder.development.models import Conversation, PlanAction
from serviceladder.development.services.conversations import conversation_record
from serviceladder.development.services.goals import GoalInput, goal_add, goal_check_in
from serviceladder.development.services.plan_actions import ActionInput, action_add, action_update_record
from serviceladder.development.services.plans import plan_accept, plan_edit
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.models import PolicyVersion
from tests.development.plans_setup import as_, draft_plan, plan_org

SWITCHED_ON = dt.date(2025, 1, 1)
METRIC_GOAL = "首次解决率三个月平均不低于85%"
MANUAL_GOAL = "带一个学习小组"
SHARED = "同意下季度去投诉组轮岗"
SECRET = "私下备注：最近状态不好，多关注"
ASPIRATION = "将来转岗做运营"


def today() -> dt.date:
    return timezone.localdate()


def export_org():
    org = plan_org()
    loaded = timezone.make_aware(dt.datetime.combine(SWITCHED_ON, dt.time(9, 0)))
    # A stored version is immutable to the product; the test moves its load back in time below the guard.
    QuerySet.update(PolicyVersion.objects.all(), loaded_at=loaded)
    lead, agent = as_(org, "team_lead"), as_(org, "agent")
    e3 = org.employees["E2003"]
    draft_plan(org)  # target L3, a self-study action
    action_add(actor=lead, employee=e3, data=ActionInput(kind=PlanAction.Kind.TRAINING, title="投诉处理进阶"))
    goal_add(
        actor=lead,
        employee=e3,
        data=GoalInput(
            statement=METRIC_GOAL,
            due_date=today() + dt.timedelta(days=150),
            measure="metric",
            metric="fcr_rate",
            comparison=">=",
            value="85%",
            window=3,
            aggregation="mean",
            min_sample=0,
        ),
    )
    goal_add(
        actor=lead,
        employee=e3,
        data=GoalInput(
            statement=MANUAL_GOAL,
            due_date=today() + dt.timedelta(days=90),
            measure="manual",
            done_when="三次活动",
        ),
    )
    plan_accept(actor=lead, employee=e3)
    plan_accept(actor=agent, employee=e3)
    study = PlanAction.objects.get(version__plan__employee=e3, kind=PlanAction.Kind.SELF_STUDY)
    action_update_record(
        actor=agent, employee=e3, lineage=study.lineage, status="done", evidence="读完十个案例"
    )
    manual = e3.development_plans.get().versions.get(state="agreed").goals.get(measure="manual")
    goal_check_in(
        actor=agent, employee=e3, lineage=manual.lineage, date=today(), percent_done=40, note="办了一次"
    )
    conversation_record(
        actor=lead,
        employee=e3,
        held_on=today() - dt.timedelta(days=2),
        kind=Conversation.Kind.DIRECTION_REVIEW,
        topics=["方向"],
        shared_notes=SHARED,
        private_notes=SECRET,
        next_on=today() + dt.timedelta(days=40),
    )
    plan_edit(actor=lead, employee=org.employees["E2004"], aspiration=ASPIRATION)
    plan_accept(actor=lead, employee=org.employees["E2004"])
    return org


def expected_fcr(employee) -> float:
    """The mean FCR of the person's last three complete months, from the stored rows (not the loader)."""
    current = today().strftime("%Y-%m")
    rows = list(
        MonthlyMetric.objects.filter(employee=employee, month__lt=current)
        .order_by("-month")
        .values_list("fcr_rate", flat=True)[:3]
    )
    assert len(rows) == 3
    return sum(rows) / 3


def run(args: list[str], tmp_path: Path, name: str = "out") -> tuple[int, Path]:
    out = tmp_path / name
    return main(["development", "export", "--output", str(out), *args]), out


def csv_records(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
