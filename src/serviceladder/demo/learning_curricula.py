"""Curricula for the demo (issue 17 item 4; seed 003): the new-hire curriculum — phone communication on day
0, service technique on day 30, complaint handling and stress relief on day 60, business knowledge on day 90 —
applying to everyone hired in the last half year, enrolled through the curricula service. Courses due before
today are completed (through `record_completion(..., enrolment=e)`, the one writer of completions, without
the marking service's notices to hundreds of people); the most recent hire of the demo lead's
team and of every third other team is behind on one, so the leads' homes show overdue items and the
reminders go out. Four new hires outside the lead's team left early, part-way through."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.models import Course, Curriculum, Enrolment, EnrolmentEvent
from serviceladder.learning.services.completions import record_completion
from serviceladder.learning.services.curricula import curriculum_create
from serviceladder.learning.services.sessions import leavers_enrolments_cancel
from serviceladder.org.models import Employee

COURSES = [
    # code, Chinese, English, hours, days after hire
    ("phone-communication", "电话沟通技巧", "Phone communication", "8", 0),
    ("service-technique", "服务技巧", "Service technique", "8", 30),
    ("complaint-handling", "投诉处理", "Complaint handling", "6", 60),
    ("stress-relief", "压力疏导", "Stress relief", "4", 60),
    ("business-knowledge", "业务知识", "Business knowledge", "12", 90),
]
CODE = "new-hire"
LOOK_BACK_DAYS = 183
EARLY_LEAVERS = 4  # new hires who left within six months (every EARLY_LEAVER_EVERY-th, oldest first)
EARLY_LEAVER_EVERY = 5
EARLY_LEAVER_MIN_DAYS = 50


def _courses() -> None:
    for code, zh, en, hours, _offset in COURSES:
        Course.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "hours": hours, "mode": Course.Mode.CLASSROOM}
        )


@transaction.atomic
def demo_curricula_load(*, today: dt.date | None = None) -> int:
    """Load the new-hire curriculum and its progress; returns how many curriculum enrolments it made."""
    today = today or timezone.localdate()
    hr_user = get_user_model().objects.filter(username="hr").first()
    if hr_user is None or Curriculum.objects.filter(code=CODE).exists():
        return 0
    _courses()
    hr = Actor(hr_user, channel="system")
    curriculum = curriculum_create(
        actor=hr,
        code=CODE,
        name_zh="新员工入职培训路径",
        name_en="New-hire curriculum",
        trigger=Curriculum.Trigger.HIRE,
        applies_from=today - dt.timedelta(days=LOOK_BACK_DAYS),
        items=[(code, offset) for code, _zh, _en, _h, offset in COURSES],
        today=today,
    )
    enrolments = list(
        Enrolment.objects.filter(curriculum_item__curriculum=curriculum)
        .select_related("employee", "course")
        .order_by("employee__team_id", "-employee__hire_date", "employee__number", "due_on", "pk")
    )
    # In the demo lead's team and every third other team, the most recent hire with a course past due (other
    # than the first day's) is behind on it; everyone else finished what was due before today.
    lead = Employee.objects.filter(user__username="lead").first()
    lead_team = lead.team_id if lead is not None else None
    past_due = [e for e in enrolments if e.due_on is not None and e.due_on < today]
    teams = list(dict.fromkeys(e.employee.team_id for e in past_due))
    behind: dict[int | None, int] = {}
    for e in past_due:
        team = e.employee.team_id
        chosen = team == lead_team or teams.index(team) % 3 == 0
        if chosen and e.curriculum_item.offset_days and team not in behind:
            behind[team] = e.employee_id
    leaving = _early_leavers(curriculum, exclude_team=lead_team, today=today)
    left_behind: set[int] = set()
    for e in past_due:
        if e.employee_id in leaving and e.due_on >= leaving[e.employee_id].leave_on:
            continue  # gone before it was due
        mine = behind.get(e.employee.team_id) == e.employee_id
        if mine and e.curriculum_item.offset_days and e.employee_id not in left_behind:
            left_behind.add(e.employee_id)
            continue
        done_on = e.due_on - dt.timedelta(days=(e.employee.pk + e.course.pk) % 6)
        done_on = min(today, max(done_on, e.employee.hire_date))
        record_completion(e.employee, actor=hr, completed_on=done_on, course=e.course, enrolment=e)
        e.state = Enrolment.State.COMPLETED
        e.save(update_fields=["state", "updated_at"])
        EnrolmentEvent.objects.create(enrolment=e, state=e.state, by=hr_user, note="demo")
    for person, leave_on in leaving.values():
        # Written as the roster import records a leave date (the record edit's checks compare with the real
        # today, and a demo may be generated for another day).
        Employee.objects.filter(pk=person.pk).update(leave_date=leave_on)
        audit_record(
            actor=hr,
            action="org.employee.update",
            employee=person,
            obj=person,
            before={"leave_date": None},
            after={"leave_date": leave_on.isoformat()},
            reason="demo: left early",
        )
    leavers_enrolments_cancel(today)
    return len(enrolments)


class _Leaver(NamedTuple):
    person: Employee
    leave_on: dt.date


def _early_leavers(curriculum: Curriculum, *, exclude_team, today: dt.date) -> dict[int, _Leaver]:
    """Seed 003's concern, for the reports' attrition table: a few new hires without a login (none of the demo
    lead's team) leave within their first months, part-way through the curriculum; employee id → who and
    when. The caller completes only what was due before they left, then records the leave date (audited) and
    lets the daily step cancel what they still had open."""
    followers = (
        Employee.objects.filter(
            enrolments__curriculum_item__curriculum=curriculum,
            user__isnull=True,
            hire_date__lte=today - dt.timedelta(days=EARLY_LEAVER_MIN_DAYS),
        )
        .exclude(team_id=exclude_team)
        .select_related("team__department", "manager")
        .distinct()
        .order_by("hire_date", "number")
    )
    leaving = {}
    for n, person in enumerate(list(followers)[::EARLY_LEAVER_EVERY][:EARLY_LEAVERS]):
        # between five weeks and under three months: before the day-90 course, whatever the database's ids
        stayed = min((today - person.hire_date).days - 7, 35 + 15 * n)
        leaving[person.pk] = _Leaver(person, person.hire_date + dt.timedelta(days=stayed))
    return leaving
