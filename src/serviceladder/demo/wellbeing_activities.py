"""Team activities for the demo (issue 16 item 6): in the demo lead's team an interest group met ten days ago
with its attendance recorded; the department's stress-relief lecture five days ago still waits for its
organiser (the head) to record attendance (a to-do on the head's home page); coming up are the team's
board-game evening, the department's recognition event and an organisation-wide lecture, with sign-ups."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.org.models import Employee
from serviceladder.wellbeing.models import Activity, ActivitySignup
from serviceladder.wellbeing.services.activities import (
    activity_attendance_record,
    activity_create,
    activity_sign_up,
)


def _at(today: dt.date, days: int, hour: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _past(actor: Actor, when: dt.datetime, **fields) -> Activity:
    """An activity that already took place (the services only put activities in the future)."""
    return Activity.objects.create(created_by=actor.user, starts_at=when, **fields)


def _sign_up(activity: Activity, people) -> None:
    ActivitySignup.objects.bulk_create([ActivitySignup(activity=activity, employee=p) for p in people])
    if activity.starts_at < timezone.now():  # signed up in the week before it, not today
        early = activity.starts_at - dt.timedelta(days=6)
        ActivitySignup.objects.filter(activity=activity).update(signed_up_at=early)


@transaction.atomic
def demo_activities_load(*, today: dt.date | None = None) -> int:
    """Load the demo's activities; returns how many."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["lead", "head", "hr"])}
    lead_user, head_user, hr_user = users.get("lead"), users.get("head"), users.get("hr")
    if lead_user is None or head_user is None or hr_user is None:
        return 0
    lead, head, hr = (Actor(u, channel="system") for u in (lead_user, head_user, hr_user))
    team = Employee.objects.select_related("team__department").get(user=lead_user).team
    department = team.department
    members = list(Employee.objects.filter(team=team).select_related("user").order_by("number"))
    colleagues = list(
        Employee.objects.filter(team__department=department).exclude(team=team).order_by("number")[:8]
    )

    book_club = _past(
        lead,
        _at(today, -10, 18),
        title="读书分享会：《非暴力沟通》",
        kind=Activity.Kind.INTEREST_GROUP,
        team=team,
        place="三楼培训室",
        capacity=12,
        description="每人分享一个和客户沟通的真实片段，讨论怎样表达更能让对方听进去。",
    )
    _sign_up(book_club, members[:7])
    activity_attendance_record(
        actor=lead, activity=book_club, attended=[p.pk for p in members[:5]], now=_at(today, 0, 8)
    )

    lecture = _past(
        head,
        _at(today, -5, 14),
        title="情绪减压讲座：面对投诉客户的自我调节",
        kind=Activity.Kind.STRESS_LECTURE,
        department=department,
        place="大会议室",
        capacity=40,
        description="请心理咨询师讲解接听投诉电话后的快速放松方法，并现场练习。",
    )
    _sign_up(lecture, [*members[:4], *colleagues[:6]])

    now = _at(today, 0, 8)  # the demo's today (tests load the demo on a fixed day)
    games = activity_create(
        actor=lead,
        team=team,
        title="周五桌游之夜",
        kind=Activity.Kind.SOCIAL,
        starts_at=_at(today, 4, 19),
        ends_at=_at(today, 4, 21),
        place="一楼休息区",
        capacity=10,
        description="下班后一起玩桌游，零食饮料组里准备。",
        now=now,
    )
    for person in members[1:5]:
        if person.user is not None:
            activity_sign_up(actor=Actor(person.user, channel="system"), activity=games, now=now)
        else:
            ActivitySignup.objects.create(activity=games, employee=person)
    awards = activity_create(
        actor=head,
        department=department,
        title="季度服务之星颁奖会",
        kind=Activity.Kind.RECOGNITION_EVENT,
        starts_at=_at(today, 12, 16),
        place="大会议室",
        description="为本季度的服务之星颁奖，请获奖同事分享心得。",
        now=now,
    )
    _sign_up(awards, colleagues[:5])
    activity_create(
        actor=hr,
        title="全员心理健康讲座：睡眠与压力",
        kind=Activity.Kind.STRESS_LECTURE,
        starts_at=_at(today, 20, 15),
        ends_at=_at(today, 20, 16),
        place="线上会议",
        capacity=200,
        description="人力资源邀请的讲师介绍改善睡眠、缓解压力的方法，可在工位上收看。",
        now=now,
    )
    return Activity.objects.count()
