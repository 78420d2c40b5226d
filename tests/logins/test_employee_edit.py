"""HR edits one person's roster fields in the browser: checked as the roster import checks, audited."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.org.imports.report import ImportRejected
from serviceladder.org.imports.roster import LEAVE_BEFORE_HIRE, UNKNOWN_MANAGER
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.org.selectors import employee_record_values
from serviceladder.org.services import RECORD_REASON_MISSING, employee_record_update

User = get_user_model()


def _values(number: str, **changes) -> dict:
    values = employee_record_values(
        Employee.objects.select_related("team__department", "manager").get(number=number)
    )
    values.update(changes)
    return values


def test_hr_changes_a_record_with_reason_before_and_after(org):
    hr = Actor(user=org.users["hr"], channel="web")
    values = _values("E2003", email="lina@example.com", channels="电话, chat", prior_experience_months="14")
    employee_record_update(actor=hr, number="E2003", values=values, reason="员工更新联系方式")
    e = Employee.objects.get(number="E2003")
    assert (e.email, e.channels, e.prior_experience_months) == ("lina@example.com", ["call", "chat"], 14)
    event = AuditEvent.objects.get(action="org.employee.update", employee=e)
    assert event.actor == org.users["hr"] and event.reason == "员工更新联系方式"
    assert event.before == {"email": "", "channels": [], "prior_experience_months": 0}
    assert event.after["email"] == "lina@example.com" and event.after["channels"] == ["call", "chat"]


def test_an_unchanged_save_writes_nothing(org):
    hr = Actor(user=org.users["hr"])
    events = AuditEvent.objects.count()
    result = employee_record_update(actor=hr, number="E2003", values=_values("E2003"), reason="看看")
    assert result.unchanged == 1 and AuditEvent.objects.count() == events


def test_problems_are_the_roster_imports_and_nothing_is_written(org):
    hr = Actor(user=org.users["hr"])
    events = AuditEvent.objects.count()
    bad = _values("E2003", leave_date="2020-01-01", manager="E9999", name="新名字")
    with pytest.raises(ImportRejected) as caught:
        employee_record_update(actor=hr, number="E2003", values=bad, reason="x")
    by_field = {e.column: e.message for e in caught.value.errors}
    assert by_field == {"leave_date": LEAVE_BEFORE_HIRE, "manager": UNKNOWN_MANAGER}
    assert Employee.objects.get(number="E2003").name == "李娜"
    assert AuditEvent.objects.count() == events


def test_reason_and_role_are_required(org):
    with pytest.raises(ValidationFailed) as caught:
        employee_record_update(
            actor=Actor(user=org.users["hr"]), number="E2003", values=_values("E2003"), reason=""
        )
    assert caught.value.message == RECORD_REASON_MISSING
    for key in ("admin", "management", "department_head", "team_lead", "agent"):
        with pytest.raises(PermissionDeniedError):
            employee_record_update(
                actor=Actor(user=org.users[key]),
                number="E2003",
                values=_values("E2003", name="x"),
                reason="x",
            )
    assert Employee.objects.get(number="E2003").name == "李娜"


def test_a_leave_date_that_has_come_switches_the_login_off(org):
    today = timezone.localdate()
    employee_record_update(
        actor=Actor(user=org.users["hr"]),
        number="E2003",
        values=_values("E2003", leave_date=str(today)),
        reason="离职",
    )
    assert not User.objects.get(username="lina").is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.reason == f"left on {today}"


def test_a_new_level_starts_a_new_assignment(org):
    today = timezone.localdate()
    employee_record_update(
        actor=Actor(user=org.users["hr"]),
        number="E2004",
        values=_values("E2004", level="L3", level_since=str(today)),
        reason="破格晋升",
    )
    latest = LevelAssignment.objects.filter(employee__number="E2004").order_by("-effective_from").first()
    assert (latest.level.code, latest.effective_from) == ("L3", today)
    assert AuditEvent.objects.filter(action="org.level.assign", reason="破格晋升").exists()


def test_the_roster_import_switches_leavers_off(org):
    from serviceladder.org.services import roster_import

    left = timezone.localdate() - dt.timedelta(days=1)
    data = (
        f"工号,姓名,部门,班组,入职日期,离职日期\nE2003,李娜,dept-a,a1,2022-03-01,{left.isoformat()}\n"
    ).encode()
    roster_import(
        actor=Actor(user=org.users["hr"], channel="cli"), data=data, file_name="r.csv", reason="月度"
    )
    assert not User.objects.get(username="lina").is_active


def test_the_edit_page_shows_each_problem_beside_its_field(client_for):
    client = client_for("hr", "zh-hans")
    url = reverse("employee_edit", args=["E2003"])
    page = client.get(url).content.decode()
    assert 'value="李娜"' in page and 'value="2022-03-01"' in page
    values = _values("E2003", leave_date="2020-01-01")
    response = client.post(url, {**values, "reason": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "离职日期早于入职日期" in html
    assert Employee.objects.get(number="E2003").leave_date is None
