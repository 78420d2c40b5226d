"""Shared set-up for the development-plan tests: build_org with a policy whose development section is on
(two templates), a mentor and another agent, and helpers that bring E2003's plan to a given status."""

from __future__ import annotations

import datetime as dt

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.development.models import Mentorship, PlanAction, PlanVersion
from serviceladder.development.services.plan_actions import ActionInput, action_add
from serviceladder.development.services.plans import plan_accept, plan_edit
from serviceladder.policy.services import policy_load
from tests.factories import user_with_roles
from tests.web.org import WEB_POLICY, build_org

DEVELOPMENT = """\
development:
  enabled: true
  templates:
    - code: new_hire
      stage: new_hire
      name_zh: 新人计划
      name_en: New-hire plan
      horizon_short: {zh: 熟悉热线业务, en: Learn the hotline}
      goals:
        - {statement_zh: 独立处理投诉电话, statement_en: Handle complaint calls alone, due_after_days: 90}
        - {statement_zh: 业务知识考试合格, statement_en: Pass the business-knowledge exam, due_after_days: 60}
      actions:
        - {kind: training, title_zh: 电话沟通技巧, title_en: Phone communication, lasts_days: 14}
        - {kind: self_study, title_zh: 压力疏导, title_en: Stress relief, starts_after_days: 7}
    - code: expert_path
      stage: track
      track: expert
      name_zh: 专家通道计划
      name_en: Expert track plan
"""
PLAN_POLICY = WEB_POLICY + DEVELOPMENT
TARGET = "L3"  # E2003 is at L2 in build_org; the policy offers L2 → L3 and L2 → X1

ROLES = ["agent", "team_lead", "department_head", "hr", "management", "admin", "mentor", "other_agent"]


def plan_org():
    org = build_org()
    policy_load(actor=Actor(user=org.users["hr"]), text=PLAN_POLICY, effective=dt.date(2024, 1, 1))
    org.users["mentor"] = user_with_roles("chenjing", Role.AGENT, employee=org.employees["E2006"])
    org.users["other_agent"] = user_with_roles("zhangwei", Role.AGENT, employee=org.employees["E2004"])
    Mentorship.objects.create(
        mentor=org.employees["E2006"],
        mentee=org.employees["E2003"],
        focus="投诉处理",
        starts_on=dt.date(2024, 1, 1),
        created_by=org.users["hr"],
    )
    org.users["b1_lead"] = user_with_roles("yanglei", Role.TEAM_LEAD, employee=org.employees["E2007"])
    org.teams["b1"].lead = org.employees["E2007"]
    org.teams["b1"].save(update_fields=["lead"])
    return org


def as_(org, key: str) -> Actor:
    return Actor(user=org.users[key])


def draft_plan(org, number: str = "E2003") -> PlanVersion:
    """A first draft with a target and one self-study action."""
    person = org.employees[number]
    draft = plan_edit(
        actor=as_(org, "team_lead"), employee=person, target_level_code=TARGET, horizon_short="学"
    )
    action_add(
        actor=as_(org, "team_lead"),
        employee=person,
        data=ActionInput(kind=PlanAction.Kind.SELF_STUDY, title="读投诉案例"),
    )
    return draft


def agreed_plan(org, number: str = "E2003") -> PlanVersion:
    """A plan in force (version 1 agreed by the person and the lead)."""
    draft = draft_plan(org, number)
    person = org.employees[number]
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)
    draft.refresh_from_db()
    return draft
