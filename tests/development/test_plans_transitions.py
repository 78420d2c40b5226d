"""Every allowed and forbidden step of a development plan, for every role (plan_states.TRANSITIONS through
the services): the person, their lead, their department head (read only: the team has a lead), HR,
management, the administrator, their mentor (reads, never writes) and another agent."""

from __future__ import annotations

import pytest
from django.db import transaction

from serviceladder.audit.models import AuditEvent
from serviceladder.development.models import ActionUpdate, DevelopmentPlan, PlanVersion
from serviceladder.development.plan_errors import PlanNotAllowed, PlanStepInvalid
from serviceladder.development.services.plan_actions import action_update_record
from serviceladder.development.services.plan_drafts import plan_draft_for
from serviceladder.development.services.plan_templates import plan_template_apply
from serviceladder.development.services.plans import (
    plan_accept,
    plan_close,
    plan_discard_draft,
    plan_edit,
)
from tests.development.plans_setup import ROLES, agreed_plan, as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db

PERSON, LEAD = {"agent"}, {"team_lead", "hr"}
BOTH = PERSON | LEAD
# (plan status, step) → the roles that may take it; everyone else is refused.
EXPECTED = {
    ("none", "edit"): BOTH,
    ("none", "apply_template"): LEAD,
    ("none", "accept"): set(),
    ("none", "discard_draft"): set(),
    ("none", "close"): set(),
    ("none", "update_action"): set(),
    ("draft", "edit"): BOTH,
    ("draft", "apply_template"): LEAD,
    ("draft", "accept"): BOTH,
    ("draft", "discard_draft"): set(),
    ("draft", "close"): LEAD,
    ("draft", "update_action"): set(),
    ("active", "edit"): BOTH,
    ("active", "apply_template"): LEAD,
    ("active", "accept"): BOTH,
    ("active", "discard_draft"): BOTH,
    ("active", "close"): LEAD,
    ("active", "update_action"): BOTH,
}
# Who may ever take a step; someone else is refused as not allowed, whatever the plan's status, and
# someone who may is told the status does not allow it.
EVER = {"apply_template": LEAD, "close": LEAD}
STEPS = ["edit", "apply_template", "accept", "discard_draft", "close", "update_action"]


def _bring(org, status):
    """E2003's plan in `status`; "active" has an agreed version 1, an action in it, and a draft version 2."""
    if status == "draft":
        draft_plan(org)
    elif status == "active":
        agreed_plan(org)
        plan_draft_for(actor=as_(org, "team_lead"), employee=org.employees["E2003"])


def _take(org, role, step):
    actor, person = as_(org, role), org.employees["E2003"]
    if step == "edit":
        plan_edit(actor=actor, employee=person, aspiration="转岗到运营部")
    elif step == "apply_template":
        plan_template_apply(actor=actor, employee=person, code="new_hire")
    elif step == "accept":
        plan_accept(actor=actor, employee=person)
    elif step == "discard_draft":
        plan_discard_draft(actor=actor, employee=person)
    elif step == "close":
        plan_close(actor=actor, employee=person, outcome="abandoned", reason="转岗")
    else:
        in_force = PlanVersion.objects.filter(state="agreed").first()
        lineage = in_force.actions.first().lineage if in_force else None
        action_update_record(actor=actor, employee=person, lineage=lineage, status="in_progress")


def _written():
    return (
        AuditEvent.objects.count(),
        PlanVersion.objects.count(),
        ActionUpdate.objects.count(),
        list(DevelopmentPlan.objects.values_list("status", flat=True)),
        list(
            PlanVersion.objects.order_by("pk").values_list("state", "agent_accepted_at", "lead_accepted_at")
        ),
    )


@pytest.mark.parametrize("status", ["none", "draft", "active"])
@pytest.mark.parametrize("role", ROLES)
def test_every_step_for_every_role(role, status):
    org = plan_org()
    _bring(org, status)
    for step in STEPS:
        allowed = role in EXPECTED[(status, step)]
        with transaction.atomic():
            before = _written()
            if allowed:
                _take(org, role, step)
                assert AuditEvent.objects.count() > before[0], (role, status, step)
            else:
                expected = PlanStepInvalid if role in EVER.get(step, BOTH) else PlanNotAllowed
                with pytest.raises(expected):
                    _take(org, role, step)
                assert _written() == before, (role, status, step)  # nothing written
            transaction.set_rollback(True)


def test_the_head_leads_the_plan_of_a_team_without_a_lead():
    org = plan_org()
    person = org.employees["E2005"]  # team a2 has no lead
    draft = plan_edit(actor=as_(org, "department_head"), employee=person, aspiration="质检专员")
    plan_accept(actor=as_(org, "department_head"), employee=person)
    draft.refresh_from_db()
    assert draft.lead_accepted_by == org.users["department_head"]


def test_a_closed_plan_takes_no_step_and_a_new_plan_can_start():
    org = plan_org()
    agreed_plan(org)
    person = org.employees["E2003"]
    plan_close(actor=as_(org, "hr"), employee=person, outcome="achieved", reason="已晋升")
    closed = DevelopmentPlan.objects.get()
    assert (closed.status, closed.outcome, closed.close_reason) == ("closed", "achieved", "已晋升")
    with pytest.raises(PlanStepInvalid):
        plan_accept(actor=as_(org, "agent"), employee=person)
    draft = plan_edit(actor=as_(org, "agent"), employee=person, aspiration="转岗")
    assert draft.plan != closed and draft.number == 1
