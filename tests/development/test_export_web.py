"""The landing's download of the development export: lead, head and HR, the rows of the command line."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from serviceladder.development.selectors.export import GOAL_COLUMNS, PERSON_COLUMNS
from tests.development.export_setup import csv_records, export_org, run, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return export_org()


def _rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("role", "username"), [("team_lead", "wangfang"), ("department_head", "zhoujg"), ("hr", "zhaomin")]
)
def test_the_download_has_the_rows_of_the_command_line(org, client, tmp_path, role, username):
    client.force_login(org.users[role])
    landing = client.get(reverse("development")).content.decode()
    assert reverse("development_export", args=["csv"]) in landing
    assert reverse("development_export", args=["xlsx"]) in landing
    response = client.get(reverse("development_export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="development-{today().isoformat()}.csv"'
    assert response.content.startswith("\ufeff".encode())  # Excel reads the Chinese names
    code, out = run(["--format", "csv", "--as", username], tmp_path, "cli.csv")
    assert code == 0

    def comparable(rows):  # names of levels, teams and departments follow the reader's language
        return [{k: v for k, v in r.items() if not k.endswith("_name")} for r in rows]

    assert comparable(_rows(response.content)) == comparable(csv_records(out))


def test_the_xlsx_download_has_both_sheets(org, client):
    client.force_login(org.users["team_lead"])
    response = client.get(reverse("development_export", args=["xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["people", "goals"]
    assert tuple(c.value for c in next(book["people"].iter_rows())) == PERSON_COLUMNS
    assert tuple(c.value for c in next(book["goals"].iter_rows())) == GOAL_COLUMNS
    assert book["goals"].max_row == 3  # E2003's two goals


def test_hr_filters_carry_over_to_the_download(org, client):
    client.force_login(org.users["hr"])
    landing = client.get(reverse("development"), {"department": "dept-a", "state": "draft"}).content.decode()
    assert reverse("development_export", args=["csv"]) + "?department=dept-a&amp;state=draft" in landing
    response = client.get(
        reverse("development_export", args=["csv"]), {"department": "dept-a", "state": "draft"}
    )
    assert [r["employee_number"] for r in _rows(response.content)] == ["E2004"]
    response = client.get(reverse("development_export", args=["csv"]), {"department": "dept-b"})
    assert {r["employee_number"] for r in _rows(response.content)} == {"E2006", "E2007", "E2010"}


def test_a_lead_cannot_widen_the_download_with_a_department(org, client):
    client.force_login(org.users["team_lead"])
    response = client.get(reverse("development_export", args=["csv"]), {"department": "dept-b"})
    assert {r["employee_number"] for r in _rows(response.content)} == {"E2002", "E2003", "E2004"}


def test_an_unknown_department_goes_back_to_the_landing_with_the_reason(org, client):
    client.force_login(org.users["hr"])
    response = client.get(reverse("development_export", args=["csv"]), {"department": "nope"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("development")
    assert "nope" in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "management", "admin"])
def test_others_get_no_download_and_no_link(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("development_export", args=["csv"])).status_code == 403
    landing = client.get(reverse("development"))
    assert reverse("development_export", args=["csv"]) not in landing.content.decode()
