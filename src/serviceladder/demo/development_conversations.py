"""Career conversations for the demo (issue 14, item 5): a year of them, some overdue.

The demo organisation switched development planning on a year ago (its policy version counts as loaded
then), so the cadence has had time to run. Habits it imitates:
- nine in ten people had their regular talks roughly every quarter (a few weeks late now and then), each
  agreeing the next date; about one in twelve of those is late now (the agreed date has passed), so the
  lead's and head's home pages show overdue items; the others are due in the coming weeks;
- people past six months of service mostly had their direction review (seed 003);
- some conversations carry private notes (the author's and HR's only), most carry shared notes and topics.
The demo agent (the login) always has their conversations, on time, with a direction review.
The author is the person's team lead, the head for a team without a lead; where the lead has no account
in the demo, HR held the talk (HR may).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from serviceladder.development.cadence import add_months
from serviceladder.development.models import Conversation
from serviceladder.org.models import Employee
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.selectors import development_in_force

SWITCHED_ON_DAYS_AGO = 365
SHARE_WITH_CONVERSATIONS = 0.92
SHARE_LATE_NOW = 0.08
SHARE_REVIEWED = 0.9
SHARE_PRIVATE = 0.2

TOPICS = [
    ("投诉处理", "complaint handling"),
    ("情绪管理", "stress relief"),
    ("业务知识", "business knowledge"),
    ("质检反馈", "QA feedback"),
    ("晋升准备", "getting ready for promotion"),
    ("带教新人", "coaching a newcomer"),
    ("职业方向", "career direction"),
    ("排班与休息", "shifts and rest"),
]
SHARED = [
    "本季度客户满意度稳定，投诉电话的安抚话术进步明显。下季度重点：缩短事后处理时长。",
    "对质检组的工作很感兴趣，约定先旁听两次质检复盘会。",
    "首次解决率略低于团队平均，一起复盘了三通重复来电，约定每周自查五通录音。",
    "愿意带教下一批新人，先从跟岗一周开始。",
    "近期夜班较多，调整了下月排班；业务知识考试准备按计划进行。",
]
REVIEW_NOTES = [
    "方向评估：了解了管理通道与专家通道的要求，倾向专家通道（质检方向），半年后再确认。",
    "方向评估：希望走管理通道，先承担小组长的代班任务。",
    "方向评估：暂时留在一线，把投诉处理做扎实，再考虑转岗培训岗。",
]
PRIVATE = [
    "家中有老人需要照顾，近期情绪波动，注意排班照顾。",
    "提到有外部机会在接触，需关注留任风险。",
    "与同组同事有摩擦，下次单独再聊。",
]


def _authors() -> dict[str, object]:
    users = get_user_model().objects.filter(username__in=["agent", "lead", "head", "hr"])
    return {u.username: u for u in users}


def _author_for(person: Employee, users_by_employee: dict[int, object], hr) -> object:
    team = person.team
    who = team.lead if team.lead_id else (team.department.head if team.department_id else None)
    if who is not None and who.pk != person.pk and who.pk in users_by_employee:
        return users_by_employee[who.pk]
    return hr


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def demo_switch_on_backdated(today: dt.date) -> dt.date | None:
    """Count the demo's policy versions as loaded a year ago (the demo's history started then): the
    development clocks start then. None while the demo policy leaves development planning off."""
    if development_in_force(today) is None:
        return None
    loaded = dt.datetime.combine(today - dt.timedelta(days=SWITCHED_ON_DAYS_AGO), dt.time(9, 0))
    stamp = timezone.make_aware(loaded)
    old = PolicyVersion.objects.filter(loaded_at__gt=stamp, effective_from__lte=stamp.date())
    # Stored versions are immutable to the product (PolicyVersionQuerySet refuses updates); the demo writes
    # its own history below that guard, once, when it is created.
    QuerySet.update(old, loaded_at=stamp)
    found = development_in_force(today)
    return found[1] if found else None


def demo_conversations_load(*, seed: int, today: dt.date) -> int:
    """Write the demo's conversations; returns how many. Nothing while development planning is off."""
    switched_on = demo_switch_on_backdated(today)
    if switched_on is None:
        return 0
    rng = random.Random(f"serviceladder-demo:{seed}:conversations")
    users = _authors()
    hr = users.get("hr")
    if hr is None:
        return 0
    users_by_employee = {
        e.pk: e.user for e in Employee.objects.filter(user__in=users.values()).select_related("user")
    }
    people = (
        Employee.objects.filter(team__isnull=False, leave_date__isnull=True, hire_date__lte=today)
        .select_related("team__lead", "team__department__head")
        .order_by("number")
    )
    rows = []
    for person in people:
        author = _author_for(person, users_by_employee, hr)
        showcase = person.user_id is not None and person.user_id == getattr(users.get("agent"), "pk", None)
        if rng.random() >= SHARE_WITH_CONVERSATIONS and not showcase:
            continue
        start = max(person.hire_date, switched_on)
        late_now = rng.random() < SHARE_LATE_NOW and not showcase
        review_at = add_months(person.hire_date, 6)
        reviewed = rng.random() < SHARE_REVIEWED or showcase
        day = _working_day(add_months(start, 3) - dt.timedelta(days=rng.randint(0, 20)))
        held: list[dt.date] = []
        while day <= today - dt.timedelta(days=3):
            held.append(day)
            day = _working_day(add_months(day, 3) + dt.timedelta(days=rng.randint(-7, 14)))
        if not held:
            continue
        review_index = None
        if reviewed and review_at <= today:
            after = [i for i, d in enumerate(held) if d >= min(review_at, held[-1])]
            review_index = after[0] if after else len(held) - 1
        for i, held_on in enumerate(held):
            last = i == len(held) - 1
            if last:
                # the agreed next date: passed for the late ones, ahead for the others
                if late_now:
                    next_on = max(
                        today - dt.timedelta(days=rng.randint(3, 25)), held_on + dt.timedelta(days=1)
                    )
                else:
                    next_on = max(add_months(held_on, 3), today + dt.timedelta(days=rng.randint(3, 30)))
            else:
                next_on = held[i + 1]
            review = i == review_index
            topics = [pair[0] for pair in rng.sample(TOPICS, rng.randint(1, 3))]
            if review:
                topics = ["职业方向", *[t for t in topics if t != "职业方向"]][:3]
            rows.append(
                Conversation(
                    employee=person,
                    kind=Conversation.Kind.DIRECTION_REVIEW if review else Conversation.Kind.REGULAR,
                    held_on=held_on,
                    topics=topics,
                    shared_notes=rng.choice(REVIEW_NOTES if review else SHARED),
                    private_notes=rng.choice(PRIVATE) if rng.random() < SHARE_PRIVATE else "",
                    next_on=next_on,
                    author=author,
                    author_label=author.username,
                )
            )
    Conversation.objects.bulk_create(rows, batch_size=500)
    return len(rows)
