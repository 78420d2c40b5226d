"""The catalogue pages over HTTP (issue 17 item 1): who sees what, HR's form, trainer grants,
self-enrolment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.learning.models import Course, CourseTrainer, Enrolment


@pytest.fixture
def org(org_with_policy):
    """Every catalogue test runs with the preset policy loaded."""
    return org_with_policy


pytestmark = pytest.mark.django_db

FORM = {
    "code": "phone-101",
    "name_zh": "电话沟通",
    "name_en": "Phone communication",
    "mode": "online",
    "hours": "6",
    "validity_months": "",
    "competency:communication": "3",
    "prerequisites": ["basics"],
    "self_enrol": "1",
    "active": "1",
}


def _course(code: str = "complaints", **kw) -> Course:
    values = {"name_zh": "投诉处理", "name_en": "Complaint handling", "self_enrol": True, **kw}
    return Course.objects.create(code=code, **values)


def test_hr_creates_a_course_through_the_form(org, client_for):
    client = client_for("hr")
    response = client.post(reverse("learning_course_new"), FORM)
    assert response.status_code == 302
    course = Course.objects.get(code="phone-101")
    assert (course.mode, course.competencies, course.self_enrol) == ("online", {"communication": 3}, True)
    assert list(course.prerequisites.values_list("code", flat=True)) == ["basics"]
    page = client.get(response["Location"])
    assert "Phone communication" in page.content.decode() and "Basics" in page.content.decode()


def test_the_form_shows_every_error_beside_its_field_and_writes_nothing(org, client_for):
    client = client_for("hr")
    bad = {
        **FORM,
        "code": "bad code",
        "hours": "many",
        "competency:communication": "9",
        "prerequisites": ["zzz"],
    }
    response = client.post(reverse("learning_course_new"), bad)
    assert response.status_code == 400
    html = response.content.decode()
    for text in (
        "A code is letters",
        "Hours are a number",
        "proficiency for communication",
        "No course has the code zzz",
    ):
        assert text in html
    # what was typed stays in the form
    assert 'value="bad code"' in html and 'value="many"' in html
    assert not Course.objects.filter(name_en="Phone communication").exists()
    assert not AuditEvent.objects.filter(action="learning.course_create").exists()


def test_the_form_is_in_chinese_for_a_chinese_reader(org, client_for):
    client = client_for("hr", "zh-hans")
    response = client.post(reverse("learning_course_new"), {**FORM, "hours": "many"})
    assert "学时为 0 到 2000 之间的数字" in response.content.decode()


def test_hr_edits_a_policy_course_whose_names_stay_read_only(org, client_for):
    client = client_for("hr")
    page = client.get(reverse("learning_course_edit", kwargs={"code": "basics"}))
    html = page.content.decode()
    assert 'name="name_en" maxlength="200" required value="Basics" readonly' in html
    response = client.post(
        reverse("learning_course_edit", kwargs={"code": "basics"}),
        {"name_zh": "基础培训", "name_en": "Basics", "mode": "mentor", "hours": "4", "active": "1"},
    )
    assert response.status_code == 302
    course = Course.objects.get(code="basics")
    assert (course.mode, str(course.hours)) == ("mentor", "4.0")


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin", "none"])
def test_nobody_but_hr_posts_the_forms(org, client_for, role):
    client = client_for(role)
    assert client.post(reverse("learning_course_new"), FORM).status_code == 403
    basics = reverse("learning_course_trainers", kwargs={"code": "basics"})
    assert client.post(basics, {"user": "lina", "op": "grant"}).status_code in (403, 404)
    edit = reverse("learning_course_edit", kwargs={"code": "basics"})
    assert client.post(edit, {**FORM, "mode": "mentor"}).status_code in (403, 404)
    assert not Course.objects.filter(code="phone-101").exists()
    assert Course.objects.get(code="basics").mode == "classroom"
    assert not CourseTrainer.objects.exists()


def test_an_inactive_course_is_hidden_from_staff_but_not_from_hr(org, client_for):
    _course(code="retired", active=False, name_en="Retired course")
    _course(code="live", name_en="Live course")
    agent = client_for("agent")
    html = agent.get(reverse("learning_courses")).content.decode()
    assert "Live course" in html and "Retired course" not in html
    assert agent.get(reverse("learning_course", kwargs={"code": "retired"})).status_code == 404
    hr = client_for("hr")
    assert "Retired course" in hr.get(reverse("learning_courses") + "?status=inactive").content.decode()
    assert "Retired course" not in hr.get(reverse("learning_courses")).content.decode()


def test_filters_by_mode_competency_text_and_self_enrolment(org, client_for):
    _course(code="online-1", name_en="Online one", mode="online", competencies={"coaching": 2})
    _course(code="room-1", name_en="Room one", mode="classroom", self_enrol=False)
    client = client_for("agent")
    url = reverse("learning_courses")

    def names(query):
        html = client.get(url + query).content.decode()
        return {n for n in ("Online one", "Room one", "Basics") if n in html}

    assert names("") == {"Online one", "Room one", "Basics"}
    assert names("?mode=online") == {"Online one"}
    assert names("?competency=coaching") == {"Online one"}
    assert names("?q=room") == {"Room one"}
    assert names("?self_enrol=1") == {"Online one"}


def test_an_agent_enrols_from_the_landing_and_sees_it_marked(org, client_for):
    _course(code="stress", name_en="Stress relief")
    client = client_for("agent")
    landing = client.get(reverse("learning")).content.decode()
    assert (
        "Stress relief" in landing and reverse("learning_course_enrol", kwargs={"code": "stress"}) in landing
    )
    response = client.post(reverse("learning_course_enrol", kwargs={"code": "stress"}), follow=True)
    assert "You are enrolled in Stress relief" in response.content.decode()
    enrolment = Enrolment.objects.get(course__code="stress")
    assert (enrolment.employee.number, enrolment.source) == ("E2003", "self")
    assert "Enrolled" in client.get(reverse("learning")).content.decode()


def test_a_course_without_self_enrolment_has_no_button_and_refuses_a_direct_post(org, client_for):
    _course(code="closed", name_en="Closed course", self_enrol=False)
    client = client_for("agent")
    url = reverse("learning_course_enrol", kwargs={"code": "closed"})
    assert url not in client.get(reverse("learning_course", kwargs={"code": "closed"})).content.decode()
    response = client.post(url, follow=True)
    assert "does not take self-enrolment" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_hr_grants_and_revokes_a_trainer_on_the_page(org, client_for):
    client = client_for("hr")
    url = reverse("learning_course_trainers", kwargs={"code": "basics"})
    assert client.post(url, {"user": "E2002", "op": "grant"}).status_code == 302
    assert CourseTrainer.objects.filter(course__code="basics", user=org.users["team_lead"]).exists()
    assert "wangfang" in client.get(url).content.decode()
    response = client.post(url, {"user": "nobody", "op": "grant"})
    assert response.status_code == 400 and "No user has the login name" in response.content.decode()
    assert client.post(url, {"user": "wangfang", "op": "revoke"}).status_code == 302
    assert not CourseTrainer.objects.exists()
    assert (
        AuditEvent.objects.filter(action__in=["learning.trainer_grant", "learning.trainer_revoke"]).count()
        == 2
    )


def test_the_catalogue_page_queries_do_not_grow_with_the_courses(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("hr")
    basics = Course.objects.get(code="basics")

    def add(start, n):
        for i in range(start, start + n):
            course = _course(code=f"c{i}", name_en=f"Course {i}", competencies={"communication": 2})
            course.prerequisites.add(basics)
            CourseTrainer.objects.create(course=course, user=org.users["team_lead"])

    def count():
        client.get(reverse("learning_courses"))  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("learning_courses")).status_code == 200
        return len(ctx.captured_queries)

    add(0, 2)
    few = count()
    add(2, 10)
    assert count() == few
