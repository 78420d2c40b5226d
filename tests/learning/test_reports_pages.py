"""The learning reports page, its landing block and the person's figures (issue 17 item 6): what each reader
sees, both languages, and a fixed number of queries whatever the head-count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from serviceladder.learning.models import Completion, Course, Enrolment
from serviceladder.org.models import Employee, ExamResult
from tests.learning.reports_data import AS_OF, add_learning
from tests.queries import queries_for
from tests.web.org import build_org

pytestmark = pytest.mark.django_db
URL = reverse("learning_reports") + "?as_of=2026-06-15&months=12"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def org():
    return build_org(months=1)


@pytest.fixture
def client_for(client, org):
    def login(role_key: str, language: str = "en"):
        client.force_login(org.users[role_key])
        client.cookies["serviceladder_language"] = language
        return client

    return login


@pytest.fixture
def data(org):
    return add_learning(org)


def _row(html: str, table: str, key: str) -> str:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    match = re.search(rf'<tr data-(?:key|number)="{re.escape(key)}">(.*?)</tr>', body, re.S)
    assert match, f"no row {key} in {table}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_lead_sees_their_team_and_its_overdue(client_for, data):
    html = client_for("team_lead").get(URL).content.decode()
    assert _row(html, "lr-teams", "a1") == "Hotline 1 2 3 1 33 % 1"
    assert 'data-key="b1"' not in html
    assert 'id="lr-departments"' not in html  # one department: the team table says it all
    overdue = html.split('id="lr-overdue"', 1)[1].split("</table>", 1)[0]
    assert "李娜" in overdue and "2026-06-01" in overdue
    assert re.findall(r'data-number="(E\d+)"', html) == ["E2004", "E2003"]


def test_hr_sees_departments_courses_tenure_and_new_hires(client_for, data):
    html = client_for("hr").get(URL).content.decode()
    assert _row(html, "lr-departments", "dept-a") == "Customer Service 1 3 4 2 50 % 1"
    assert _row(html, "lr-courses", "c2") == "Course c2 2 2 0 0 % 2"
    assert _row(html, "lr-tenure", "0-3") == "0–3 months 2 3 2 67 % 1"
    assert _row(html, "lr-hires-summary", "left_early") == "Left within six months 1 33 % 33 % 33 %"
    leaver = _row(html, "lr-hires", "E2011")
    assert "2026-01-01" in leaver and "within six months" in leaver and "33 % done when leaving" in leaver


def test_management_reads_figures_but_no_person(client_for, data):
    html = client_for("management").get(URL).content.decode()
    assert _row(html, "lr-hires-summary", "stayed") == "Stayed 3 33 % 33 % 84 %"
    assert 'id="lr-hires"' not in html and 'id="lr-overdue"' not in html
    assert "李娜" not in html


def test_page_in_chinese(client_for, data):
    html = client_for("hr", "zh-hans").get(URL).content.decode()
    assert _row(html, "lr-teams", "a1").startswith("热线一组")


def test_landing_block_for_readers_of_reports(client_for, data):
    lead = client_for("team_lead").get(reverse("learning")).content.decode()
    assert 'id="learning-reports-link"' in lead
    agent = client_for("agent").get(reverse("learning")).content.decode()
    assert 'id="learning-reports"' not in agent


def test_person_page_shows_figures_and_exam_results(client_for, org, data):
    ExamResult.objects.create(
        employee=org.employees["E2003"],
        date=dt.date(2026, 5, 3),
        name="晋升考试",
        name_alt="Promotion exam",
        score=72,
        exam_code="promo",
    )
    html = client_for("agent").get(reverse("person_learning", kwargs={"number": "E2003"})).content.decode()
    results = html.split('id="learning-exam-results"', 1)[1].split("</table>", 1)[0]
    # newest first, each in the reader's language where the result has a name in it
    assert results.index("Promotion exam") < results.index("业务知识考核") and "晋升考试" not in results
    assert "72 / 100" in results and "promo" in results
    assert "1 open enrolment" in html


def _grow(count: int) -> None:
    """More people in team a1, each enrolled in two courses (one completed, one overdue) and with a
    completion of the new-hire curriculum."""
    a1 = Employee.objects.get(number="E2003").team
    c1, c2 = Course.objects.get(code="c1"), Course.objects.get(code="c2")
    for i in range(count):
        p = Employee.objects.create(
            number=f"N{i:03d}", name=f"新人{i}", team=a1, hire_date=dt.date(2026, 3, 1)
        )
        Enrolment.objects.create(
            employee=p, course=c1, state="completed", source="hr", assigned_on=dt.date(2026, 3, 1)
        )
        Enrolment.objects.create(
            employee=p, course=c2, source="hr", assigned_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 4, 1)
        )
        Completion.objects.create(employee=p, course=c1, name="c1", completed_on=dt.date(2026, 3, 20))


@pytest.mark.parametrize("role", ["team_lead", "department_head", "hr", "management"])
def test_report_queries_do_not_grow_with_people(client_for, data, role):
    client = client_for(role)
    pages = [URL, reverse("learning")]
    before = [queries_for(client, url) for url in pages]
    _grow(8)
    html = client.get(URL).content.decode()
    assert AS_OF.isoformat() in html
    assert [queries_for(client, url) for url in pages] == before


def test_person_page_queries_do_not_grow_with_history(client_for, org, data):
    client = client_for("hr")
    url = reverse("person_learning", kwargs={"number": "E2003"})
    before = queries_for(client, url)
    for i in range(5):
        ExamResult.objects.create(
            employee=org.employees["E2003"], date=dt.date(2026, 1, i + 1), name=f"x{i}", score=1
        )
        Completion.objects.create(
            employee=org.employees["E2003"],
            course=data["c3"],
            name="c3",
            completed_on=dt.date(2025, 1, i + 1),
        )
    assert queries_for(client, url) == before


def test_download_the_report(client_for, data):
    import io

    import openpyxl

    client = client_for("team_lead")
    html = client.get(URL).content.decode()
    assert 'id="lr-export-xlsx"' in html
    response = client.get(reverse("learning_reports_export", kwargs={"fmt": "xlsx"}) + "?as_of=2026-06-15")
    assert response["Content-Disposition"] == 'attachment; filename="learning-report-2026-06-15.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [row[0].value for row in book["team"].iter_rows(min_row=2)] == ["a1"]
    csv_text = client.get(
        reverse("learning_reports_export", kwargs={"fmt": "csv"}) + "?as_of=2026-06-15&by=course"
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1:] == ["c1,Course c1,2,2,1,0,50", "c2,Course c2,1,1,0,1,0"]
    assert (
        client_for("agent").get(reverse("learning_reports_export", kwargs={"fmt": "csv"})).status_code == 403
    )
