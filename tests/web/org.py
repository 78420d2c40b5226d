"""A small two-department organisation with every role, used by the web tests (and for trying the UI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from serviceladder.accounts.roles import Role
from serviceladder.accounts.services import role_grant, role_revoke
from serviceladder.audit.services import Actor
from serviceladder.learning.models import Completion
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Education, Employee, ExamResult, PayRecord, Violation
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    LevelFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
    user_with_roles,
)

# number → (name, team key or None, pay)
PEOPLE = {
    "E2001": ("周建国", None, Decimal("41234.56")),
    "E2002": ("王芳", "a1", Decimal("27318.09")),
    "E2003": ("李娜", "a1", Decimal("13579.24")),
    "E2004": ("张伟", "a1", Decimal("14682.37")),
    "E2005": ("刘洋", "a2", Decimal("15793.48")),
    "E2006": ("陈静", "b1", Decimal("16804.59")),
    "E2007": ("杨磊", "b1", Decimal("17915.61")),
    "E2008": ("赵敏", None, Decimal("33026.72")),
    "E2009": ("孙强", None, Decimal("58137.83")),
    "E2010": ("黄丽", "b1", Decimal("19248.95")),
}

# role key → (username, role or None, employee number or None, numbers this user may see)
USERS = {
    "agent": ("lina", Role.AGENT, "E2003", {"E2003"}),
    "team_lead": ("wangfang", Role.TEAM_LEAD, "E2002", {"E2002", "E2003", "E2004"}),
    "department_head": (
        "zhoujg",
        Role.DEPARTMENT_HEAD,
        "E2001",
        {"E2001", "E2002", "E2003", "E2004", "E2005"},
    ),
    "hr": ("zhaomin", Role.HR, "E2008", set(PEOPLE)),
    "management": ("sunqiang", Role.MANAGEMENT, "E2009", set(PEOPLE)),
    "admin": ("sysadmin", Role.ADMIN, None, set(PEOPLE)),
    "none": ("huangli", None, "E2010", set()),
}
PAY_VISIBLE = {
    "agent": {"E2003"},
    "team_lead": {"E2002"},
    "department_head": {"E2001"},
    "hr": set(PEOPLE),
    "management": set(PEOPLE),
    "admin": set(),
    "none": set(),
}
ROLE_KEYS = list(USERS)
# Pay bands of the career framework (WEB_POLICY's figures, as written and as shown): HR and management only.
PAY_BAND_ROLES = {"hr", "management"}
BAND_FIGURES = {"4321", "6789", "5432", "8765", "4,321", "6,789", "5,432", "8,765"}


@dataclass
class Org:
    employees: dict[str, Employee] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    levels: list = field(default_factory=list)
    teams: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)


def months_back(n: int, end: dt.date) -> list[str]:
    y, m = end.year, end.month
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def build_org(*, months: int = 4) -> Org:
    org = Org()
    track = TrackFactory()
    names = [
        ("L1", "初级客服", "Junior agent"),
        ("L2", "中级客服", "Agent"),
        ("L3", "高级客服", "Senior agent"),
    ]
    org.levels = [
        LevelFactory(track=track, code=c, rank=i + 1, name_zh=zh, name_en=en)
        for i, (c, zh, en) in enumerate(names)
    ]
    da = DepartmentFactory(code="dept-a", name_zh="客户服务一部", name_en="Customer Service 1")
    db = DepartmentFactory(code="dept-b", name_zh="客户服务二部", name_en="Customer Service 2")
    org.departments = {"a": da, "b": db}
    org.teams = {
        "a1": TeamFactory(code="a1", department=da, name_zh="热线一组", name_en="Hotline 1"),
        "a2": TeamFactory(code="a2", department=da, name_zh="在线二组", name_en="Online 2"),
        "b1": TeamFactory(code="b1", department=db, name_zh="投诉处理组", name_en="Complaints"),
    }
    today = dt.date.today()
    month_list = months_back(months, today)
    for i, (number, (name, team_key, pay)) in enumerate(PEOPLE.items()):
        e = EmployeeFactory(
            number=number,
            name=name,
            team=org.teams[team_key] if team_key else None,
            hire_date=dt.date(2022, 3, 1),
        )
        org.employees[number] = e
        LevelAssignmentFactory(
            employee=e, level=org.levels[0], effective_from=dt.date(2022, 3, 1), reason="入职定级"
        )
        if i % 2 == 0:
            LevelAssignmentFactory(
                employee=e, level=org.levels[1], effective_from=dt.date(2024, 1, 1), reason="年度晋升"
            )
        PayRecord.objects.create(
            employee=e, monthly_amount=pay, effective_from=dt.date(2024, 1, 1), reason="年度调薪"
        )
        ExamResult.objects.create(
            employee=e, date=dt.date(2024, 6, 1), name="业务知识考核", score=Decimal("86.5")
        )
        Completion.objects.create(employee=e, name="投诉处理技巧", completed_on=dt.date(2024, 5, 10))
        Education.objects.create(employee=e, degree=Education.Degree.BACHELOR, institution="华东师范大学")
        if i == 3:
            Violation.objects.create(
                employee=e, date=dt.date(2024, 8, 3), kind="迟到", description="早班迟到二十分钟"
            )
        for j, month in enumerate(month_list):
            MonthlyMetric.objects.create(
                employee=e,
                month=month,
                source=MonthlyMetric.Source.DEMO,
                contacts=300 + 7 * j + i,
                csat_mean=4.1 + ((i + j) % 7) * 0.1,
                csat_rated=120,
                csat_top2_share=0.86,
                fcr_rate=0.72 + ((i * 3 + j) % 9) * 0.02,
                aht_seconds=260 + ((i + 2 * j) % 11) * 9,
                on_time_response_rate=0.9 + (j % 5) * 0.015,
                resolution_rate=0.93,
                complaint_rate=0.004,
                kpi_completion=1.02,
                attendance_rate=0.98,
                qa_score=88 + (j % 6),
            )
    org.teams["a1"].lead = org.employees["E2002"]
    org.teams["a1"].save(update_fields=["lead"])
    da.head = org.employees["E2001"]
    da.save(update_fields=["head"])
    for key, (username, role, number, _visible) in USERS.items():
        emp = org.employees[number] if number else None
        org.users[key] = (
            user_with_roles(username, role, employee=emp) if role else UserFactory(username=username)
        )
        if not role and emp is not None:
            emp.user = org.users[key]
            emp.save(update_fields=["user"])
    # an audited change about the agent, so the audit pages have something to show
    hr = Actor(user=org.users["hr"])
    role_revoke(actor=hr, username="lina", role=Role.AGENT, reason="账号重置")
    role_grant(actor=hr, username="lina", role=Role.AGENT, reason="入职开通账号")
    role_grant(actor=Actor(user=org.users["hr"]), username="wangfang", role=Role.AGENT, reason="兼任一线坐席")
    return org


# A small policy whose level codes match build_org's levels (L1 → L2 → L3) plus an expert level.
WEB_POLICY = """\
schema_version: 1
name: web-test
competencies:
  - {code: communication, name_zh: 沟通表达, name_en: Communication}
  - {code: coaching, name_zh: 辅导, name_en: Coaching}
trainings:
  - {code: basics, name_zh: 基础培训, name_en: Basics}
tracks:
  - code: service
    kind: management
    name_zh: 服务通道
    name_en: Service
    levels:
      - code: L1
        name_zh: 初级客服
        name_en: Junior agent
        duties: {zh: [接听电话], en: [Answer calls]}
        competencies: {communication: 2}
        pay_band: {min: 4321, max: 6789}
      - code: L2
        name_zh: 中级客服
        name_en: Agent
        competencies: {communication: 3, coaching: 2}
        pay_band: {min: 5432, max: 8765}
        promotion_training: [basics]
      - code: L3
        name_zh: 高级客服
        name_en: Senior agent
        supervisory: true
        competencies: {communication: 4, coaching: 3}
  - code: expert
    kind: expert
    name_zh: 专家通道
    name_en: Expert
    levels:
      - code: X1
        name_zh: 质检专员
        name_en: Quality specialist
        competencies: {communication: 3}
transitions:
  - from: L1
    to: L2
    conditions:
      min_months_in_level: 12
      metric_thresholds:
        - {metric: csat_mean, comparison: ">=", value: 4.5, window: 6, min_sample: 30}
      exam: {min_score: 80, within_months: 12}
      competency_confirmation: true
  - from: L2
    to: L3
    conditions:
      min_months_in_level: 18
  - from: L2
    to: X1
    kind: lateral
    conditions:
      min_months_in_level: 12
performance_score:
  weights: {csat_mean: 0.6, fcr_rate: 0.4}
process:
  application_months: [3, 9]
  notice_period_working_days: 5
  holiday_calendar: CN
  appeal_deadline_days: 7
  quotas: {L2: 3}
"""


def ensure_policy(org: Org, effective: dt.date = dt.date(2024, 1, 1)):
    """Load WEB_POLICY as the version in force (a no-op when it is already stored)."""
    from serviceladder.policy.services import policy_load

    return policy_load(actor=Actor(user=org.users["hr"]), text=WEB_POLICY, effective=effective).version
