"""Shared set-up of the curricula tests: the new-hire courses of seed 003 and a few new hires in team a1."""

from __future__ import annotations

import datetime as dt

from serviceladder.audit.services import Actor
from serviceladder.learning.models import Course
from serviceladder.learning.services.curricula import curriculum_create
from tests.factories import EmployeeFactory, LevelAssignmentFactory

NEW_HIRE_COURSES = [
    ("phone-communication", "电话沟通技巧", "Phone communication", 0),
    ("service-technique", "服务技巧", "Service technique", 30),
    ("complaint-handling", "投诉处理", "Complaint handling", 60),
    ("stress-relief", "压力疏导", "Stress relief", 60),
    ("business-knowledge", "业务知识", "Business knowledge", 90),
]
START = dt.date(2026, 1, 1)


def courses() -> dict[str, Course]:
    return {
        code: Course.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en})[0]
        for code, zh, en, _offset in NEW_HIRE_COURSES
    }


def new_hire_items() -> list[tuple[str, int]]:
    courses()
    return [(code, offset) for code, _zh, _en, offset in NEW_HIRE_COURSES]


def hire(org, number: str, hired: dt.date, *, team: str = "a1", left: dt.date | None = None):
    employee = EmployeeFactory(
        number=number, name=f"新人{number}", team=org.teams[team], hire_date=hired, leave_date=left
    )
    LevelAssignmentFactory(employee=employee, level=org.levels[0], effective_from=hired)
    return employee


def new_hire_curriculum(org, *, applies_from=START, today=None, **fields):
    values = {
        "code": "new-hire",
        "name_zh": "新员工培训路径",
        "name_en": "New-hire curriculum",
        "trigger": "hire",
        "applies_from": applies_from,
        "items": new_hire_items(),
    }
    values.update(fields)
    return curriculum_create(actor=Actor(org.users["hr"]), today=today or dt.date(2026, 1, 2), **values)
