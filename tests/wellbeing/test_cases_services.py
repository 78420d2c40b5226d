"""Wellbeing case services (issue 16 item 3): open from the latest assessment or by hand, one open case per
person, actions from the catalogue with an allowed owner and a due date, follow-ups, closing; refusals write
nothing; the audit log records ids and field names, never the notes; the overdue reminder is sent once."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.development.models import DevelopmentPlan
from serviceladder.notifications.models import Notification
from serviceladder.wellbeing.errors_cases import (
    ACTIVITY_ONLY_FOR_TEAM_ACTIVITY,
    ALREADY_OPEN,
    CANNOT_DO_ACTION,
    CASE_CLOSED,
    DUE_DATE,
    OPEN_ACTIONS,
    OWNER_NOT_ALLOWED,
    SIGNAL_NOT_FIRED,
    SUMMARY_REQUIRED,
    CaseAlreadyOpen,
    CaseHasOpenActions,
    CaseInvalid,
    CaseNotAllowed,
)
from serviceladder.wellbeing.models import Activity, Case, CaseAction, CaseFollowUp
from serviceladder.wellbeing.services.cases import (
    REMINDER_KIND,
    case_action_add,
    case_action_done,
    case_close,
    case_follow_up_add,
    case_open,
    case_reminders_send,
)
from tests.web.org import build_org
from tests.wellbeing.cases_setup import assessment_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SECRET = "talked about the divorce and the night shifts"


@pytest.fixture
def org():
    org = build_org()
    assessment_for(org, "E2003")
    return org


def lead(org):
    return org.users["team_lead"]


def open_case(org, **kwargs) -> Case:
    return case_open(acting_user=lead(org), employee=org.employees["E2003"], **kwargs)


def written() -> tuple:
    return (
        Case.objects.count(),
        CaseAction.objects.count(),
        CaseFollowUp.objects.count(),
        AuditEvent.objects.filter(action__startswith="wellbeing.").count(),
        Notification.objects.count(),
    )


def test_the_lead_opens_a_case_on_the_latest_warning_linking_the_plan(org):
    plan = DevelopmentPlan.objects.create(employee=org.employees["E2003"], status="active")
    case = open_case(org, phase="during", summary=SECRET)
    assert case.state == "open" and case.phase == "during"
    assert case.signals == ["quality-slide"]
    assert case.assessment.fired == ["quality-slide"] and case.development_plan == plan
    event = AuditEvent.objects.get(action="wellbeing.case_open")
    assert event.after["signals"] == ["quality-slide"] and event.after["fields"] == ["summary"]
    assert event.after["development_plan"] == plan.pk
    assert SECRET not in json.dumps([event.before, event.after, event.reason], ensure_ascii=False)


def test_a_second_open_case_is_refused_and_nothing_is_written(org):
    open_case(org)
    before = written()
    with pytest.raises(CaseAlreadyOpen) as exc:
        case_open(acting_user=org.users["hr"], employee=org.employees["E2003"], summary="again")
    assert exc.value.code == "wellbeing_case_already_open" and exc.value.message == ALREADY_OPEN
    assert "李娜" in str(exc.value)
    assert written() == before


@pytest.mark.parametrize("role", ["agent", "department_head", "management", "admin", "none"])
def test_only_the_lead_or_hr_opens_a_case(org, role):
    # The head runs cases only for a team without a lead and for the lead; the person never.
    before = written()
    with pytest.raises(CaseNotAllowed):
        case_open(acting_user=org.users[role], employee=org.employees["E2003"], summary="x")
    assert written() == before


def test_hr_opens_and_the_head_opens_for_the_lead_themselves(org):
    assert case_open(acting_user=org.users["hr"], employee=org.employees["E2004"], summary="tired").pk
    case = case_open(acting_user=org.users["department_head"], employee=org.employees["E2002"], summary="x")
    assert case.assessment is None and case.signals == []


def test_a_signal_that_did_not_fire_or_no_signal_without_a_note_is_refused(org):
    before = written()
    with pytest.raises(CaseInvalid) as exc:
        open_case(org, signals=["workload"])
    assert exc.value.message == SIGNAL_NOT_FIRED and "quality-slide" in str(exc.value)
    with pytest.raises(CaseInvalid) as exc:
        open_case(org, signals=[])
    assert exc.value.message == SUMMARY_REQUIRED
    with pytest.raises(CaseInvalid):
        open_case(org, phase="someday")
    assert written() == before


def test_by_hand_without_an_assessment_keeps_the_codes_given(org):
    case = case_open(
        acting_user=lead(org), employee=org.employees["E2004"], signals=["workload", "workload"], summary=""
    )
    assert case.assessment is None and case.signals == ["workload"]


def test_actions_need_an_allowed_owner_a_due_date_ahead_and_a_catalogue_kind(org):
    case = open_case(org)
    before = written()
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(CaseInvalid) as exc:
        case_action_add(
            acting_user=lead(org), case=case, kind="break", owner=org.users["agent"], due_on=tomorrow
        )
    assert exc.value.message == OWNER_NOT_ALLOWED
    with pytest.raises(CaseInvalid) as exc:
        case_action_add(
            acting_user=lead(org),
            case=case,
            kind="break",
            owner=lead(org),
            due_on=TODAY - dt.timedelta(days=1),
        )
    assert exc.value.message == DUE_DATE
    with pytest.raises(CaseInvalid):
        case_action_add(acting_user=lead(org), case=case, kind="holiday", owner=lead(org), due_on=tomorrow)
    with pytest.raises(CaseInvalid):
        case_action_add(acting_user=lead(org), case=case, kind="break", owner=lead(org), due_on="tomorrow")
    activity = Activity.objects.create(
        title="Tea break", kind="social", starts_at=timezone.now(), created_by=lead(org)
    )
    with pytest.raises(CaseInvalid) as exc:
        case_action_add(
            acting_user=lead(org),
            case=case,
            kind="break",
            owner=lead(org),
            due_on=tomorrow,
            activity=activity,
        )
    assert exc.value.message == ACTIVITY_ONLY_FOR_TEAM_ACTIVITY
    with pytest.raises(CaseNotAllowed):
        case_action_add(
            acting_user=org.users["agent"], case=case, kind="break", owner=lead(org), due_on=tomorrow
        )
    assert written() == before


def test_an_action_for_the_head_notifies_them_and_the_audit_keeps_no_note(org):
    case = open_case(org)
    head = org.users["department_head"]
    action = case_action_add(
        acting_user=lead(org), case=case, kind="rotation", owner=head, due_on=TODAY, note=SECRET
    )
    assert (action.owner, action.due_on, action.note) == (head, TODAY, SECRET)
    assert Notification.objects.filter(recipient=head, kind="wellbeing.case_action").count() == 1
    event = AuditEvent.objects.get(action="wellbeing.case_action_add")
    assert event.after["case_action"] == action.pk and event.after["fields"] == ["note"]
    assert SECRET not in json.dumps([event.before, event.after, event.reason], ensure_ascii=False)
    # The head owns it, so the head marks it done (though the head does not run this case).
    case_action_done(acting_user=head, action=action, result=SECRET)
    action.refresh_from_db()
    assert action.done_on == TODAY and action.result == SECRET
    done = AuditEvent.objects.get(action="wellbeing.case_action_done")
    assert SECRET not in json.dumps([done.before, done.after], ensure_ascii=False)


def test_a_team_activity_action_links_the_activity(org):
    case = open_case(org)
    activity = Activity.objects.create(
        title="Board games", kind="social", starts_at=timezone.now(), created_by=lead(org)
    )
    action = case_action_add(
        acting_user=lead(org),
        case=case,
        kind="team_activity",
        owner=lead(org),
        due_on=TODAY,
        activity=activity,
    )
    assert action.activity == activity
    assert not Notification.objects.filter(kind="wellbeing.case_action").exists()  # the lead is the owner


def test_only_the_owner_or_the_runner_marks_an_action_done_once(org):
    case = open_case(org)
    action = case_action_add(acting_user=lead(org), case=case, kind="break", owner=lead(org), due_on=TODAY)
    before = written()
    with pytest.raises(CaseNotAllowed) as exc:
        case_action_done(acting_user=org.users["department_head"], action=action, result="done")
    assert exc.value.message == CANNOT_DO_ACTION
    with pytest.raises(CaseInvalid):
        case_action_done(acting_user=lead(org), action=action, result="  ")
    assert written() == before
    case_action_done(acting_user=org.users["hr"], action=action, result="two days off")
    with pytest.raises(CaseInvalid):
        case_action_done(acting_user=lead(org), action=action, result="again")


def test_closing_is_refused_while_an_action_is_not_done(org):
    case = open_case(org)
    action = case_action_add(
        acting_user=lead(org), case=case, kind="conversation", owner=lead(org), due_on=TODAY
    )
    before = written()
    with pytest.raises(CaseHasOpenActions) as exc:
        case_close(acting_user=lead(org), case=case, outcome="better", reason="resolved")
    assert exc.value.message == OPEN_ACTIONS and exc.value.data == {"count": 1}
    with pytest.raises(CaseInvalid):
        case_close(acting_user=lead(org), case=case, outcome="better", reason="bored")
    case.refresh_from_db()
    assert case.state == "open" and written() == before
    case_action_done(acting_user=lead(org), action=action, result="dropped: she asked for a break instead")
    follow_up = case_follow_up_add(acting_user=lead(org), case=case, note=SECRET)
    assert follow_up.held_on == TODAY
    closed = case_close(acting_user=lead(org), case=case, outcome=SECRET, reason="resolved")
    assert (closed.state, closed.close_reason, closed.closed_by) == ("closed", "resolved", lead(org))
    events = AuditEvent.objects.filter(action__startswith="wellbeing.case_")
    assert SECRET not in json.dumps([[e.before, e.after, e.reason] for e in events], ensure_ascii=False)
    with pytest.raises(CaseInvalid) as exc:
        case_follow_up_add(acting_user=lead(org), case=case, note="later")
    assert exc.value.message == CASE_CLOSED
    # A closed case makes room for a new one.
    assert open_case(org, summary="again").pk != case.pk


def test_a_follow_up_in_the_future_is_refused(org):
    case = open_case(org)
    before = written()
    with pytest.raises(CaseInvalid):
        case_follow_up_add(acting_user=lead(org), case=case, note="x", held_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(CaseNotAllowed):
        case_follow_up_add(acting_user=org.users["agent"], case=case, note="x")
    assert written() == before


def test_an_overdue_action_is_reminded_once_to_its_owner(org):
    case = open_case(org)
    head = org.users["department_head"]
    overdue = case_action_add(acting_user=lead(org), case=case, kind="break", owner=head, due_on=TODAY)
    case_action_add(acting_user=lead(org), case=case, kind="coaching", owner=lead(org), due_on=TODAY)
    done = case_action_add(acting_user=lead(org), case=case, kind="rotation", owner=lead(org), due_on=TODAY)
    case_action_done(acting_user=lead(org), action=done, result="moved to chat")
    assert case_reminders_send(TODAY) == {"sent": 0}  # due today is not overdue yet
    later = TODAY + dt.timedelta(days=1)
    assert case_reminders_send(later) == {"sent": 2}
    reminders = Notification.objects.filter(kind=REMINDER_KIND)
    assert sorted(n.recipient_id for n in reminders) == sorted([head.pk, lead(org).pk])
    assert case_reminders_send(later) == {"sent": 0}
    assert case_reminders_send(later + dt.timedelta(days=1)) == {"sent": 0}
    overdue.refresh_from_db()
    assert overdue.reminded_on == later
    assert reminders.count() == 2
