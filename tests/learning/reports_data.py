"""Learning data for the report tests on top of tests/web/org.build_org, every figure computed by hand in the
tests. The report day is AS_OF.

Enrolments (c1, c2 courses):
  E2003 (team a1, hired 2026-04-20): c1 completed; c2 assigned, due 2026-06-01 (overdue)
  E2004 (team a1, hired 2025-12-15): c1 assigned, due 2026-07-01; c2 cancelled (not counted)
  E2005 (team a2, hired 2026-03-16): c1 expired (counts as completed)
  E2006 (team b1): c1 failed; c2 scheduled, due 2026-06-14 (overdue)
  E2007 (team b1): c1 completed
  E2011 (team b1, hired 2025-10-01, left 2026-01-01): c1 completed — a leaver, never counted in rates

The on-hire curriculum "nh" (applies from 2025-01-01): c1, c2, c3. Completions of its courses:
  E2011: c1 on 2025-10-20
  E2004: c1 on 2026-01-10, c2 on 2026-02-20, c3 on 2026-03-10
  E2003: c1 on 2026-05-01
  E2005: c1 on 2026-04-01, c2 on 2026-06-01
"""

from __future__ import annotations

import datetime as dt

from serviceladder.learning.models import Completion, Course, Curriculum, CurriculumItem, Enrolment
from serviceladder.org.models import Employee
from tests.learning.courses import put_course

AS_OF = dt.date(2026, 6, 15)
S = Enrolment.State


def add_learning(org) -> dict:
    """Adds the data once (a permission test calls it for each role on the same organisation)."""
    if Course.objects.filter(code="c1").exists():
        return {c.code: c for c in Course.objects.filter(code__in=("c1", "c2", "c3"))}
    # Every figure below is counted by hand from these rows alone: not build_org's training by name.
    Completion.objects.all().delete()
    e = org.employees
    hires = {
        "E2003": dt.date(2026, 4, 20),
        "E2004": dt.date(2025, 12, 15),
        "E2005": dt.date(2026, 3, 16),
        "E2011": dt.date(2025, 10, 1),
    }
    for number, day in hires.items():
        if number in e:
            e[number].hire_date = day
            e[number].save(update_fields=["hire_date"])
    # a leaver of team b1, not one of build_org's people (whose logins the web tests use)
    e["E2011"] = Employee.objects.create(
        number="E2011",
        name="吴昊",
        team=org.teams["b1"],
        hire_date=hires["E2011"],
        leave_date=dt.date(2026, 1, 1),
    )
    courses = {
        code: put_course(code=code, name_zh=f"课程{zh}", name_en=f"Course {code}")
        for code, zh in (("c1", "一"), ("c2", "二"), ("c3", "三"))
    }
    enrolments = [
        ("E2003", "c1", S.COMPLETED, None),
        ("E2003", "c2", S.ASSIGNED, dt.date(2026, 6, 1)),
        ("E2004", "c1", S.ASSIGNED, dt.date(2026, 7, 1)),
        ("E2004", "c2", S.CANCELLED, dt.date(2026, 5, 1)),
        ("E2005", "c1", S.EXPIRED, None),
        ("E2006", "c1", S.FAILED, dt.date(2026, 5, 1)),
        ("E2006", "c2", S.SCHEDULED, dt.date(2026, 6, 14)),
        ("E2007", "c1", S.COMPLETED, None),
        ("E2011", "c1", S.COMPLETED, None),
    ]
    for number, code, state, due in enrolments:
        Enrolment.objects.create(
            employee=e[number],
            course=courses[code],
            state=state,
            source=Enrolment.Source.HR,
            assigned_on=dt.date(2026, 1, 5),
            due_on=due,
        )
    nh = Curriculum.objects.create(
        code="nh",
        name_zh="新员工",
        name_en="New hires",
        trigger=Curriculum.Trigger.HIRE,
        applies_from=dt.date(2025, 1, 1),
    )
    for i, code in enumerate(("c1", "c2", "c3")):
        CurriculumItem.objects.create(
            curriculum=nh, course=courses[code], offset_days=30 * (i + 1), position=i
        )
    completions = [
        ("E2011", "c1", dt.date(2025, 10, 20)),
        ("E2004", "c1", dt.date(2026, 1, 10)),
        ("E2004", "c2", dt.date(2026, 2, 20)),
        ("E2004", "c3", dt.date(2026, 3, 10)),
        ("E2003", "c1", dt.date(2026, 5, 1)),
        ("E2005", "c1", dt.date(2026, 4, 1)),
        ("E2005", "c2", dt.date(2026, 6, 1)),
    ]
    for number, code, day in completions:
        Completion.objects.create(
            employee=e[number], course=courses[code], name=courses[code].name_zh, completed_on=day
        )
    return courses
