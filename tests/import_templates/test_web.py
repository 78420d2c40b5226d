"""Templates over HTTP: the Imports page links them in its language; each download is the import's own
permission (the route matrix in tests/web/pages.py covers every role and kind; these check the answers)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from serviceladder.accounts.roles import Role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def as_role(client):
    def login(role: str, language: str = "zh-hans"):
        client.force_login(user_with_roles(role, role))
        client.cookies["serviceladder_language"] = language
        return client

    return login


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_chinese_page_gets_a_chinese_template(as_role):
    response = as_role(Role.HR).get(reverse("import_template", args=["pay", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"pay-template-zh-hans.csv\"; filename*=UTF-8''pay-template-zh-hans.csv"
    )
    assert _csv(response)[0] == ["工号", "姓名", "月薪", "币种", "生效日期", "原因"]


def test_lang_asks_for_the_other_language(as_role):
    response = as_role(Role.HR).get(reverse("import_template", args=["trainings", "xlsx"]) + "?lang=en")
    assert response["Content-Type"] == XLSX
    assert 'filename="trainings-template-en.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[:3] == ["employee number", "employee name", "training name"]


def test_an_english_page_gets_an_english_template(as_role):
    response = as_role(Role.ADMIN, "en").get(reverse("import_template", args=["metrics", "csv"]))
    assert _csv(response)[0][:3] == ["employee number", "employee name", "month"]


def test_an_unknown_lang_falls_back_to_the_page_language(as_role):
    response = as_role(Role.HR).get(reverse("import_template", args=["exams", "csv"]) + "?lang=fr")
    assert response.status_code == 200
    assert _csv(response)[0][:3] == ["工号", "姓名", "考试日期"]


def test_admin_may_not_download_the_hr_only_kinds(as_role):
    client = as_role(Role.ADMIN)
    for kind in ("pay", "violations"):
        assert client.get(reverse("import_template", args=[kind, "csv"])).status_code == 403
    assert client.get(reverse("import_template", args=["exams", "csv"])).status_code == 200


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.MANAGEMENT])
def test_people_who_import_nothing_get_no_template(as_role, role):
    assert as_role(role).get(reverse("import_template", args=["roster", "csv"])).status_code == 403


@pytest.mark.parametrize(("kind", "fmt"), [("calendar", "csv"), ("roster", "xls"), ("roster", "csv.exe")])
def test_unknown_kind_or_format_is_not_found(as_role, kind, fmt):
    url = f"/imports/templates/{kind}.{fmt}"
    assert as_role(Role.HR).get(url).status_code == 404


def _template_links(html: str) -> list[str]:
    return re.findall(r'href="(/imports/templates/[^"]+)"', html)


def test_the_imports_page_links_each_kind_the_user_may_import_in_the_page_language(as_role):
    html = as_role(Role.HR).get(reverse("imports")).content.decode()
    links = _template_links(html)
    kinds = (
        "metrics",
        "interactions",
        "roster",
        "teams",
        "pay",
        "exams",
        "violations",
        "trainings",
        "courses",
        "enrolments",
        "recognition",
    )
    assert links == [
        f"/imports/templates/{kind}.{fmt}?lang=zh-hans" for kind in kinds for fmt in ("csv", "xlsx")
    ]
    assert "模板：" in html or "模板:" in html


def test_an_administrators_page_has_no_pay_disciplinary_or_course_catalogue_templates(as_role):
    links = _template_links(as_role(Role.ADMIN, "en").get(reverse("imports")).content.decode())
    assert "/imports/templates/roster.xlsx?lang=en" in links
    assert "/imports/templates/recognition.xlsx?lang=en" in links  # customer compliments, like other records
    assert "/imports/templates/enrolments.csv?lang=en" in links  # course enrolments
    assert len(links) == 16
    assert not [link for link in links if "/pay." in link or "/violations." in link or "/courses." in link]
