"""The lead's session, the person's acknowledgment, dismissal, follow-up and the goal made from a coaching
action (issue 15 item 4): who may do what, what is refused (and then nothing is written), the to-dos."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development.models import Goal
from serviceladder.notifications.models import Notification
from serviceladder.recognition import errors_coaching as E
from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.services import coaching as services
from serviceladder.recognition.todos_coaching import FOLLOW_UP_DUE, OPEN_TASK, TO_ACKNOWLEDGE, coaching_todos
from tests.recognition.coaching_setup import coaching_org

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def org():
    org = coaching_org()
    services.coaching_scan()
    return org


def task(rule="qa-drop") -> CoachingTask:
    return CoachingTask.objects.get(employee__number="E2003", rule_code=rule)


def actor(org, role):
    return Actor(user=org.users[role])


def record(org, role="team_lead", **over):
    data = {
        "session_on": TODAY,
        "focus_metric": "qa_score",
        "focus_competency": "communication",
        "agreed": "每周听两通录音，复盘开场白",
    }
    data.update(over)
    return services.coaching_session_record(actor=actor(org, role), task=task(), **data)


def kinds(user):
    return sorted(i.kind for i in coaching_todos(user))


def test_the_lead_records_a_session_and_the_follow_up_defaults_to_the_policy_days(org):
    t = record(org)
    assert t.state == "recorded"
    assert t.follow_up_on == TODAY + dt.timedelta(days=21)
    assert (t.focus_metric, t.focus_competency, t.recorded_by) == (
        "qa_score",
        "communication",
        org.users["team_lead"],
    )
    event = AuditEvent.objects.get(action="recognition.coaching_session_record")
    assert event.after["agreed"] == "每周听两通录音，复盘开场白"
    assert Notification.objects.filter(
        kind="recognition.coaching_recorded", recipient=org.users["agent"]
    ).exists()


@pytest.mark.parametrize("role", ["agent", "management", "admin", "none"])
def test_only_the_coach_records_a_session(org, role):
    with pytest.raises(E.CoachingNotAllowed):
        record(org, role)
    assert task().state == "open"
    assert not AuditEvent.objects.filter(action="recognition.coaching_session_record").exists()


def test_the_head_does_not_coach_a_team_that_has_a_lead_but_hr_does(org):
    with pytest.raises(E.CoachingNotAllowed):
        record(org, "department_head")
    assert record(org, "hr").state == "recorded"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"session_on": TODAY + dt.timedelta(days=1)}, E.SESSION_DATE),
        ({"session_on": "yesterday"}, E.SESSION_DATE),
        ({"focus_metric": "", "focus_competency": ""}, E.FOCUS_REQUIRED),
        ({"focus_metric": "exam_score"}, E.UNKNOWN_FOCUS_METRIC),
        ({"focus_competency": "juggling"}, E.UNKNOWN_FOCUS_COMPETENCY),
        ({"agreed": "  "}, E.AGREED_REQUIRED),
        ({"agreed": "x" * 2001}, E.TEXT_TOO_LONG),
        ({"follow_up_on": TODAY - dt.timedelta(days=1)}, E.FOLLOW_UP_DATE),
    ],
)
def test_a_bad_session_is_refused_and_nothing_is_written(org, over, message):
    with pytest.raises(E.CoachingInvalid) as exc:
        record(org, **over)
    assert exc.value.message == message
    t = task()
    assert (t.state, t.session_on, t.agreed) == ("open", None, "")
    assert not AuditEvent.objects.filter(action="recognition.coaching_session_record").exists()


def test_only_the_person_acknowledges_and_only_a_recorded_session(org):
    with pytest.raises(E.CoachingInvalid):
        services.coaching_acknowledge(actor=actor(org, "agent"), task=task())  # nothing recorded yet
    record(org)
    for role in ("team_lead", "hr", "department_head"):
        with pytest.raises(E.CoachingNotAllowed):
            services.coaching_acknowledge(actor=actor(org, role), task=task())
    assert task().state == "recorded"
    t = services.coaching_acknowledge(actor=actor(org, "agent"), task=task(), comment="好的，我会坚持")
    assert t.state == "acknowledged" and t.acknowledged_at is not None and t.agent_comment == "好的，我会坚持"
    assert AuditEvent.objects.filter(
        action="recognition.coaching_acknowledge", actor=org.users["agent"]
    ).exists()
    lead_note = Notification.objects.get(kind="recognition.coaching_acknowledged")
    assert lead_note.recipient == org.users["team_lead"]
    with pytest.raises(E.CoachingInvalid):
        services.coaching_acknowledge(actor=actor(org, "agent"), task=task())


def test_the_lead_dismisses_an_open_task_with_a_reason(org):
    with pytest.raises(E.CoachingInvalid) as exc:
        services.coaching_dismiss(actor=actor(org, "team_lead"), task=task(), reason=" ")
    assert exc.value.message == E.REASON_REQUIRED
    assert task().state == "open"
    with pytest.raises(E.CoachingNotAllowed):
        services.coaching_dismiss(actor=actor(org, "agent"), task=task(), reason="no")
    t = services.coaching_dismiss(actor=actor(org, "team_lead"), task=task(), reason="质检抽样有误")
    assert (t.state, t.dismissed_reason) == ("dismissed", "质检抽样有误")
    assert AuditEvent.objects.get(action="recognition.coaching_dismiss").reason == "质检抽样有误"
    with pytest.raises(E.CoachingInvalid):
        record(org)


def test_a_coaching_action_becomes_a_metric_goal_once(org):
    with pytest.raises(E.CoachingInvalid) as exc:
        services.coaching_make_goal(actor=actor(org, "team_lead"), task=task())
    assert exc.value.message == E.NO_SESSION_FOR_GOAL
    assert not Goal.objects.exists()
    record(org, follow_up_on=TODAY + dt.timedelta(days=40))
    goal = services.coaching_make_goal(actor=actor(org, "team_lead"), task=task())
    assert goal.version.plan.employee.number == "E2003"
    assert goal.measure == "metric"
    # back to the own average of the baseline months, on the follow-up month's figures
    assert goal.clause["metric"] == "qa_score" and goal.clause["comparison"] == ">="
    assert goal.clause["value"] == "90" and goal.clause["aggregation"] == "latest"
    assert goal.due_date == TODAY + dt.timedelta(days=40)
    assert "每周听两通录音" in goal.statement
    assert task().goal_lineage == goal.lineage
    assert AuditEvent.objects.filter(action="recognition.coaching_goal").count() == 1
    with pytest.raises(E.CoachingInvalid) as exc:
        services.coaching_make_goal(actor=actor(org, "team_lead"), task=task())
    assert exc.value.message == E.ALREADY_A_GOAL
    assert Goal.objects.count() == 1


def test_a_below_threshold_goal_asks_for_the_threshold_again(org):
    services.coaching_session_record(
        actor=actor(org, "team_lead"),
        task=task("csat-below"),
        session_on=TODAY,
        focus_metric="csat_mean",
        agreed="练习共情话术",
    )
    goal = services.coaching_make_goal(actor=actor(org, "team_lead"), task=task("csat-below"))
    assert (goal.clause["comparison"], goal.clause["value"]) == (">=", "4.2")


def test_the_agent_may_not_make_the_goal(org):
    record(org)
    with pytest.raises(E.CoachingNotAllowed):
        services.coaching_make_goal(actor=actor(org, "agent"), task=task())
    assert not Goal.objects.exists()


def test_todos_appear_for_the_right_people_and_go_when_done(org):
    lead, agent = org.users["team_lead"], org.users["agent"]
    assert kinds(lead) == [OPEN_TASK, OPEN_TASK]
    assert kinds(agent) == []
    assert kinds(org.users["department_head"]) == []  # team a1 has a lead
    record(org, session_on=TODAY - dt.timedelta(days=30), follow_up_on=TODAY)
    assert kinds(lead) == [FOLLOW_UP_DUE, OPEN_TASK]
    assert kinds(agent) == [TO_ACKNOWLEDGE]
    services.coaching_acknowledge(actor=actor(org, "agent"), task=task())
    assert kinds(agent) == []
    assert kinds(lead) == [FOLLOW_UP_DUE, OPEN_TASK]
    services.coaching_follow_up(actor=actor(org, "team_lead"), task=task(), note="质检分回到88")
    assert kinds(lead) == [OPEN_TASK]
    services.coaching_dismiss(actor=actor(org, "team_lead"), task=task("csat-below"), reason="已在培训中")
    assert kinds(lead) == []
