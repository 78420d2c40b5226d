import datetime as dt

import pytest
from django.contrib.auth import authenticate, get_user_model

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_see_pay,
    employees_visible_to,
    employees_with_performance_visible_to,
    user_roles,
)
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import DEMO_PASSWORD, generate
from serviceladder.demo.loader import DEMO_LOAD_ACTION, demo_load, demo_loaded
from serviceladder.ladder.models import Level
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Department, Employee, LevelAssignment, PayRecord, Team, Violation

TODAY = dt.date(2026, 5, 14)
SYSTEM = Actor(user=None, channel="cli")


@pytest.fixture(scope="module")
def default_org():
    return generate(seed=7, agents=320, months=18, today=TODAY)


@pytest.fixture
def loaded(db, default_org):
    return default_org, demo_load(org=default_org, actor=SYSTEM)


def _user(username):
    return get_user_model().objects.get(username=username)


def test_loaded_organisation_meets_the_minimums(loaded):
    org, summary = loaded
    assert Department.objects.count() >= 3
    assert Team.objects.filter(lead__isnull=False).count() == Team.objects.count() >= 12
    assert Department.objects.filter(head__isnull=True).count() == 0
    frontline = Employee.objects.filter(team__isnull=False).exclude(led_teams__isnull=False)
    assert frontline.count() >= 300
    # Every level of every track is someone's current level.
    latest = {}
    for a in LevelAssignment.objects.order_by("employee_id", "effective_from").values(
        "employee_id", "level_id"
    ):
        latest[a["employee_id"]] = a["level_id"]
    assert set(latest.values()) == set(Level.objects.values_list("pk", flat=True))
    assert Level.objects.count() == 10
    months = sorted(set(MonthlyMetric.objects.values_list("month", flat=True)))
    assert len(months) == 18 and months[-1] == "2026-04"
    assert set(MonthlyMetric.objects.values_list("source", flat=True)) == {MonthlyMetric.Source.DEMO}
    assert MonthlyMetric.objects.count() == summary.monthly_metrics
    assert Violation.objects.values("employee").distinct().count() >= 0.02 * Employee.objects.count()
    assert PayRecord.objects.filter(currency="CNY").count() == summary.pay_records


def test_one_audit_event_records_the_load(db):
    org = generate(seed=7, agents=40, months=6, today=TODAY)
    summary = demo_load(org=org, actor=SYSTEM)
    events = AuditEvent.objects.filter(action=DEMO_LOAD_ACTION)
    assert events.count() == 1
    event = events.get()
    assert event.actor is None and event.channel == "cli"
    assert event.after["employees"] == summary.employees == len(org.people)
    assert event.after["seed"] == 7
    assert demo_loaded()


def test_demo_logins_have_their_role_and_scope(loaded):
    org, _summary = loaded
    usernames = ["agent", "lead", "head", "hr", "management", "admin"]
    assert Employee.objects.filter(user__username__in=usernames).count() == len(usernames)
    # One shared password (hashed once, so checking one login checks them all).
    assert get_user_model().objects.filter(username__in=usernames).values("password").distinct().count() == 1
    assert authenticate(username="agent", password=DEMO_PASSWORD) is not None

    agent, lead, head = _user("agent"), _user("lead"), _user("head")
    assert user_roles(agent) == {Role.AGENT}
    assert user_roles(lead) == {Role.TEAM_LEAD}
    assert user_roles(head) == {Role.DEPARTMENT_HEAD}
    assert user_roles(_user("hr")) == {Role.HR}
    assert user_roles(_user("management")) == {Role.MANAGEMENT}
    assert user_roles(_user("admin")) == {Role.ADMIN}

    agent_emp = agent.employee
    assert list(employees_visible_to(agent)) == [agent_emp]

    team = Team.objects.get(lead=lead.employee)
    assert agent_emp.team == team
    assert set(employees_visible_to(lead)) == set(Employee.objects.filter(team=team))
    assert employees_visible_to(lead).count() > 1

    department = Department.objects.get(head=head.employee)
    assert team.department == department
    in_department = set(Employee.objects.filter(team__department=department)) | {head.employee}
    assert set(employees_visible_to(head)) == in_department
    assert Employee.objects.exclude(pk__in=[e.pk for e in in_department]).exists()

    everyone = Employee.objects.count()
    for username in ("hr", "management", "admin"):
        assert employees_visible_to(_user(username)).count() == everyone
    assert employees_with_performance_visible_to(_user("management")).count() == everyone
    assert can_see_pay(_user("hr"), agent_emp)
    assert not can_see_pay(lead, agent_emp)


def test_small_load_is_fast_and_complete(db):
    org = generate(seed=1, agents=40, months=6, today=TODAY)
    summary = demo_load(org=org, actor=SYSTEM)
    assert summary.employees == Employee.objects.count() == 40 + 14 + 3 + 3
    assert len(set(MonthlyMetric.objects.values_list("month", flat=True))) == 6


def test_the_demos_reasons_and_courses_read_in_english_too(loaded):
    from django.utils import translation

    from serviceladder.learning.models import Completion
    from serviceladder.org.models import ExamResult

    raise_ = LevelAssignment.objects.filter(reason="年度晋升").first()
    pay = PayRecord.objects.filter(reason="入职定薪").first()
    course = Completion.objects.filter(name="投诉处理技巧").first()
    exam = ExamResult.objects.filter(name__endswith="季度业务知识与技能考核").first()
    assert raise_ and pay and course and exam
    with translation.override("en"):
        assert (raise_.shown_reason, pay.shown_reason) == ("Annual promotion", "Starting pay")
        assert course.display_name == "Complaint handling skills"
        assert exam.display_name.endswith("product knowledge and skills exam")
    with translation.override("zh-hans"):
        assert (raise_.shown_reason, pay.shown_reason, course.display_name) == (
            "年度晋升",
            "入职定薪",
            "投诉处理技巧",
        )
    # every level and pay reason the demo writes has its English form
    assert not LevelAssignment.objects.exclude(reason="").filter(reason_message={}).exists()
    assert not PayRecord.objects.exclude(reason="").filter(reason_message={}).exists()


def test_the_demo_has_promotion_trainings_completed_and_open(loaded):
    from serviceladder.learning.models import Enrolment

    org, _summary = loaded
    trainings = Enrolment.objects.filter(source="promotion").select_related("course", "completion")
    states = {e.state for e in trainings}
    assert {"completed", "assigned"} <= states
    for e in trainings.filter(state="completed"):
        # the completion the demo's records hold, now linked to the course it is of
        assert e.completion.course == e.course and e.completion.completed_on >= e.assigned_on
    overdue = [e for e in trainings if e.is_open and e.due_on < org.today]
    assert overdue  # some are late, for the reminders and the lead's view
