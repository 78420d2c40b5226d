"""`serviceladder learning export` (issue 17, "Also"): enrolments, completions and the report, scoped to the
--as user, in CSV, XLSX and JSON; bad input exits 2 with one line and writes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from serviceladder.cli.main import main
from serviceladder.learning.export import BAD_AS_OF, BY_ONLY_FOR_REPORT, REPORT_NOT_ALLOWED
from tests.learning.reports_data import add_learning
from tests.web.org import build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = build_org(months=1)
    add_learning(org)
    return org


def run(tmp_path: Path, *args: str, name: str = "out.csv") -> tuple[int, Path]:
    out = tmp_path / name
    return main(["learning", "export", "--as-of", "2026-06-15", "--output", str(out), *args]), out


def csv_records(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_enrolments_csv_for_a_lead_is_their_team(org, tmp_path):
    code, out = run(tmp_path, "--as", "wangfang")
    assert code == 0
    rows = csv_records(out)
    assert [(r["employee_number"], r["course_code"], r["state"], r["overdue"]) for r in rows] == [
        ("E2003", "c1", "completed", "no"),
        ("E2003", "c2", "assigned", "yes"),
        ("E2004", "c1", "assigned", "no"),
        ("E2004", "c2", "cancelled", "no"),
    ]
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese names


def test_completions_json_for_an_agent_is_their_own(org, tmp_path):
    code, out = run(tmp_path, "--as", "lina", "--what", "completions", "--format", "json", name="c.json")
    assert code == 0
    data = json.loads(out.read_text())
    assert data["as_of"] == "2026-06-15"
    assert [(c["employee_number"], c["course_code"], c["valid"]) for c in data["completions"]] == [
        ("E2003", "c1", True)
    ]


def test_management_exports_no_person(org, tmp_path):
    code, out = run(tmp_path, "--as", "sunqiang", "--format", "json", name="e.json")
    assert code == 0
    assert json.loads(out.read_text())["enrolments"] == []


def test_report_json_for_hr(org, tmp_path):
    code, out = run(tmp_path, "--as", "zhaomin", "--what", "report", "--format", "json", name="r.json")
    assert code == 0
    data = json.loads(out.read_text())
    assert data["totals"] == {
        "enrolled": 7,
        "completed": 3,
        "overdue": 2,
        "completion_rate": 43,
        "people_overdue": 2,
    }
    assert {r["key"]: r["completion_rate"] for r in data["course"]} == {"c1": 60, "c2": 0}
    assert [r["group"] for r in data["new_hires"]["summary"]] == ["stayed", "left_early"]
    assert [p["employee_number"] for p in data["new_hires"]["people"]] == ["E2011", "E2004", "E2005", "E2003"]


def test_report_csv_one_table_and_xlsx_all(org, tmp_path):
    code, out = run(tmp_path, "--as", "zhoujg", "--what", "report", "--by", "tenure")
    assert code == 0
    rows = csv_records(out)
    assert [(r["key"], r["people"], r["enrolled"]) for r in rows] == [
        ("0-3", "2", "3"),
        ("3-6", "0", "0"),
        ("6-12", "1", "1"),
        ("12-24", "0", "0"),
        ("24+", "1", "0"),  # E2002 (the head, E2001, is in no team of the department)
    ]
    code, out = run(tmp_path, "--as", "zhoujg", "--what", "report", "--format", "xlsx", name="r.xlsx")
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["course", "team", "department", "tenure", "new-hires", "new-hires-summary"]
    assert [c.value for c in book["team"][1]] == [
        "key",
        "name",
        "people",
        "enrolled",
        "completed",
        "overdue",
        "completion_rate",
    ]
    assert [row[0].value for row in book["team"].iter_rows(min_row=2)] == ["a1", "a2"]


def _one_line(capsys, message) -> None:
    captured = capsys.readouterr()
    assert captured.err == f"serviceladder: {message}\n"
    assert captured.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "lina", "--what", "report"], REPORT_NOT_ALLOWED % {"user": "lina"}),
        (["--as", "zhaomin", "--by", "course"], BY_ONLY_FOR_REPORT),
    ],
)
def test_refused_exports_exit_2_and_write_nothing(org, tmp_path, capsys, args, message):
    code, out = run(tmp_path, *args)
    assert code == 2
    assert not out.exists()
    _one_line(capsys, message)


def test_a_bad_day_exits_2(org, tmp_path, capsys):
    out = tmp_path / "x.csv"
    code = main(["learning", "export", "--as", "zhaomin", "--as-of", "2026-02-30", "--output", str(out)])
    assert code == 2
    assert not out.exists()
    _one_line(capsys, BAD_AS_OF % {"found": "2026-02-30"})
