"""Plan actions: what each kind needs, dates, progress on the version in force, and the host lead's view of
a rotation or a management task."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.accounts.scoping import actions_hosted_by
from serviceladder.audit.models import AuditEvent
from serviceladder.development.models import ActionUpdate, PlanAction
from serviceladder.development.plan_errors import (
    ACTION_COURSE,
    ACTION_DATES,
    ACTION_DATES_NEEDED,
    ACTION_HOST_LEAD,
    ACTION_HOST_TEAM,
    ACTION_NOT_IN_FORCE,
    ACTION_OUTCOME_ONLY_DONE,
    ACTION_OWN_TEAM,
    ACTION_ROLE,
    ACTION_SAME_DEPARTMENT,
    ACTION_TASK,
    ActionInvalid,
    PlanStepInvalid,
)
from serviceladder.development.selectors.plans import plan_view
from serviceladder.development.services.plan_actions import (
    ActionInput,
    action_add,
    action_edit,
    action_remove,
    action_update_record,
)
from serviceladder.development.services.plans import plan_accept
from tests.development.plans_setup import agreed_plan, as_, draft_plan, plan_org

pytestmark = pytest.mark.django_db
K = PlanAction.Kind
D1, D2 = dt.date(2027, 1, 1), dt.date(2027, 3, 31)


def _bad(org, data, message):
    before = (PlanAction.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ActionInvalid) as exc:
        action_add(actor=as_(org, "team_lead"), employee=org.employees["E2003"], data=data)
    assert exc.value.message == message
    assert (PlanAction.objects.count(), AuditEvent.objects.count()) == before


def test_each_kind_is_refused_without_what_it_needs():
    org = plan_org()
    draft_plan(org)
    b1, a2 = org.teams["b1"].pk, org.teams["a2"].pk
    _bad(org, ActionInput(kind=K.SELF_STUDY, title="读书", start_date=D2, end_date=D1), ACTION_DATES)
    _bad(org, ActionInput(kind=K.TRAINING, title="培训", course_code="nope"), ACTION_COURSE)
    _bad(org, ActionInput(kind=K.ROTATION, title="轮岗", host_team_id=b1), ACTION_DATES_NEEDED)
    _bad(org, ActionInput(kind=K.ROTATION, title="轮岗", start_date=D1, end_date=D2), ACTION_HOST_TEAM)
    own = org.teams["a1"].pk
    _bad(
        org,
        ActionInput(kind=K.ROTATION, title="轮岗", start_date=D1, end_date=D2, host_team_id=own),
        ACTION_OWN_TEAM,
    )
    _bad(org, ActionInput(kind=K.PROJECT, title="知识库", start_date=D1, end_date=D2), ACTION_ROLE)
    _bad(org, ActionInput(kind=K.MANAGEMENT_TASK, title="带班"), ACTION_TASK)
    _bad(org, ActionInput(kind=K.VISIT, title="参观", host_team_id=a2), ACTION_SAME_DEPARTMENT)
    stranger = org.employees["E2004"].pk  # in a1, not b1
    data = ActionInput(
        kind=K.ROTATION, title="轮岗", start_date=D1, end_date=D2, host_team_id=b1, host_lead_id=stranger
    )
    _bad(org, data, ACTION_HOST_LEAD)


def test_valid_actions_of_every_kind_with_defaults():
    org = plan_org()
    draft_plan(org)
    person, lead = org.employees["E2003"], as_(org, "team_lead")
    b1 = org.teams["b1"].pk
    made = [
        action_add(actor=lead, employee=person, data=d)
        for d in [
            ActionInput(kind=K.TRAINING, title="基础培训", course_code="basics"),
            ActionInput(kind=K.TRAINING, title="外部课程：情绪管理"),
            ActionInput(kind=K.ROTATION, title="投诉组轮岗", start_date=D1, end_date=D2, host_team_id=b1),
            ActionInput(kind=K.PROJECT, title="知识库改版", role="编辑", start_date=D1, end_date=D2),
            ActionInput(kind=K.MANAGEMENT_TASK, title="带早班", task="lead_shift"),
            ActionInput(kind=K.MENTORING, title="师徒结对"),
            ActionInput(kind=K.VISIT, title="参观投诉组", host_team_id=b1),
            ActionInput(kind=K.SELF_STUDY, title="自学", start_date=D1, end_date=D1),
        ]
    ]
    rotation, task = made[2], made[4]
    assert rotation.host_lead == org.employees["E2007"]  # the host team's lead by default
    assert (task.host_team, task.host_lead) == (org.teams["a1"], org.employees["E2002"])  # own team, own lead
    assert made[0].course_code == "basics" and made[1].course_code == ""
    assert AuditEvent.objects.filter(action="development.action_add").count() == 9  # with draft_plan's one


def test_editing_and_removing_an_action_of_a_plan_in_force_makes_a_draft_and_keeps_the_agreed_one():
    org = plan_org()
    v1 = agreed_plan(org)
    person = org.employees["E2003"]
    lineage = v1.actions.get().lineage
    changed = action_edit(
        actor=as_(org, "agent"),
        employee=person,
        lineage=lineage,
        data=ActionInput(kind=K.SELF_STUDY, title="读投诉案例五十篇"),
    )
    assert changed.version.number == 2 and changed.lineage == lineage
    assert v1.actions.get().title == "读投诉案例"
    action_remove(actor=as_(org, "agent"), employee=person, lineage=lineage)
    assert not changed.version.actions.exists() and v1.actions.exists()
    with pytest.raises(ActionInvalid):
        action_remove(actor=as_(org, "agent"), employee=person, lineage=lineage)


def test_progress_is_recorded_on_the_version_in_force_only():
    org = plan_org()
    draft = draft_plan(org)
    person = org.employees["E2003"]
    lineage = draft.actions.get().lineage
    with pytest.raises(PlanStepInvalid):  # the plan is not in force yet: the table refuses
        action_update_record(actor=as_(org, "agent"), employee=person, lineage=lineage, status="done")
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)
    new = action_add(
        actor=as_(org, "agent"), employee=person, data=ActionInput(kind=K.SELF_STUDY, title="新")
    )
    with pytest.raises(ActionInvalid) as exc:  # only in the draft
        action_update_record(actor=as_(org, "agent"), employee=person, lineage=new.lineage, status="done")
    assert exc.value.message == ACTION_NOT_IN_FORCE
    with pytest.raises(ActionInvalid) as exc:
        action_update_record(
            actor=as_(org, "agent"), employee=person, lineage=lineage, status="in_progress", outcome="x"
        )
    assert exc.value.message == ACTION_OUTCOME_ONLY_DONE
    assert not ActionUpdate.objects.exists()
    action_update_record(
        actor=as_(org, "team_lead"), employee=person, lineage=lineage, status="done", evidence="读书笔记"
    )
    view = plan_view(person)
    assert view.updates[lineage].status == "done"  # shown on the draft's copy too (same lineage)


def test_a_rotation_is_visible_to_the_host_lead_once_the_plan_is_in_force():
    org = plan_org()
    draft_plan(org)
    person = org.employees["E2003"]
    action_add(
        actor=as_(org, "team_lead"),
        employee=person,
        data=ActionInput(
            kind=K.ROTATION, title="投诉组轮岗", start_date=D1, end_date=D2, host_team_id=org.teams["b1"].pk
        ),
    )
    host = org.users["b1_lead"]
    assert not actions_hosted_by(host).exists()  # a draft is not agreed yet
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)
    assert [a.title for a in actions_hosted_by(host)] == ["投诉组轮岗"]
    assert not actions_hosted_by(org.users["team_lead"]).exists()
    # a management task in the person's own team is hosted by their own lead, who sees the plan anyway
    action_add(
        actor=as_(org, "team_lead"),
        employee=person,
        data=ActionInput(kind=K.MANAGEMENT_TASK, title="带早班", task="lead_shift"),
    )
    plan_accept(actor=as_(org, "team_lead"), employee=person)
    plan_accept(actor=as_(org, "agent"), employee=person)
    assert not actions_hosted_by(org.users["team_lead"]).exists()
    assert not actions_hosted_by(org.users["admin"]).exists()
