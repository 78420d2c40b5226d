"""Renewal of certifications (learning.services.renewals): `renewal_days` before a completion expires, its
holder is enrolled again (source "renewal", due the day it expires), once, and told once; a renewal completed
in time keeps `required_trainings` met and the old enrolment never expires with a "take it again" notice; a
renewal not completed lets the condition flip on the expiry day."""

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.daily.registry import steps
from serviceladder.learning.models import Completion, Enrolment, EnrolmentEvent
from serviceladder.learning.services.completions import record_completion
from serviceladder.learning.services.enrolments import enrol
from serviceladder.learning.services.marking import enrolment_complete
from serviceladder.learning.services.renewals import RENEW_TITLE, renewals_enrol
from serviceladder.notifications.models import Notification
from serviceladder.todos.registry import items_for
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles
from tests.learning.courses import put_course
from tests.learning.test_complete_expiry import _training_status, hr  # noqa: F401

pytestmark = pytest.mark.django_db

DONE = dt.date(2025, 3, 31)
EXPIRES = dt.date(2026, 3, 31)  # 12 months later
OPENS = dt.date(2026, 3, 1)  # 30 days before


def _course(**fields):
    values = {
        "name_zh": "基础认证",
        "name_en": "Basics certificate",
        "mode": "on_the_job",
        "validity_months": 12,
        "renewal_days": 30,
    }
    return put_course(code="basics", **{**values, **fields})


def _holder(hr, number="A1", course=None, day=DONE, *, user=True, lead=None):  # noqa: F811
    """A person with a completed enrolment in the course (and a login), completed on `day`."""
    course = course or _course()
    team = TeamFactory(code=f"t-{number}", lead=lead)
    employee = EmployeeFactory(number=number, team=team)
    if user:
        user_with_roles(number.lower(), Role.AGENT, employee=employee)
    actor = Actor(user=hr)
    enrolment, _ = enrol(employee, course, source="hr", actor=actor, assigned_on=day)
    enrolment_complete(actor=actor, enrolment=enrolment, completed_on=day.isoformat(), today=day)
    return employee


def _renewals():
    return Enrolment.objects.filter(source=Enrolment.Source.RENEWAL)


def _written():
    return (
        _renewals().count(),
        AuditEvent.objects.filter(action="learning.renewal").count(),
        Notification.objects.filter(kind="learning.renewal").count(),
    )


def test_the_window_opens_exactly_renewal_days_before_the_completion_expires(hr):  # noqa: F811
    person = _holder(hr)
    completion = Completion.objects.get(employee=person)
    assert completion.expires_on == EXPIRES
    step = steps()["learning.renewals"]

    assert step(OPENS - dt.timedelta(days=1)) == {"enrolled": 0}
    assert _written() == (0, 0, 0)
    assert step(OPENS) == {"enrolled": 1}
    renewal = _renewals().get()
    assert (renewal.employee, renewal.course.code, renewal.state) == (person, "basics", "assigned")
    assert (renewal.assigned_on, renewal.due_on, renewal.renews) == (OPENS, EXPIRES, completion)
    assert renewal.get_source_display() == "certification renewal"
    assert EnrolmentEvent.objects.get(enrolment=renewal).state == "assigned"
    enrol_audit = AuditEvent.objects.get(action="learning.enrol", object_id=str(renewal.pk))
    assert enrol_audit.after == {"course": "basics", "source": "renewal", "due_on": "2026-03-31"}
    assert AuditEvent.objects.get(action="learning.renewal").after == {
        "course": "basics",
        "completed_on": "2025-03-31",
        "expires_on": "2026-03-31",
        "due_on": "2026-03-31",
    }


def test_running_again_or_for_a_past_day_enrols_nobody_twice(hr):  # noqa: F811
    _holder(hr)
    step = steps()["learning.renewals"]
    assert step(OPENS) == {"enrolled": 1}
    for day in (OPENS, OPENS + dt.timedelta(days=1), OPENS - dt.timedelta(days=3), EXPIRES):
        assert step(day) == {"enrolled": 0}
    assert _written() == (1, 1, 1)
    # a renewal the lead cancelled is not made again
    _renewals().update(state=Enrolment.State.CANCELLED)
    assert step(OPENS + dt.timedelta(days=2)) == {"enrolled": 0}
    assert _written() == (1, 1, 1)


def test_the_holder_is_told_once_with_a_link_to_the_renewal(hr):  # noqa: F811
    person = _holder(hr)
    renewals_enrol(OPENS)
    renewals_enrol(OPENS + dt.timedelta(days=1))
    told = Notification.objects.get(kind="learning.renewal")
    renewal = _renewals().get()
    assert told.recipient == person.user
    assert "Basics certificate" in told.title_text and "2026-03-31" in told.body_text
    assert told.url == reverse("learning_enrolment", args=[renewal.pk])
    assert str(RENEW_TITLE).split(":")[0] in told.title_text


@pytest.mark.parametrize(
    ("case", "enrolled"),
    [
        ("left before", 0),
        ("leaves that day", 0),
        ("leaves later", 1),
        ("renewal days 0", 0),
        ("inactive course", 0),
        ("never expires", 0),
        ("renewed already", 0),
        ("renewed by an earlier-expiring completion", 1),
        ("no login", 1),
    ],
)
def test_who_is_enrolled_again(hr, case, enrolled):  # noqa: F811
    person = _holder(hr, user=case != "no login")
    if case.startswith("left") or case.startswith("leaves"):
        offset = {"left before": -1, "leaves that day": 0, "leaves later": 1}[case]
        person.leave_date = OPENS + dt.timedelta(days=offset)
        person.save(update_fields=["leave_date"])
    elif case == "renewal days 0":
        _course(renewal_days=0)
    elif case == "inactive course":
        _course(active=False)
    elif case == "never expires":
        Completion.objects.update(expires_on=None)
    elif case.startswith("renewed"):
        # an imported completion of the same course (no enrolment)
        expires = EXPIRES + dt.timedelta(days=365 if case == "renewed already" else -1)
        record_completion(
            person,
            actor=Actor(user=hr),
            completed_on=dt.date(2025, 12, 1),
            course=_course(),
            expires_on=expires,
            source=Completion.Source.IMPORT,
        )
    before = AuditEvent.objects.count()
    assert renewals_enrol(OPENS) == {"enrolled": enrolled}
    assert _renewals().count() == enrolled
    if not enrolled:
        assert AuditEvent.objects.count() == before
        assert not Notification.objects.filter(kind="learning.renewal").exists()


def test_an_open_enrolment_takes_the_renewal_over(hr):  # noqa: F811
    person = _holder(hr)
    course = _course()
    open_one, _ = enrol(person, course, source="self", actor=Actor(user=person.user), assigned_on=OPENS)
    assert open_one.due_on is None
    assert renewals_enrol(OPENS + dt.timedelta(days=2)) == {"enrolled": 1}
    open_one.refresh_from_db()
    assert Enrolment.objects.filter(employee=person, state="assigned").count() == 1
    assert (open_one.source, open_one.due_on, open_one.renews.expires_on) == ("self", EXPIRES, EXPIRES)
    assert renewals_enrol(OPENS + dt.timedelta(days=3)) == {"enrolled": 0}
    assert Notification.objects.filter(kind="learning.renewal").count() == 1


# (day asked about, status without the renewal, status with the renewal completed on 2026-03-20)
BOUNDARY = [
    (dt.date(2026, 3, 19), "pass", "pass"),
    (dt.date(2026, 3, 30), "pass", "pass"),  # the last day the old completion counts
    (dt.date(2026, 3, 31), "fail", "pass"),  # the old one's expiry day
    (dt.date(2026, 4, 1), "fail", "pass"),
    (dt.date(2027, 3, 19), "fail", "pass"),  # the renewal's last day
    (dt.date(2027, 3, 20), "fail", "fail"),  # the renewal expires in its turn
]
RENEWED_ON = dt.date(2026, 3, 20)


@pytest.mark.parametrize(("as_of", "without", "with_renewal"), BOUNDARY)
def test_required_trainings_with_and_without_the_renewal(hr, as_of, without, with_renewal):  # noqa: F811
    _course(name_en="Basics", name_zh="基础")
    _holder(hr, "A1")
    _holder(hr, "A2")
    renewals_enrol(OPENS)
    renewal = _renewals().get(employee__number="A2")
    enrolment_complete(actor=Actor(user=hr), enrolment=renewal, completed_on="2026-03-20", today=RENEWED_ON)
    assert Completion.objects.get(enrolment=renewal).expires_on == dt.date(2027, 3, 20)
    assert _training_status("A1", as_of)[0] == without
    assert _training_status("A2", as_of)[0] == with_renewal


def test_a_renewed_certification_never_expires_with_a_take_it_again_notice(hr):  # noqa: F811
    person = _holder(hr)
    old = Enrolment.objects.get(employee=person, state="completed")
    renewals_enrol(OPENS)
    renewal = _renewals().get()
    enrolment_complete(actor=Actor(user=hr), enrolment=renewal, completed_on="2026-03-20", today=RENEWED_ON)
    expire = steps()["learning.expiry"]
    renew = steps()["learning.renewals"]
    for day in (dt.date(2026, 3, 30), EXPIRES, dt.date(2026, 4, 1)):
        assert renew(day) == {"enrolled": 0}
        assert expire(day) == {"expired": 0}
    old.refresh_from_db()
    assert old.state == "completed"
    assert not Notification.objects.filter(kind="learning.enrolment_expired").exists()
    # the renewal's own window and expiry, a year on: enrolled again, then (not done) expired once
    assert renew(dt.date(2027, 2, 18)) == {"enrolled": 1}
    assert expire(dt.date(2027, 3, 20)) == {"expired": 1}
    assert expire(dt.date(2027, 3, 21)) == {"expired": 0}
    renewal.refresh_from_db()
    old.refresh_from_db()
    assert (renewal.state, old.state) == ("expired", "completed")
    assert Notification.objects.filter(kind="learning.enrolment_expired").count() == 1


def test_a_renewal_not_completed_lets_it_lapse_on_the_expiry_day_and_is_overdue_for_the_lead(hr):  # noqa: F811
    lead = EmployeeFactory(number="L1", team=None)
    lead_user = user_with_roles("l1", Role.TEAM_LEAD, employee=lead)
    person = _holder(hr, lead=lead)
    renewals_enrol(OPENS)
    renewal = _renewals().get()
    expire = steps()["learning.expiry"]
    assert expire(dt.date(2026, 3, 30)) == {"expired": 0}
    assert expire(EXPIRES) == {"expired": 1}
    old = Enrolment.objects.get(employee=person, source="hr")
    assert old.state == "expired"
    told = Notification.objects.get(kind="learning.enrolment_expired")
    assert told.url == reverse("learning_enrolment", args=[renewal.pk])  # straight to the renewal
    # the renewal stays open and, past its due date, is the lead's to-do
    renewal.refresh_from_db()
    assert renewal.state == "assigned"
    keys = [item.key for item in items_for(lead_user)]
    assert f"enrolment:{renewal.pk}" in keys


def test_the_renewal_shows_on_the_holders_learning_page(hr, client):  # noqa: F811
    person = _holder(hr)
    renewals_enrol(OPENS)
    client.force_login(person.user)
    client.cookies["serviceladder_language"] = "zh-hans"
    page = client.get(reverse("person_learning", args=[person.number])).content.decode()
    renewal = _renewals().get()
    assert reverse("learning_enrolment", args=[renewal.pk]) in page
    assert "2026-03-31" in page
    assert 'class="badge renewal-badge"' in page
    page = client.get(reverse("learning_enrolment", args=[renewal.pk])).content.decode()
    assert "2025-03-31" in page  # the completion it renews
