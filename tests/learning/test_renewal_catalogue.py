"""A course's renewal window (`renewal_days`): set on HR's course form, in `import courses` and by a policy's
`trainings:` entry; empty means 30 days (shortened for a short validity); a window as long as the validity
is refused with the field's message and nothing is written."""

import datetime as dt

import pytest
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.learning.models import Course
from serviceladder.learning.services import catalogue as svc
from serviceladder.policy.services import policy_load
from tests.web.org import WEB_POLICY


@pytest.fixture
def org(org_with_policy):
    return org_with_policy


pytestmark = pytest.mark.django_db


def _data(**kw) -> svc.CourseData:
    return svc.CourseData(**{"code": "cert-1", "name_zh": "认证", "name_en": "Certificate", **kw})


@pytest.mark.parametrize(
    ("validity", "renewal", "saved"),
    [
        ("12", "", 30),  # the default
        ("12", "0", 0),  # no automatic renewal
        ("12", "60", 60),
        ("24", "365", 365),
        ("12", "364", 364),  # twelve months last at least 365 days
        ("1", "", 27),  # the default shortened: a month may have 28 days
        ("1", "27", 27),
        ("", "45", 45),  # kept for when the course gets a validity
    ],
)
def test_accepted_renewal_days(org, validity, renewal, saved):
    actor = Actor(user=org.users["hr"])
    course = svc.course_create(actor=actor, data=_data(validity_months=validity, renewal_days=renewal))
    assert Course.objects.get(pk=course.pk).renewal_days == saved
    assert AuditEvent.objects.get(action="learning.course_create").after["renewal_days"] == saved


@pytest.mark.parametrize(
    ("validity", "renewal", "message"),
    [
        ("12", "366", svc.RENEWAL_INVALID),
        ("12", "-1", svc.RENEWAL_INVALID),
        ("12", "soon", svc.RENEWAL_INVALID),
        ("1", "28", svc.RENEWAL_TOO_LONG),
        ("12", "365", svc.RENEWAL_TOO_LONG),
        ("2", "60", svc.RENEWAL_TOO_LONG),
    ],
)
def test_refused_renewal_days_write_nothing(org, validity, renewal, message):
    actor = Actor(user=org.users["hr"])
    with pytest.raises(svc.CourseInvalid) as exc:
        svc.course_create(actor=actor, data=_data(validity_months=validity, renewal_days=renewal))
    (shown,) = exc.value.errors["renewal_days"]
    assert shown.startswith(str(message)[:30])
    assert not Course.objects.filter(code="cert-1").exists()
    assert not AuditEvent.objects.filter(action="learning.course_create").exists()


def test_hr_edits_the_renewal_on_the_course_form_and_sees_it_on_the_course_page(org, client_for):
    course = svc.course_create(actor=Actor(user=org.users["hr"]), data=_data(validity_months="24"))
    client = client_for("hr")
    form = client.get(reverse("learning_course_edit", args=["cert-1"])).content.decode()
    assert 'name="renewal_days"' in form and 'value="30"' in form
    values = {"name_zh": "认证", "name_en": "Certificate", "mode": "classroom", "validity_months": "24"}
    response = client.post(
        reverse("learning_course_edit", args=["cert-1"]), {**values, "renewal_days": "900"}
    )
    assert response.status_code == 400 and "from 0 to 365" in response.content.decode()
    course.refresh_from_db()
    assert course.renewal_days == 30
    response = client.post(reverse("learning_course_edit", args=["cert-1"]), {**values, "renewal_days": "45"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.renewal_days == 45
    page = client_for("hr", "zh-hans").get(reverse("learning_course", args=["cert-1"])).content.decode()
    assert "45" in page
    page = client_for("hr").get(reverse("learning_course", args=["cert-1"])).content.decode()
    assert "enrolled again 45 days before" in page


def test_import_courses_reads_the_renewal_column_and_reports_a_bad_one(org, tmp_path, capsys):
    path = tmp_path / "courses.csv"
    header = "课程代码,中文名称,英文名称,有效期(月),提前续训(天)\n"
    path.write_text(
        header + "cert-1,认证,Certificate,12,45\ncert-2,认证二,Certificate 2,1,40\n", encoding="utf-8"
    )
    assert main(["import", "courses", str(path), "--as", "zhaomin"]) == 2
    err = capsys.readouterr().err
    assert "3 " in err and "提前续训(天)" in err and "40" in err and "at most 27 days" in err
    assert not Course.objects.filter(code__startswith="cert-").exists()
    path.write_text(
        header + "cert-1,认证,Certificate,12,45\ncert-2,认证二,Certificate 2,1,\n", encoding="utf-8"
    )
    assert main(["import", "courses", str(path), "--as", "zhaomin"]) == 0
    assert dict(Course.objects.filter(code__startswith="cert-").values_list("code", "renewal_days")) == {
        "cert-1": 45,
        "cert-2": 27,
    }


def test_a_policy_training_sets_the_renewal_when_it_gives_one():
    actor = Actor(user=None, channel="cli")
    policy_load(actor=actor, text=WEB_POLICY, effective=dt.date(2024, 1, 1))
    course = Course.objects.get(code="basics")
    assert course.renewal_days == 30
    course.renewal_days = 10  # HR's value stays while the policy says nothing
    course.save(update_fields=["renewal_days"])
    policy_load(
        actor=actor,
        text=WEB_POLICY.replace(
            "{code: basics, name_zh: 基础培训, name_en: Basics}",
            "{code: basics, name_zh: 基础培训, name_en: Basics, validity_months: 24}",
        ),
        effective=dt.date(2024, 6, 1),
    )
    assert Course.objects.get(code="basics").renewal_days == 10
    policy_load(
        actor=actor,
        text=WEB_POLICY.replace(
            "{code: basics, name_zh: 基础培训, name_en: Basics}",
            "{code: basics, name_zh: 基础培训, name_en: Basics, validity_months: 24, renewal_days: 60}",
        ),
        effective=dt.date(2024, 9, 1),
    )
    assert Course.objects.get(code="basics").renewal_days == 60
