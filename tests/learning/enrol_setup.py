"""Shared data of the sessions, enrolments and marking tests: a classroom and an online course, a trainer
(陈静 E2006 of dept-b, an agent holding a trainer grant for the classroom course) and soon/past times."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course, CourseTrainer, Enrolment, Session
from serviceladder.learning.services.enrolments import enrol
from tests.factories import user_with_roles
from tests.learning.courses import put_course


def soon(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def past(days: int = 1) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def classroom(code: str = "complaints", **kw) -> Course:
    values = {"name_zh": "投诉处理", "name_en": "Complaint handling", "mode": Course.Mode.CLASSROOM}
    values.update(kw)
    return put_course(code=code, **values)


def online(code: str = "stress-online", **kw) -> Course:
    values = {"name_zh": "压力疏导", "name_en": "Stress relief", "mode": Course.Mode.ONLINE}
    values.update(kw)
    return put_course(code=code, **values)


def add_trainer(org, course: Course):
    """The `trainer` role key: 陈静 (E2006), an agent holding a trainer grant for `course`."""
    if "trainer" not in org.users:
        org.users["trainer"] = user_with_roles("chenjing", Role.AGENT, employee=org.employees["E2006"])
    CourseTrainer.objects.get_or_create(course=course, user=org.users["trainer"])
    return org.users["trainer"]


def enrolled(org, number: str, course: Course, **kw) -> Enrolment:
    enrolment, _ = enrol(
        org.employees[number], course, source=Enrolment.Source.HR, actor=Actor(user=org.users["hr"]), **kw
    )
    return enrolment


def session_of(course: Course, *, starts_at=None, capacity=None) -> Session:
    return Session.objects.create(course=course, starts_at=starts_at or soon(), capacity=capacity)


def seated(enrolment: Enrolment, session: Session) -> Enrolment:
    """Put an enrolment straight into a seat (no service: the test sets up the state it needs)."""
    enrolment.state = Enrolment.State.SCHEDULED
    enrolment.session = session
    enrolment.save(update_fields=["state", "session"])
    return enrolment
