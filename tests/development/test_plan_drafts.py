"""plan_draft_for: the one place where a change to a plan finds its draft (a new plan, the open draft, or a
copy of the agreed version that keeps every goal's and action's lineage while the agreed one stays)."""

import datetime as dt

import pytest
from django.db import IntegrityError

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.models import DevelopmentPlan, Goal, PlanAction, PlanVersion
from serviceladder.development.services.plan_drafts import draft_changed, open_plan, plan_draft_for
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return Actor(user=UserFactory())


def test_a_person_without_a_plan_gets_a_plan_with_a_first_draft(actor):
    person = EmployeeFactory()
    draft = plan_draft_for(actor=actor, employee=person, template_code="new_hire")
    assert (draft.number, draft.state) == (1, PlanVersion.State.DRAFT)
    assert open_plan(person) == draft.plan
    assert draft.plan.template_code == "new_hire"
    assert AuditEvent.objects.filter(action="development.plan_start", employee=person).count() == 1
    assert plan_draft_for(actor=actor, employee=person) == draft  # asked again: the same draft


def test_a_plan_in_force_gets_a_copied_draft_and_keeps_the_agreed_version(actor):
    person = EmployeeFactory()
    first = plan_draft_for(actor=actor, employee=person)
    first.horizon_short = "Take complaint calls"
    first.state = PlanVersion.State.AGREED
    first.save()
    first.plan.status = DevelopmentPlan.Status.ACTIVE
    first.plan.save()
    goal = Goal.objects.create(
        version=first, statement="FCR", owner=person, due_date=dt.date(2027, 6, 30), measure="manual"
    )
    action = PlanAction.objects.create(version=first, kind="training", title="Complaint handling")

    draft = plan_draft_for(actor=actor, employee=person)

    assert (draft.number, draft.state, draft.horizon_short) == (2, "draft", "Take complaint calls")
    assert list(draft.goals.values_list("lineage", "statement")) == [(goal.lineage, "FCR")]
    assert list(draft.actions.values_list("lineage", "title")) == [(action.lineage, "Complaint handling")]
    first.refresh_from_db()
    assert first.state == PlanVersion.State.AGREED  # still in force
    assert first.goals.count() == 1 and first.actions.count() == 1


def test_a_second_open_plan_for_a_person_is_refused_by_the_database(actor):
    person = EmployeeFactory()
    plan_draft_for(actor=actor, employee=person)
    with pytest.raises(IntegrityError):
        DevelopmentPlan.objects.create(employee=person)


def test_changing_a_draft_withdraws_both_acceptances(actor):
    from django.utils import timezone

    draft = plan_draft_for(actor=actor, employee=EmployeeFactory())
    draft.agent_accepted_at = draft.lead_accepted_at = timezone.now()
    draft.lead_accepted_by = actor.user
    draft.save()
    draft_changed(draft)
    draft.refresh_from_db()
    assert (draft.agent_accepted_at, draft.lead_accepted_at, draft.lead_accepted_by) == (None, None, None)
