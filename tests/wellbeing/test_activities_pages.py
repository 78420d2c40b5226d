"""Team activity pages over HTTP (issue 16 item 6): a lead puts an activity on the calendar, an agent signs
up and withdraws, the lead records attendance (a to-do until then); others are refused and nothing is
written; both languages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.todos.registry import items_for
from serviceladder.wellbeing.models import Activity, ActivitySignup
from serviceladder.wellbeing.todos_activities import RECORD_ATTENDANCE
from tests.wellbeing.activities_setup import past, signup, team_activity

pytestmark = pytest.mark.django_db


def page(activity):
    return reverse("wellbeing_activity", args=[activity.pk])


def test_a_lead_puts_an_activity_on_the_calendar(client_for, org):
    client = client_for("team_lead")
    form = client.get(reverse("wellbeing_activity_new")).content.decode()
    assert 'value="team:a1"' in form
    assert 'value="team:b1"' not in form and 'value="organisation"' not in form
    start = (timezone.localtime() + dt.timedelta(days=10)).replace(hour=19, minute=0)
    response = client.post(
        reverse("wellbeing_activity_new"),
        {
            "audience": "team:a1",
            "title": "周五桌游夜",
            "kind": "social",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "place": "三楼活动室",
            "capacity": "8",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == page(activity)
    assert (activity.team, activity.capacity) == (org.teams["a1"], 8)
    calendar = client.get(reverse("wellbeing_activities") + f"?month={start:%Y-%m}").content.decode()
    assert "周五桌游夜" in calendar and "19:00" in calendar
    agent = client_for("agent")
    assert "周五桌游夜" in agent.get(reverse("wellbeing")).content.decode()


def test_a_lead_cannot_organise_for_another_team(client_for, org):
    client = client_for("team_lead")
    start = (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("wellbeing_activity_new"),
        {"audience": "team:b1", "title": "越权", "kind": "social", "starts_at": start},
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_bad_input_shows_the_form_again_with_the_reason(client_for, org):
    client = client_for("team_lead", "zh-hans")
    response = client.post(
        reverse("wellbeing_activity_new"),
        {"audience": "team:a1", "title": "读书会", "kind": "social", "starts_at": "2020-01-01T10:00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "读书会" in body
    assert not Activity.objects.exists()


def test_an_agent_signs_up_and_withdraws(client_for, org):
    activity = team_activity(org, capacity=2)
    signup(activity, org.employees["E2004"])
    client = client_for("agent")
    body = client.get(page(activity)).content.decode()
    assert 'id="sign-up"' in body
    assert "张伟" not in body  # the sign-ups list is the organiser's
    assert client.post(page(activity), {"action": "sign_up"}).status_code == 302
    assert activity.signups.filter(employee__number="E2003").exists()
    body = client.get(page(activity)).content.decode()
    assert 'id="withdraw"' in body and 'id="sign-up"' not in body
    assert client.post(page(activity), {"action": "withdraw"}).status_code == 302
    assert not activity.signups.filter(employee__number="E2003").exists()


def test_the_agent_cannot_cancel_nor_record(client_for, org):
    activity = team_activity(org)
    client = client_for("agent")
    assert 'id="cancel-activity"' not in client.get(page(activity)).content.decode()
    assert client.post(page(activity), {"action": "cancel"}).status_code == 403
    assert client.get(reverse("wellbeing_activity_edit", args=[activity.pk])).status_code == 403
    activity.refresh_from_db()
    assert not activity.cancelled
    assert not AuditEvent.objects.filter(action="wellbeing.activity_cancel").exists()


def test_a_full_activity_refuses_with_a_message(client_for, org):
    activity = team_activity(org, capacity=1)
    signup(activity, org.employees["E2004"])
    response = client_for("agent").post(page(activity), {"action": "sign_up"})
    assert response.status_code == 400
    assert "all 1 places" in response.content.decode()
    assert activity.signups.count() == 1


def test_the_lead_records_attendance_and_the_to_do_goes(client_for, org):
    activity = team_activity(org)
    signup(activity, org.employees["E2003"])
    signup(activity, org.employees["E2004"])
    lead = org.users["team_lead"]
    assert not [i for i in items_for(lead) if i.kind == RECORD_ATTENDANCE]
    past(activity)
    todo = [i for i in items_for(lead) if i.kind == RECORD_ATTENDANCE]
    assert [i.url for i in todo] == [page(activity) + "#attendance"]
    assert not [i for i in items_for(org.users["agent"]) if i.kind == RECORD_ATTENDANCE]
    client = client_for("team_lead", "zh-hans")
    body = client.get(page(activity)).content.decode()
    assert 'id="record-attendance"' in body and "李娜" in body and "张伟" in body
    employee = org.employees["E2004"].pk
    response = client.post(page(activity), {"action": "attendance", "attended": [str(employee)]})
    assert response.status_code == 302
    assert dict(ActivitySignup.objects.values_list("employee_id", "attended")) == {
        org.employees["E2003"].pk: False,
        employee: True,
    }
    assert not [i for i in items_for(lead) if i.kind == RECORD_ATTENDANCE]


def test_an_agent_cannot_record_attendance(client_for, org):
    activity = past(team_activity(org))
    signup(activity, org.employees["E2003"])
    response = client_for("agent").post(
        page(activity), {"action": "attendance", "attended": [str(org.employees["E2003"].pk)]}
    )
    assert response.status_code == 403
    assert ActivitySignup.objects.get().attended is None


def test_the_calendar_moves_by_month_and_ignores_a_bad_month(client_for, org):
    client = client_for("agent", "zh-hans")
    response = client.get(reverse("wellbeing_activities") + "?month=2026-12")
    body = response.content.decode()
    assert "2026-11" in body and "2027-01" in body
    assert client.get(reverse("wellbeing_activities") + "?month=2026-13").status_code == 200
