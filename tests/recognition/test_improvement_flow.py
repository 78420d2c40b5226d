"""The review flow of an improvement plan (issue 15 item 5): the lead proposes goals (development goals
with their automatic progress), support and dates, or declines with a reason; HR approves or declines; the
lead records check-ins and the outcome; the person acknowledges and responds. Everything is audited and
told to the person, the lead and HR; a refused step writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.models import Goal
from serviceladder.development.services.goals import GoalInput
from serviceladder.notifications.models import Notification
from serviceladder.recognition.errors_improvement import (
    ALREADY_ACKNOWLEDGED,
    GOAL_ROW,
    NO_GOALS,
    NOT_WAITING_FOR_HR,
    REASON_REQUIRED,
    SAME_REVIEWER,
    TOO_EARLY_TO_COMPLETE,
    ImprovementInvalid,
    ImprovementNotAllowed,
)
from serviceladder.recognition.models import ImprovementPlan
from serviceladder.recognition.services import improvement as svc
from serviceladder.recognition.todos_improvement import (
    ACKNOWLEDGE,
    HR_REVIEW,
    LEAD_REVIEW,
    OUTCOME_DUE,
    improvement_todos,
)
from tests.recognition.improvement_helpers import make_plan
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return build_org()


def _actor(org, role):
    return Actor(org.users[role], channel="web")


def _goals():
    return [
        GoalInput(
            statement="满意度回到4.5以上",
            due_date="",
            measure="metric",
            metric="csat_mean",
            comparison=">=",
            value="4.5",
            window=1,
        ),
        GoalInput(statement="完成投诉处理复训", due_date="", measure="manual", done_when="通过复训考核"),
    ]


def _kinds(user):
    return {item.kind for item in improvement_todos(user)}


def test_the_whole_flow_from_proposal_to_outcome(org):
    plan = make_plan(org)
    today = timezone.localdate()
    assert LEAD_REVIEW in _kinds(org.users["team_lead"])
    assert not _kinds(org.users["hr"])  # the lead reviews first
    svc.improvement_lead_review(
        actor=_actor(org, "team_lead"),
        plan=plan,
        decision="propose",
        goals=_goals(),
        support_actions="每周一次旁听辅导；安排导师",
        duration_months=3,
        starts_on=today,
        note="先从满意度入手",
    )
    plan.refresh_from_db()
    assert plan.state == "proposed" and plan.lead_reviewed_by == org.users["team_lead"]
    assert plan.ends_on == svc.plan_end(today, 3)
    goals = list(Goal.objects.filter(lineage__in=plan.goal_lineages))
    assert len(goals) == 2 and {g.due_date for g in goals} == {plan.ends_on}
    assert all(g.version.plan.employee == org.employees["E2003"] for g in goals)
    assert HR_REVIEW in _kinds(org.users["hr"]) and not _kinds(org.users["team_lead"])
    assert Notification.objects.filter(kind="improvement.lead_proposed", recipient=org.users["hr"]).exists()

    svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=True, note="同意")
    plan.refresh_from_db()
    assert plan.state == "active"
    assert ACKNOWLEDGE in _kinds(org.users["agent"])
    told = set(Notification.objects.filter(kind="improvement.approved").values_list("recipient", flat=True))
    assert told == {org.users["agent"].pk, org.users["team_lead"].pk}  # HR acted, so is not told

    svc.improvement_acknowledge(actor=_actor(org, "agent"), plan=plan, comment="我理解并接受")
    plan.refresh_from_db()
    assert plan.acknowledged_at is not None and plan.acknowledgment_comment == "我理解并接受"
    assert ACKNOWLEDGE not in _kinds(org.users["agent"])
    with pytest.raises(ImprovementInvalid) as twice:
        svc.improvement_acknowledge(actor=_actor(org, "agent"), plan=plan)
    assert twice.value.message == ALREADY_ACKNOWLEDGED
    svc.improvement_respond(actor=_actor(org, "agent"), plan=plan, response="希望多一些旁听机会")

    svc.improvement_check_in(actor=_actor(org, "team_lead"), plan=plan, date=today, note="满意度在回升")
    assert plan.check_ins.count() == 1

    with pytest.raises(ImprovementInvalid) as early:
        svc.improvement_outcome(actor=_actor(org, "team_lead"), plan=plan, outcome="completed", today=today)
    assert early.value.message == TOO_EARLY_TO_COMPLETE
    after_end = plan.ends_on + dt.timedelta(days=1)
    assert OUTCOME_DUE not in _kinds(org.users["team_lead"])
    new_end = plan.ends_on + dt.timedelta(days=30)
    svc.improvement_outcome(
        actor=_actor(org, "team_lead"), plan=plan, outcome="extended", new_end=new_end, today=after_end
    )
    plan.refresh_from_db()
    assert plan.state == "extended" and plan.ends_on == new_end
    svc.improvement_outcome(
        actor=_actor(org, "team_lead"), plan=plan, outcome="completed", reason="目标达成", today=new_end
    )
    plan.refresh_from_db()
    assert plan.state == "completed" and plan.outcome_reason == "目标达成"
    actions = list(
        AuditEvent.objects.filter(action__startswith="improvement.").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "improvement.lead_propose",
            "improvement.hr_approve",
            "improvement.acknowledge",
            "improvement.respond",
            "improvement.check_in",
            "improvement.outcome",
            "improvement.outcome",
        ]
    )


def test_outcome_due_once_the_end_date_has_passed(org):
    plan = make_plan(org, state="active")
    ImprovementPlan.objects.filter(pk=plan.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert OUTCOME_DUE in _kinds(org.users["team_lead"])
    assert OUTCOME_DUE not in _kinds(org.users["agent"])


def test_declining_needs_a_reason_and_then_writes_it(org):
    plan = make_plan(org)
    with pytest.raises(ImprovementInvalid) as missing:
        svc.improvement_lead_review(actor=_actor(org, "team_lead"), plan=plan, decision="decline", note=" ")
    assert missing.value.message == REASON_REQUIRED
    plan.refresh_from_db()
    assert plan.state == "proposed" and plan.lead_reviewed_at is None
    assert not AuditEvent.objects.filter(action__startswith="improvement.").exists()
    svc.improvement_lead_review(actor=_actor(org, "team_lead"), plan=plan, decision="decline", note="刚调岗")
    plan.refresh_from_db()
    assert plan.state == "declined" and plan.lead_note == "刚调岗"
    event = AuditEvent.objects.get(action="improvement.lead_decline")
    assert event.reason == "刚调岗"
    with pytest.raises(ImprovementInvalid):
        svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=True)


def test_a_proposal_needs_goals_and_a_bad_goal_writes_nothing(org):
    plan = make_plan(org)
    kwargs = {"decision": "propose", "duration_months": 3, "starts_on": timezone.localdate()}
    with pytest.raises(ImprovementInvalid) as none:
        svc.improvement_lead_review(actor=_actor(org, "team_lead"), plan=plan, goals=[], **kwargs)
    assert none.value.message == NO_GOALS
    bad = [
        _goals()[0],
        GoalInput(statement="无效指标", due_date="", measure="metric", metric="nope", value="1"),
    ]
    with pytest.raises(ImprovementInvalid) as row:
        svc.improvement_lead_review(actor=_actor(org, "team_lead"), plan=plan, goals=bad, **kwargs)
    assert row.value.message == GOAL_ROW and row.value.data["row"] == 2
    plan.refresh_from_db()
    assert plan.lead_reviewed_at is None and plan.goal_lineages == []
    assert not Goal.objects.exists()


def test_hr_declines_and_the_proposed_goals_leave_the_development_draft(org):
    plan = make_plan(org)
    svc.improvement_lead_review(
        actor=_actor(org, "team_lead"),
        plan=plan,
        decision="propose",
        goals=_goals(),
        duration_months=2,
        starts_on=timezone.localdate(),
    )
    assert Goal.objects.count() == 2
    with pytest.raises(ImprovementInvalid) as no_reason:
        svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=False)
    assert no_reason.value.message == REASON_REQUIRED
    svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=False, note="数据口径待核实")
    plan.refresh_from_db()
    assert plan.state == "declined" and plan.hr_note == "数据口径待核实"
    assert not Goal.objects.filter(lineage__in=plan.goal_lineages).exists()


def test_who_may_review(org):
    plan = make_plan(org)
    for role in ("agent", "department_head", "management", "admin"):
        with pytest.raises(ImprovementNotAllowed):
            svc.improvement_lead_review(actor=_actor(org, role), plan=plan, decision="decline", note="x")
    with pytest.raises(ImprovementInvalid) as not_yet:
        svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=True)
    assert not_yet.value.message == NOT_WAITING_FOR_HR
    # HR gave the lead's review: another HR member approves
    svc.improvement_lead_review(
        actor=_actor(org, "hr"),
        plan=plan,
        decision="propose",
        goals=_goals()[1:],
        duration_months=3,
        starts_on=timezone.localdate(),
    )
    with pytest.raises(ImprovementNotAllowed) as same:
        svc.improvement_hr_review(actor=_actor(org, "hr"), plan=plan, approve=True)
    assert same.value.message == SAME_REVIEWER
    for role in ("team_lead", "agent", "management"):
        with pytest.raises(ImprovementNotAllowed):
            svc.improvement_hr_review(actor=_actor(org, role), plan=plan, approve=True)
    plan.refresh_from_db()
    assert plan.state == "proposed"


def test_only_the_person_acknowledges_and_responds(org):
    plan = make_plan(org, state="active")
    for role in ("team_lead", "hr", "department_head"):
        with pytest.raises(ImprovementNotAllowed):
            svc.improvement_acknowledge(actor=_actor(org, role), plan=plan)
        with pytest.raises(ImprovementNotAllowed):
            svc.improvement_respond(actor=_actor(org, role), plan=plan, response="x")
    plan.refresh_from_db()
    assert plan.acknowledged_at is None and plan.agent_response == ""
