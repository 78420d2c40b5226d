"""Sessions and enrolments for the demo (issue 17 item 2): the head trains complaint handling; its session
two days ago still waits for marks (one attended already marked) — a to-do on the head's home; phone skills
runs in five days with its two seats taken and the demo agent on the waiting list; the agent follows the
online stress-relief course (40 %); a member of the lead's team has an overdue course."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, CourseTrainer, Enrolment, EnrolmentEvent, Session
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.marking import enrolment_complete, online_progress, online_start
from serviceladder.learning.services.sessions import enrolment_book, session_schedule
from serviceladder.org.models import Employee

COURSES = {
    "complaint-handling": {
        "name_zh": "投诉处理",
        "name_en": "Complaint handling",
        "mode": Course.Mode.CLASSROOM,
        "hours": Decimal("6"),
        "validity_months": 24,
    },
    "phone-communication": {
        "name_zh": "电话沟通技巧",
        "name_en": "Phone communication",
        "mode": Course.Mode.CLASSROOM,
        "hours": Decimal("4"),
    },
    "stress-relief": {
        "name_zh": "压力疏导（线上）",
        "name_en": "Stress relief (online)",
        "mode": Course.Mode.ONLINE,
        "hours": Decimal("2"),
        "self_enrol": True,
    },
}


def _at(today: dt.date, days: int, hour: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _seat(
    enrolment: Enrolment, session: Session, actor: Actor, state: str = Enrolment.State.SCHEDULED
) -> None:
    """A seat in a session that already took place (the services only book future sessions)."""
    enrolment.session = session
    enrolment.state = state
    enrolment.save(update_fields=["session", "state"])
    EnrolmentEvent.objects.create(enrolment=enrolment, state=state, by=actor.user)


@transaction.atomic
def demo_enrolments_load(*, today: dt.date | None = None) -> int:
    """Load the demo's sessions and enrolments; returns how many enrolments."""
    today = today or timezone.localdate()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["agent", "lead", "head", "hr"])
    }
    if len(users) < 4:
        return 0
    hr, lead, head, agent = (Actor(users[k], channel="system") for k in ("hr", "lead", "head", "agent"))
    courses = {
        code: Course.objects.get_or_create(code=code, defaults=values)[0] for code, values in COURSES.items()
    }
    complaints, phone, stress = (
        courses["complaint-handling"],
        courses["phone-communication"],
        courses["stress-relief"],
    )
    CourseTrainer.objects.get_or_create(course=complaints, user=head.user, defaults={"granted_by": hr.user})
    me = Employee.objects.select_related("team").get(user=agent.user)
    team = list(
        Employee.objects.filter(team=me.team).exclude(pk=me.pk).exclude(user=lead.user).order_by("number")
    )
    if len(team) < 4:
        return 0

    held = Session.objects.create(
        course=complaints,
        starts_at=_at(today, -2, 9),
        ends_at=_at(today, -2, 16),
        trainer=head.user,
        capacity=12,
        place="培训室 A",
        created_by=hr.user,
    )
    count = 0
    for i, person in enumerate([me, *team[:2]]):
        enrolment, _ = enrol(
            person, complaints, source=Enrolment.Source.LEAD, actor=lead, due_on=today + dt.timedelta(days=20)
        )
        _seat(enrolment, held, hr, Enrolment.State.ATTENDED if i == 1 else Enrolment.State.SCHEDULED)
        count += 1
    # An earlier class, completed and marked by the trainer.
    done, _ = enrol(
        team[3], complaints, source=Enrolment.Source.HR, actor=hr, assigned_on=today - dt.timedelta(days=60)
    )
    enrolment_complete(
        actor=head,
        enrolment=done,
        completed_on=today - dt.timedelta(days=40),
        score="91",
        evidence="结业考核",
        today=today,
    )
    count += 1

    upcoming = session_schedule(
        actor=hr,
        course=phone,
        starts_at=_at(today, 5, 14),
        ends_at=_at(today, 5, 17),
        capacity=2,
        place="3 楼大会议室",
        now=_at(today, 0, 8),
    )
    for person in (team[1], team[2], me):
        enrolment, _ = enrol(
            person, phone, source=Enrolment.Source.LEAD, actor=lead, due_on=today + dt.timedelta(days=30)
        )
        enrolment_book(actor=lead, enrolment=enrolment, session=upcoming, now=_at(today, 0, 8))
        count += 1

    online, _ = enrol(me, stress, source=Enrolment.Source.SELF, actor=agent)
    online_start(actor=agent, enrolment=online, now=_at(today, 0, 8))
    online_progress(actor=agent, enrolment=online, progress=40, today=today)
    count += 1

    late, _ = enrol(
        team[3],
        phone,
        source=Enrolment.Source.LEAD,
        actor=lead,
        assigned_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=10),
    )
    return count + 1
