"""Plan acceptances on the home to-do list: the person when the lead accepted, the lead when the person
accepted; gone once agreed or when the draft changes."""

from __future__ import annotations

import pytest

from serviceladder.development.services.plans import plan_accept, plan_edit
from serviceladder.development.todos_plans import ACCEPT_LEAD, ACCEPT_OWN, plan_todos
from tests.development.plans_setup import ROLES, as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db


def _kinds(org):
    return {role: [i.kind for i in plan_todos(org.users[role])] for role in ROLES}


def test_the_other_side_is_asked_to_accept_until_the_plan_is_agreed():
    org = plan_org()
    person = org.employees["E2003"]
    draft_plan(org)
    assert not any(_kinds(org).values())  # nobody accepted yet: nothing waits
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    assert {r: k for r, k in _kinds(org).items() if k} == {"agent": [ACCEPT_OWN]}
    plan_edit(actor=as_(org, "team_lead"), employee=person, target_level_code="L3", horizon_short="改")
    assert not any(_kinds(org).values())  # the change withdrew the acceptance
    plan_accept(actor=as_(org, "agent"), employee=person)
    kinds = {r: k for r, k in _kinds(org).items() if k}
    assert kinds == {"team_lead": [ACCEPT_LEAD]}
    [item] = plan_todos(org.users["team_lead"])
    assert "李娜" in str(item.title) and item.url.endswith("/people/E2003/development/#plan")
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    assert not any(_kinds(org).values())


def test_the_head_is_asked_for_a_team_without_a_lead():
    org = plan_org()
    person = org.employees["E2005"]
    plan_edit(actor=as_(org, "hr"), employee=person, aspiration="质检专员")
    # E2005 has no login in build_org: their acceptance is written as the service would write it
    from django.utils import timezone

    from serviceladder.development.models import PlanVersion

    PlanVersion.objects.filter(plan__employee=person).update(agent_accepted_at=timezone.now())
    assert [i.kind for i in plan_todos(org.users["department_head"])] == [ACCEPT_LEAD]
    assert plan_todos(org.users["hr"]) == []
