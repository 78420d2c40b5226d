"""A small two-department organisation under a small policy, with every role, and a fixed "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.ladder.models import Level
from serviceladder.org.models import PayRecord
from serviceladder.policy.services import policy_load
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    TeamFactory,
    user_with_roles,
)

# Inside the September window of the policy below; the CN 2025 calendar is official (National Day).
TODAY = dt.date(2025, 9, 25)

POLICY = """\
schema_version: 1
name: promo-test
trainings:
  - {code: basics, name_zh: 基础培训, name_en: Basics, hours: 8}
  - {code: lead-skills, name_zh: 带教技巧, name_en: Coaching skills, hours: 12}
tracks:
  - code: service
    kind: management
    name_zh: 服务
    name_en: Service
    levels:
      - {code: L1, name_zh: 一级, name_en: Level 1, pay_band: {min: 4000, max: 6000}}
      - code: L2
        name_zh: 二级
        name_en: Level 2
        pay_band: {min: 5500, max: 8000}
        promotion_training: [basics, lead-skills]
      - {code: L3, name_zh: 三级, name_en: Level 3, pay_band: {min: 7000, max: 7500}}
  - code: expert
    kind: expert
    name_zh: 专家
    name_en: Expert
    levels:
      - {code: EX1, name_zh: 质检专员, name_en: Quality specialist, pay_band: {min: 6000, max: 9000}}
transitions:
  - from: L1
    to: L2
    conditions:
      min_months_in_level: 12
      no_violations: {months: 12}
  - from: L2
    to: L3
    conditions:
      min_months_in_level: 12
      exam: {min_score: 80, within_months: 12}
  - from: L1
    to: EX1
    kind: lateral
    conditions:
      min_months_in_level: 6
performance_score:
  weights: {csat_mean: 1}
process:
  application_months: [3, 9]
  notice_period_working_days: 5
  publication_day_counts: false
  holiday_calendar: CN
  appeal_deadline_days: 7
  pay_rule: {min_ratio: 1.10}
  quotas: {L2: 1, L3: 2}
"""

# role key → (username, role, employee number, team key or None, level code)
PEOPLE = {
    "applicant": ("lina", Role.AGENT, "P001", "a1", "L1"),
    "colleague": ("zhangwei", Role.AGENT, "P002", "a1", "L1"),
    "agent_b": ("chenjing", Role.AGENT, "P003", "b1", "L1"),
    "nominator": ("wangfang", Role.TEAM_LEAD, "P004", "a1", "L2"),
    "other_lead": ("yanglei", Role.TEAM_LEAD, "P005", "b1", "L2"),
    "head": ("zhoujg", Role.DEPARTMENT_HEAD, "P006", None, "L3"),
    "other_head": ("liuyang", Role.DEPARTMENT_HEAD, "P007", None, "L3"),
    "hr": ("zhaomin", Role.HR, "P008", None, "L3"),
    "hr2": ("qianli", Role.HR, "P009", None, "L3"),
    "management": ("sunqiang", Role.MANAGEMENT, "P010", None, "L3"),
    "admin": ("sysadmin", Role.ADMIN, "P011", None, "L3"),
}


@dataclass
class Org:
    cycle: object = None
    users: dict = field(default_factory=dict)
    employees: dict = field(default_factory=dict)
    teams: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)

    def actor(self, key: str, channel: str = "web") -> Actor:
        return Actor(user=self.users[key], channel=channel)

    def level(self, code: str) -> Level:
        return Level.objects.get(code=code)


@pytest.fixture
def today(monkeypatch):
    """Fix the promotions app's clock; returns a setter for moving it."""
    current = {"date": TODAY}
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: current["date"])
    monkeypatch.setattr(
        "serviceladder.promotions.clock.now",
        lambda: timezone.make_aware(dt.datetime.combine(current["date"], dt.time(12, 0))),
    )

    def set_today(date: dt.date) -> dt.date:
        current["date"] = date
        return date

    set_today.current = current
    return set_today


def build_org(*, policy: str = POLICY) -> Org:
    org = Org()
    policy_load(actor=Actor(user=None, channel="cli"), text=policy, effective=dt.date(2020, 1, 1))
    da = DepartmentFactory(code="dept-a", name_zh="客服一部", name_en="Service 1")
    db = DepartmentFactory(code="dept-b", name_zh="客服二部", name_en="Service 2")
    org.departments = {"a": da, "b": db}
    org.teams = {
        "a1": TeamFactory(code="a1", department=da, name_zh="热线组", name_en="Hotline"),
        "b1": TeamFactory(code="b1", department=db, name_zh="在线组", name_en="Online"),
    }
    for key, (username, role, number, team, level) in PEOPLE.items():
        e = EmployeeFactory(
            number=number,
            name=f"{username}-name",
            team=org.teams[team] if team else None,
            hire_date=dt.date(2020, 3, 1),
        )
        LevelAssignmentFactory(
            employee=e, level=Level.objects.get(code=level), effective_from=dt.date(2021, 1, 1)
        )
        org.employees[key] = e
        org.users[key] = user_with_roles(username, role, employee=e)
    da.head, db.head = org.employees["head"], org.employees["other_head"]
    da.save(update_fields=["head"])
    db.save(update_fields=["head"])
    org.teams["a1"].lead = org.employees["nominator"]
    org.teams["b1"].lead = org.employees["other_lead"]
    for t in org.teams.values():
        t.save(update_fields=["lead"])
    PayRecord.objects.create(
        employee=org.employees["applicant"],
        monthly_amount=Decimal("5000.00"),
        effective_from=dt.date(2024, 1, 1),
    )
    PayRecord.objects.create(
        employee=org.employees["colleague"],
        monthly_amount=Decimal("5800.00"),
        effective_from=dt.date(2024, 1, 1),
    )
    return org


@pytest.fixture
def org(db, today):
    from serviceladder.promotions.services import promotion_cycle_open

    org = build_org()
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"),
        name="2025 下半年晋升",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 30),
    )
    return org


FORM = {
    "achievements": "CSAT 4.8 for six months",
    "capability_growth": "Took over complaint cases",
    "role_understanding": "Coach juniors and own hard cases",
    "plan": "Run a weekly case review",
}


def draft(org: Org, key: str = "applicant", target: str = "L2", **form):
    from serviceladder.promotions.services import promotion_application_create

    return promotion_application_create(
        actor=org.actor(key), cycle=org.cycle, target_level=target, **{**FORM, **form}
    )


def submitted(org: Org, key: str = "applicant", target: str = "L2", **kwargs):
    from serviceladder.promotions.services import promotion_application_submit

    return promotion_application_submit(actor=org.actor(key), application=draft(org, key, target), **kwargs)


def advance(org: Org, app, to: str, *, override_reason: str = ""):
    """Move an application through the real services, each stage by its own actor, up to state `to`."""
    from serviceladder.promotions import services as s
    from serviceladder.promotions.states import State

    order = [State.SUBMITTED, State.DEPT_APPROVED, State.HR_APPROVED, State.MGMT_APPROVED, State.ON_NOTICE]
    steps = {
        State.SUBMITTED: lambda: s.promotion_review_department(
            actor=org.actor("head"), application=app, approve=True, opinion="Department agrees"
        ),
        State.DEPT_APPROVED: lambda: s.promotion_review_hr(
            actor=org.actor("hr"), application=app, approve=True, opinion="HR verified"
        ),
        State.HR_APPROVED: lambda: s.promotion_approve_management(
            actor=org.actor("management"),
            application=app,
            approve=True,
            opinion="Approved",
            override_reason=override_reason,
        ),
        State.MGMT_APPROVED: lambda: s.promotion_notice_publish(
            actor=org.actor("hr"), cycle=org.cycle, applications=[app]
        ),
    }
    while app.state != to:
        assert app.state in order[:-1], app.state
        steps[app.state]()
        app.refresh_from_db()
    return app
