"""A small organisation under the cn-standard preset, for the what-if selector, CLI and pages.

The policy in force is the preset with two simplifications for CS1 → CS2 (the step every test looks at):
no competency confirmation, and a rank streak every ranked agent meets (top 100 %). Five CS1 agents in one
department, twelve months of figures each, meet everything else except where their story says otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.ladder.models import Level
from serviceladder.learning.models import Completion
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import ExamResult, Team
from serviceladder.policy.presets import preset_text
from serviceladder.policy.services import policy_load
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    TeamFactory,
    user_with_roles,
)

AS_OF = dt.date(2026, 7, 1)
MONTHS = tuple(
    f"{y}-{m:02d}" for y, m in [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 7)]
)
CSAT_RULE = '{metric: csat_mean, comparison: ">=", value: 4.5, window: 6, aggregation: mean, min_sample: 30}'
RANK_RULE = "rank_streak: {top_percent: 20, months: 3, peer_group: level_department}"


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def in_force_text() -> str:
    text = preset_text("cn-standard")
    text = replace_once(
        text,
        "competency_confirmation: true    # the direct superior rates the person against CS2's profile",
        "competency_confirmation: false",
    )
    return replace_once(text, RANK_RULE, RANK_RULE.replace("top_percent: 20", "top_percent: 100"))


def draft_text(**changes: str) -> str:
    """The policy in force with CS1 → CS2's CSAT rule or rank rule replaced."""
    text = in_force_text()
    if "csat" in changes:
        text = replace_once(text, CSAT_RULE, changes["csat"])
    if "rank" in changes:
        text = replace_once(text, RANK_RULE.replace("top_percent: 20", "top_percent: 100"), changes["rank"])
    return text


# number → (team, level since, CSAT in the last 6 months, CSAT in the 6 before, KPI completion)
AGENTS = {
    "W001": ("t1", dt.date(2024, 1, 1), 4.6, 4.6, 1.05),  # eligible
    "W002": ("t1", dt.date(2024, 1, 1), 4.4, 4.4, 1.05),  # CSAT just short
    "W003": ("t2", dt.date(2024, 1, 1), 4.6, 4.0, 1.05),  # eligible; weak a year ago
    "W004": ("t2", dt.date(2026, 1, 1), 4.6, 4.6, 1.05),  # six months in the level: not yet
    "W005": ("t2", dt.date(2024, 1, 1), 4.55, 4.55, 1.20),  # eligible; the best KPI completion
}


def make_agent(number, team, since, recent, older, kpi):
    e = EmployeeFactory(number=number, name=f"坐席{number}", team=team, hire_date=dt.date(2023, 1, 1))
    LevelAssignmentFactory(employee=e, level=Level.objects.get(code="CS1"), effective_from=since)
    for i, month in enumerate(MONTHS):
        MonthlyMetric.objects.create(
            employee=e,
            month=month,
            source=MonthlyMetric.Source.SHEET,
            contacts=400,
            csat_mean=older if i < 6 else recent,
            csat_rated=50,
            first_response_seconds_mean=60,
            on_time_response_rate=0.95,
            resolution_rate=0.95,
            complaint_rate=0.005,
            kpi_completion=kpi,
        )
    # The preset's promotion exam, matched by its name (the conditions name knowledge-exam).
    ExamResult.objects.create(employee=e, date=dt.date(2026, 3, 1), name="业务知识与技能考试", score=90)
    Completion.objects.create(
        employee=e, name="Service foundations and tools", completed_on=dt.date(2024, 3, 1)
    )
    return e


def build_preset_org() -> dict:
    hr = user_with_roles("hr", Role.HR)
    policy_load(actor=Actor(user=hr, channel="cli"), text=in_force_text(), effective=dt.date(2024, 1, 1))
    department = DepartmentFactory(code="d1")
    teams = {
        "t1": TeamFactory(code="t1", department=department, name_zh="热线一组", name_en="Hotline 1"),
        "t2": TeamFactory(code="t2", department=department, name_zh="在线二组", name_en="Online 2"),
    }
    people = {number: make_agent(number, teams[t], *rest) for number, (t, *rest) in AGENTS.items()}
    lead = EmployeeFactory(number="W100", name="组长", team=teams["t1"], hire_date=dt.date(2020, 1, 1))
    LevelAssignmentFactory(
        employee=lead, level=Level.objects.get(code="CS4"), effective_from=dt.date(2023, 1, 1)
    )
    Team.objects.filter(pk=teams["t1"].pk).update(lead=lead)
    return {
        "hr": hr,
        "management": user_with_roles("boss", Role.MANAGEMENT),
        "lead": user_with_roles("lead", Role.TEAM_LEAD, employee=lead),
        "people": people,
        "teams": teams,
    }


@pytest.fixture
def preset_org(db):
    return build_preset_org()
