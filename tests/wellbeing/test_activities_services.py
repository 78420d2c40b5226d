"""Team activities' services (issue 16 item 6): who may organise for whom, sign-up within the places and
before the start, attendance after it, every change audited with ids and field names only; refusals write
nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.notifications.models import Notification
from serviceladder.wellbeing import errors_activities as E
from serviceladder.wellbeing.models import Activity, ActivitySignup
from serviceladder.wellbeing.selectors.activities import activities_for_employee, attendance_owed
from serviceladder.wellbeing.services import activities as S
from tests.wellbeing.activities_setup import past, signup, soon, team_activity

pytestmark = pytest.mark.django_db


def actor(org, role):
    return Actor(user=org.users[role])


def create(org, role, **kw):
    values = {"title": "减压讲座", "kind": "stress_lecture", "starts_at": soon()}
    values.update(kw)
    return S.activity_create(actor=actor(org, role), **values)


@pytest.mark.parametrize(
    ("role", "audience", "allowed"),
    [
        ("team_lead", ("team", "a1"), True),
        ("team_lead", ("team", "a2"), False),
        ("team_lead", ("department", "a"), False),
        ("team_lead", None, False),
        ("department_head", ("department", "a"), True),
        ("department_head", ("team", "a2"), True),
        ("department_head", ("department", "b"), False),
        ("department_head", ("team", "b1"), False),
        ("department_head", None, False),
        ("hr", None, True),
        ("hr", ("team", "b1"), True),
        ("agent", ("team", "a1"), False),
        ("management", None, False),
        ("admin", None, False),
    ],
)
def test_who_organises_for_whom(org, role, audience, allowed):
    team = org.teams[audience[1]] if audience and audience[0] == "team" else None
    department = org.departments[audience[1]] if audience and audience[0] == "department" else None
    if allowed:
        activity = create(org, role, team=team, department=department)
        assert (activity.team, activity.department) == (team, department)
        event = AuditEvent.objects.get(action="wellbeing.activity_create")
        assert event.after["activity"] == activity.pk
        assert "减压讲座" not in str(event.after)  # field names, never the words
        assert "title" in event.after["fields"]
    else:
        with pytest.raises(PermissionDeniedError):
            create(org, role, team=team, department=department)
        assert not Activity.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="wellbeing.").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, E.TITLE_REQUIRED),
        ({"title": "x" * 201}, E.TITLE_REQUIRED),
        ({"kind": "party"}, E.UNKNOWN_KIND),
        ({"starts_at": ""}, E.STARTS_AT),
        ({"starts_at": "next friday"}, E.STARTS_AT),
        ({"starts_at": "2020-01-01T10:00"}, E.STARTS_AT),
        ({"ends_at": "2020-01-01T10:00"}, E.ENDS_AT),
        ({"capacity": "0"}, E.CAPACITY),
        ({"capacity": "ten"}, E.CAPACITY),
    ],
)
def test_bad_input_is_refused_and_nothing_written(org, change, message):
    with pytest.raises(E.ActivityInvalid) as info:
        create(org, "hr", **change)
    assert info.value.message == message
    assert not Activity.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="wellbeing.").exists()


def test_text_dates_are_read_in_local_time(org):
    day = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    activity = create(org, "hr", starts_at=f"{day}T19:30", ends_at=f"{day} 21:00", capacity="12")
    assert timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 19:30"
    assert activity.capacity == 12


def test_sign_up_within_places_and_withdraw(org):
    activity = team_activity(org, capacity=1)
    S.activity_sign_up(actor=actor(org, "agent"), activity=activity)
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_sign_up(actor=actor(org, "agent"), activity=activity)
    assert info.value.message == E.ALREADY_SIGNED_UP
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_sign_up(actor=actor(org, "team_lead"), activity=activity)
    assert info.value.message == E.FULL
    assert ActivitySignup.objects.filter(activity=activity).count() == 1
    S.activity_withdraw(actor=actor(org, "agent"), activity=activity)
    assert not ActivitySignup.objects.exists()
    S.activity_sign_up(actor=actor(org, "team_lead"), activity=activity)
    actions = list(
        AuditEvent.objects.filter(action__startswith="wellbeing.").values_list("action", flat=True)
    )
    assert actions.count("wellbeing.activity_sign_up") == 2
    assert actions.count("wellbeing.activity_withdraw") == 1


def test_only_the_audience_signs_up(org):
    activity = team_activity(org)
    for role in ("hr", "management", "admin"):  # not in team a1 (admin: no employee record)
        with pytest.raises(PermissionDeniedError):
            S.activity_sign_up(actor=actor(org, role), activity=activity)
    assert not ActivitySignup.objects.exists()
    department_wide = create(org, "department_head", department=org.departments["a"])
    S.activity_sign_up(actor=actor(org, "department_head"), activity=department_wide)
    S.activity_sign_up(actor=actor(org, "agent"), activity=department_wide)
    assert department_wide.signups.count() == 2


def test_no_sign_up_or_change_after_the_start_or_when_cancelled(org):
    activity = team_activity(org)
    S.activity_cancel(actor=actor(org, "team_lead"), activity=activity)
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_sign_up(actor=actor(org, "agent"), activity=activity)
    assert info.value.message == E.CANCELLED
    started = past(team_activity(org, title="读书会"))
    for call in (S.activity_sign_up, S.activity_cancel):
        with pytest.raises(E.ActivityInvalid) as info:
            call(actor=actor(org, "team_lead"), activity=started)
        assert info.value.message == E.ALREADY_STARTED
    assert not ActivitySignup.objects.exists()


def test_cancelling_tells_the_people_signed_up(org):
    activity = team_activity(org)
    S.activity_sign_up(actor=actor(org, "agent"), activity=activity)
    with pytest.raises(PermissionDeniedError):
        S.activity_cancel(actor=actor(org, "agent"), activity=activity)
    S.activity_cancel(actor=actor(org, "department_head"), activity=activity)
    activity.refresh_from_db()
    assert activity.cancelled
    note = Notification.objects.get(kind="wellbeing.activity_cancelled")
    assert note.recipient == org.users["agent"]


def test_edit_names_the_changed_fields_and_keeps_places_above_sign_ups(org):
    activity = team_activity(org, capacity=5)
    signup(activity, org.employees["E2003"])
    signup(activity, org.employees["E2004"])
    values = {"title": "羽毛球友谊赛", "kind": "social", "starts_at": activity.starts_at, "capacity": 1}
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_edit(actor=actor(org, "team_lead"), activity=activity, **values)
    assert info.value.message == E.CAPACITY_BELOW_SIGNUPS
    assert not AuditEvent.objects.filter(action="wellbeing.activity_edit").exists()
    with pytest.raises(PermissionDeniedError):
        S.activity_edit(actor=actor(org, "agent"), activity=activity, **{**values, "capacity": 3})
    S.activity_edit(actor=actor(org, "team_lead"), activity=activity, **{**values, "capacity": 3})
    activity.refresh_from_db()
    assert (activity.title, activity.capacity) == ("羽毛球友谊赛", 3)
    event = AuditEvent.objects.get(action="wellbeing.activity_edit")
    assert event.after["fields"] == ["title", "capacity"]
    assert "羽毛球" not in str(event.after)


def test_attendance_after_the_start_by_the_organiser(org):
    activity = team_activity(org)
    signup(activity, org.employees["E2003"])
    signup(activity, org.employees["E2004"])
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_attendance_record(actor=actor(org, "team_lead"), activity=activity, attended=[])
    assert info.value.message == E.NOT_STARTED
    past(activity)
    assert list(attendance_owed(org.users["team_lead"])) == [activity]
    with pytest.raises(PermissionDeniedError):
        S.activity_attendance_record(
            actor=actor(org, "agent"), activity=activity, attended=[org.employees["E2003"].pk]
        )
    with pytest.raises(E.ActivityInvalid) as info:
        S.activity_attendance_record(
            actor=actor(org, "team_lead"), activity=activity, attended=[org.employees["E2006"].pk]
        )
    assert info.value.message == E.NOT_A_SIGNUP
    assert set(activity.signups.values_list("attended", flat=True)) == {None}
    counts = S.activity_attendance_record(
        actor=actor(org, "team_lead"), activity=activity, attended=[org.employees["E2003"].pk]
    )
    assert counts == {"attended": 1, "absent": 1}
    assert dict(activity.signups.values_list("employee__number", "attended")) == {
        "E2003": True,
        "E2004": False,
    }
    assert list(attendance_owed(org.users["team_lead"])) == []
    event = AuditEvent.objects.get(action="wellbeing.activity_attendance")
    assert event.after["attended_ids"] == [org.employees["E2003"].pk]


def test_activities_for_employee_are_their_audiences_coming_ones(org):
    mine = team_activity(org)
    department = create(org, "department_head", department=org.departments["a"])
    organisation = create(org, "hr")
    other = create(org, "hr", team=org.teams["b1"])
    cancelled = team_activity(org, title="取消的活动")
    S.activity_cancel(actor=actor(org, "team_lead"), activity=cancelled)
    old = past(team_activity(org, title="上月活动"))
    found = set(activities_for_employee(org.employees["E2003"]))
    assert found == {mine, department, organisation}
    assert other not in found and old not in found
    assert set(activities_for_employee(org.employees["E2006"])) == {organisation, other}
