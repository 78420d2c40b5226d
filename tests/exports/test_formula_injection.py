"""Every CSV and XLSX the product writes neutralises formula-like text (OWASP's CSV injection rule)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from serviceladder.cli.main import main
from serviceladder.core.spreadsheet_safety import FORMULA_STARTS, csv_text, safe_cell, xlsx_bytes
from serviceladder.metrics.models import MonthlyMetric
from tests.web.org import USERS

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
# The people of tests.web.org that HR sees, renamed to the attack strings.
RENAMED = ["E2002", "E2003", "E2004", "E2005", "E2006", "E2007"]
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


@pytest.fixture
def evil(org):
    for number, name in zip(RENAMED, EVIL, strict=True):
        employee = org.employees[number]
        employee.name = name
        employee.save(update_fields=["name"])
    MonthlyMetric.objects.filter(employee=org.employees["E2002"]).update(aht_seconds=-3.5)
    return org


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert NUMBER.fullmatch(cell), f"formula-like text cell {cell!r}"
    cells = {c for row in rows for c in row}
    for name in EVIL:
        assert "'" + name in cells
    return rows


def assert_xlsx_safe(data: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    strings = set()
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS), f"{cell.coordinate}: {cell.value!r}"
                strings.add(cell.value)
    for name in EVIL:
        assert "'" + name.replace("\r", "\n") in strings  # XML reads a carriage return back as a newline


def test_the_helper_escapes_text_and_keeps_numbers():
    assert [safe_cell(v) for v in EVIL] == ["'" + v for v in EVIL]
    assert [safe_cell(v) for v in (-3.5, 0, Decimal("-1.20"), None, "a=b", "")] == [
        -3.5,
        0,
        Decimal("-1.20"),
        None,
        "a=b",
        "",
    ]
    assert csv_text(["h"], [[-3.5], ["-3.5"]]).splitlines() == ["h", "-3.5", "'-3.5"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["h"], [[-3.5], ["=1+1"]]))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-3.5, "n")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("'=1+1", "s")


def test_web_eligibility_exports(client, evil):
    client.force_login(evil.users["hr"])
    response = client.get(reverse("eligibility_export", args=["csv"]))
    assert response.status_code == 200
    assert_csv_safe(response.content.decode("utf-8"))
    response = client.get(reverse("eligibility_export", args=["xlsx"]))
    assert response.status_code == 200
    assert_xlsx_safe(response.content)


def test_cli_eligibility_exports(evil, tmp_path: Path):
    hr = USERS["hr"][0]
    out = tmp_path / "e.csv"
    assert main(["eligibility", "--format", "csv", "--output", str(out), "--as", hr]) == 0
    assert_csv_safe(out.read_bytes().decode("utf-8-sig"))
    out = tmp_path / "e.xlsx"
    assert main(["eligibility", "--format", "xlsx", "--output", str(out), "--as", hr]) == 0
    assert_xlsx_safe(out.read_bytes())


def test_cli_metrics_exports(evil, tmp_path: Path):
    hr = USERS["hr"][0]
    out = tmp_path / "m.csv"
    assert main(["export", "metrics", "--format", "csv", "--output", str(out), "--as", hr]) == 0
    rows = assert_csv_safe(out.read_bytes().decode("utf-8"))
    assert "-3.5" in {c for row in rows for c in row}  # a negative number stays a number
    out = tmp_path / "m.xlsx"
    assert main(["export", "metrics", "--format", "xlsx", "--output", str(out), "--as", hr]) == 0
    assert_xlsx_safe(out.read_bytes())
    sheet = openpyxl.load_workbook(out).active
    assert -3.5 in {c.value for row in sheet.iter_rows() for c in row}
