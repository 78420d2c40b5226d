"""Coaching tasks for the demo (issue 15 item 4): the daily scan run over the last three complete months, as
the daily job would have run it, so the tasks come from the demo's own figures and the policy's coaching
rules (cn-standard: CSAT below 4.2 two months in a row, a QA or handle-time drop against the own average).

In the demo team lead's team, the tasks of the first of those months were handled before the next scans:
two have their session recorded and acknowledged by the person (one of them also became a development
goal), one more is recorded and waits for the person's acknowledgment. The tasks of the later months stay
open on the lead's home page. Teammates without a login get an agent account (no usable password, not one
of the demo logins) so that their acknowledgment is recorded as theirs.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.models import RoleGrant
from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.services.coaching import (
    coaching_acknowledge,
    coaching_make_goal,
    coaching_scan,
    coaching_session_record,
)
from serviceladder.rules.periods import date_month_index, first_day, month_index, month_label

AGREED = {
    "csat_mean": "每天复听一通低分录音，和组长一起找出让客户不满意的地方；下周起在结束语前确认问题已解决。",
    "qa_score": "对照质检标准逐项复盘三通被扣分的通话，重点练习开场白和信息核实；两周后再抽查。",
    "aht_seconds": "整理常见问题的快捷回复，减少通话中的保持时间；每周和组长看一次处理时长。",
}
COMMENTS = ["明白了，我会按约定每天复盘。", "谢谢组长，下周我把复盘记录发给您。"]


def _held_on(month: str, today: dt.date) -> dt.date:
    """A session a few days into the month after the task's month (never after today)."""
    return min(first_day(month_index(month) + 1) + dt.timedelta(days=4), today)


@transaction.atomic
def demo_coaching_load(*, today: dt.date | None = None) -> int:
    """Scan the last three complete months and handle the lead's earlier tasks; returns the tasks made."""
    today = today or timezone.localdate()
    last = date_month_index(today) - 1
    made = len(coaching_scan(month=month_label(last - 2), today=today).created)
    _handle_first_tasks(today, month_label(last - 2))
    for index in (last - 1, last):
        made += len(coaching_scan(month=month_label(index), today=today).created)
    return made


def _login_of(employee) -> object:
    """The person's login; an agent account without a usable password when they have none."""
    if employee.user is not None:
        return employee.user
    user = get_user_model().objects.create_user(username=employee.number.lower(), password=None)
    RoleGrant.objects.create(user=user, role=Role.AGENT)
    employee.user = user
    employee.save(update_fields=["user"])
    return user


def _handle_first_tasks(today: dt.date, month: str) -> None:
    lead_user = get_user_model().objects.filter(username="lead").first()
    if lead_user is None:
        return
    lead = Actor(lead_user, channel="system")
    earlier = list(
        CoachingTask.objects.filter(employee__team__lead__user=lead_user, month=month)
        .exclude(employee__user=lead_user)
        .select_related("employee__user")
        .order_by("employee__number", "pk")
    )
    for i, task in enumerate(earlier[:3]):
        held = _held_on(task.month, today)
        task = coaching_session_record(
            actor=lead,
            task=task,
            session_on=held,
            focus_metric=task.metric,
            focus_competency="communication",
            agreed=AGREED.get(task.metric, AGREED["csat_mean"]),
            today=today,
        )
        if i < 2:
            person = Actor(_login_of(task.employee), channel="system")
            coaching_acknowledge(actor=person, task=task, comment=COMMENTS[i % len(COMMENTS)])
        if i == 1:
            coaching_make_goal(actor=lead, task=task, today=today)
