"""The voice channel for the demo (issue 16 item 5): items raised over the last four months by the demo agent
and colleagues in the agent's department and elsewhere, to HR and to the department, named and anonymous;
most answered (one late, a few published to all staff), some open, and one overdue item escalated to the
head by the daily step. Items raised in late December whose deadline reaches into a year the holiday
calendar has no official schedule for are made all the same, with a provisional deadline. Every step goes
through the services (audited, notified), dated as it happened."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from serviceladder.accounts.scoping import can_manage_voice, can_submit_voice
from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today as local_today
from serviceladder.wellbeing.models import VoiceItem
from serviceladder.wellbeing.services import voice as svc

# (days ago, who: agent | colleague | elsewhere, kind, to, anonymous, subject, body,
#  what happened: answered after N days | "open" | "start" | "escalate", published)
ITEMS = [
    (
        118,
        "colleague",
        "suggestion",
        "department",
        False,
        "早班交接增加五分钟",
        "早班和夜班交接太仓促，客户遗留问题经常说不清楚，建议交接时间延长五分钟。",
        6,
        True,
    ),
    (
        104,
        "elsewhere",
        "grievance",
        "hr",
        True,
        "排班不公平",
        "连续两个月被排在节假日值班，而同组有人一次都没有。",
        9,
        False,
    ),
    (
        90,
        "agent",
        "suggestion",
        "hr",
        False,
        "知识库搜索太慢",
        "知识库搜索经常要十几秒，通话中很难及时找到答案，希望升级检索。",
        16,  # answered late
        False,
    ),
    (
        75,
        "colleague",
        "decision_complaint",
        "department",
        True,
        "质检扣分标准突然调整",
        "上月质检标准调整没有提前通知，很多人被扣分，希望说明理由并给过渡期。",
        7,
        True,
    ),
    (
        61,
        "elsewhere",
        "suggestion",
        "hr",
        False,
        "设立情绪缓冲室",
        "接到辱骂电话后需要几分钟平复，建议设立一个可以短暂休息的安静房间。",
        4,
        True,
    ),
    (
        47,
        "agent",
        "grievance",
        "department",
        True,
        "投诉电话太集中",
        "最近投诉电话几乎都分到我们组，压力很大，希望轮换分配。",
        8,
        False,
    ),
    (
        33,
        "colleague",
        "suggestion",
        "department",
        False,
        "夜班餐补",
        "夜班没有热饭，建议提供夜班餐补或夜宵。",
        5,
        False,
    ),
    (
        24,
        "colleague",
        "decision_complaint",
        "department",
        True,
        "取消调休的决定",
        "部门取消了旺季后的调休，大家连续加班很疲惫，希望重新考虑。",
        "escalate",
        False,
    ),
    (
        9,
        "elsewhere",
        "grievance",
        "hr",
        False,
        "系统故障时的考核",
        "系统故障导致通话时长超标，却仍计入考核，希望剔除故障时段。",
        "start",
        False,
    ),
    (
        4,
        "agent",
        "suggestion",
        "hr",
        True,
        "增加一线晋升名额",
        "今年中级客服晋升名额太少，很多达标的同事排不上，希望增加名额或公布排序规则。",
        "open",
        False,
    ),
    (
        2,
        "colleague",
        "suggestion",
        "department",
        False,
        "耳机老化",
        "组里一半耳机有杂音，影响通话质量，建议统一更换。",
        "open",
        False,
    ),
]

ANSWERS = {
    "suggestion": "感谢建议。我们已与相关负责人讨论，将从下月起试行，并在一个月后回顾效果。",
    "grievance": "已核实情况，我们会调整安排并与你所在班组沟通；如仍有问题，欢迎继续反馈。",
    "decision_complaint": "决定的理由已在部门例会上说明，并增加两周过渡期；过渡期内的扣分将复核。",
}


def _people(agent: Employee | None) -> dict[str, list[Employee]]:
    staff = Employee.objects.filter(leave_date__isnull=True, user__isnull=False).select_related(
        "team__department", "user"
    )
    department = agent.team.department if agent is not None and agent.team_id else None
    colleagues = [
        e
        for e in staff
        if department is not None
        and e.team_id
        and e.team.department_id == department.pk
        and e.pk != agent.pk
        and e.pk != department.head_id
        and e.team.lead_id != e.pk
    ]
    # Elsewhere: staff with a login outside the agent's department who may raise an item; never HR, who
    # could then not answer their own item to HR.
    elsewhere = [
        e
        for e in staff
        if (e.team_id is None or department is None or e.team.department_id != department.pk)
        and can_submit_voice(e.user)
        and not can_manage_voice(e.user)
        and (department is None or e.pk != department.head_id)
    ]
    own = [agent] if agent else []
    # A small demo may have no other logins: the agent raises those items too.
    return {"agent": own, "colleague": colleagues or own, "elsewhere": elsewhere or own}


def _when(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))


def demo_voice_load(today: dt.date | None = None) -> dict:
    """The items of ITEMS (see the module docstring); returns how many of each state were made."""
    day = today or local_today()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead", "head", "hr"])
    }
    agent_user = users.get("agent")
    agent = Employee.objects.filter(user=agent_user).select_related("team__department").first()
    people = _people(agent)
    hr = users.get("hr")
    counts = {"answered": 0, "open": 0, "escalated": 0}
    for n, (ago, who, kind, to, anonymous, subject, body, fate, published) in enumerate(ITEMS):
        pool = people[who]
        if not pool or hr is None:
            continue
        person = pool[n % len(pool)]
        submitted = day - dt.timedelta(days=ago)
        try:
            item = svc.voice_submit(
                actor=Actor(person.user, channel="web"),
                kind=kind,
                addressed_to=to,
                anonymous=anonymous,
                subject=subject,
                body=body,
                today=submitted,
            )
        except DomainError:  # e.g. a department without a head (an unknown calendar year is never a reason)
            continue
        VoiceItem.objects.filter(pk=item.pk).update(submitted_at=_when(submitted))
        head = svc.head_user(item)
        answerer = head if head is not None else hr
        lead = users.get("lead")
        if fate == "escalate":
            owner = lead if lead is not None and to == "department" else answerer
            svc.voice_assign(actor=Actor(hr), item=item, owner=owner)
            svc.voice_start(actor=Actor(owner), item=item)
            escalated_on = item.due_on + dt.timedelta(days=1)
            svc.voice_escalate_due(escalated_on)
            VoiceItem.objects.filter(pk=item.pk).update(escalated_at=_when(escalated_on))
            counts["escalated"] += 1
        elif fate == "start":
            svc.voice_start(actor=Actor(hr), item=item)
            counts["open"] += 1
        elif fate == "open":
            counts["open"] += 1
        elif isinstance(fate, int):
            svc.voice_start(actor=Actor(answerer), item=item)
            svc.voice_answer(actor=Actor(answerer), item=item, answer=ANSWERS[kind])
            answered = submitted + dt.timedelta(days=fate)
            VoiceItem.objects.filter(pk=item.pk).update(answered_at=_when(answered))
            if published:
                svc.voice_publish(actor=Actor(hr), item=item, published=True)
            counts["answered"] += 1
    return counts
