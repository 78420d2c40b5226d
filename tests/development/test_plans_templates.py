"""Applying a plan template of the policy to a person's draft in one step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from serviceladder.audit.models import AuditEvent
from serviceladder.development.models import DevelopmentPlan, Goal, PlanAction
from serviceladder.development.plan_errors import UNKNOWN_TEMPLATE, PlanInvalid
from serviceladder.development.services.plan_templates import plan_template_apply
from serviceladder.development.services.plans import plan_accept
from tests.development.plans_setup import as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db


def test_a_template_adds_goals_actions_and_horizons_and_withdraws_acceptance():
    org = plan_org()
    person = org.employees["E2003"]
    draft = draft_plan(org)
    plan_accept(actor=as_(org, "agent"), employee=person)
    today = dt.date.today()
    with translation.override("zh-hans"):
        plan_template_apply(actor=as_(org, "team_lead"), employee=person, code="new_hire")
    draft.refresh_from_db()
    assert draft.agent_accepted_at is None
    assert draft.horizon_short == "学\n熟悉热线业务"
    goals = list(draft.goals.values_list("statement", "measure", "due_date", "owner"))
    assert goals == [
        ("独立处理投诉电话", Goal.Measure.MANUAL, today + dt.timedelta(days=90), person.pk),
        ("业务知识考试合格", Goal.Measure.MANUAL, today + dt.timedelta(days=60), person.pk),
    ]
    added = list(
        draft.actions.filter(source="template:new_hire").values_list(
            "kind", "title", "start_date", "end_date"
        )
    )
    assert added == [
        (PlanAction.Kind.TRAINING, "电话沟通技巧", today, today + dt.timedelta(days=14)),
        (PlanAction.Kind.SELF_STUDY, "压力疏导", today + dt.timedelta(days=7), None),
    ]
    assert DevelopmentPlan.objects.get().template_code == "new_hire"
    assert AuditEvent.objects.filter(action="development.plan_template_apply").count() == 1


def test_a_template_starts_a_plan_in_english():
    org = plan_org()
    person = org.employees["E2004"]
    with translation.override("en"):
        draft = plan_template_apply(actor=as_(org, "hr"), employee=person, code="new_hire")
    assert draft.number == 1 and draft.plan.template_code == "new_hire"
    assert draft.goals.first().statement == "Handle complaint calls alone"


def test_an_unknown_template_writes_nothing():
    org = plan_org()
    with pytest.raises(PlanInvalid) as exc:
        plan_template_apply(actor=as_(org, "team_lead"), employee=org.employees["E2003"], code="nope")
    assert exc.value.message == UNKNOWN_TEMPLATE
    assert "new_hire, expert_path" in str(exc.value)
    assert not DevelopmentPlan.objects.exists()
