"""`serviceladder export queues` and the Queues page download: the page's figures and scope."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from serviceladder.cli.main import main
from serviceladder.metrics.models import QueueMonthlyFigure
from serviceladder.metrics.selectors import QUEUE_EXPORT_COLUMNS
from tests.exports.test_formula_injection import EVIL, assert_xlsx_safe
from tests.web.org import ROLE_KEYS, USERS
from tests.web.pages import _queue_figures
from tests.web.test_queues_page import SEES

pytestmark = pytest.mark.django_db


def export(role: str, tmp_path: Path, fmt: str = "json", *extra: str) -> tuple[int, Path]:
    out = tmp_path / f"queues.{fmt}"
    code = main(["export", "queues", "--format", fmt, "--output", str(out), "--as", USERS[role][0], *extra])
    return code, out


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_each_role_exports_exactly_the_queues_of_its_page(org, role, tmp_path, capsys):
    _queue_figures(org, role)
    code, out = export(role, tmp_path)
    if SEES[role] is None:
        assert code == 2 and not out.exists()
        assert capsys.readouterr().err.startswith("serviceladder: ")
        return
    assert code == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert {r["queue"] for r in records} == SEES[role]
    assert [(r["month"], r["queue"]) for r in records] == sorted((r["month"], r["queue"]) for r in records)
    assert len(records) == 2 * len(SEES[role])


def test_the_figures_are_the_stored_ones_and_month_filters(org, tmp_path):
    _queue_figures(org, "hr")
    QueueMonthlyFigure.objects.filter(queue="NO_QUEUE", month="2026-02").update(
        service_level=None, offered=12
    )
    code, out = export("hr", tmp_path, "json", "--month", "2026-02")
    assert code == 0
    records = {r["queue"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert set(records) == {"热线", "投诉", "NO_QUEUE"}
    assert records["热线"] == {
        "queue": "热线",
        "month": "2026-02",
        "department": org.departments["a"].code,
        "department_name": org.departments["a"].name,
        "offered": 10,
        "answered": 8,
        "abandoned": 2,
        "unassigned": 1,
        "abandon_rate": 0.2,
        "service_level": 0.7,
    }
    assert records["NO_QUEUE"]["department"] is None and records["NO_QUEUE"]["service_level"] is None
    assert records["NO_QUEUE"]["offered"] == 12


def test_a_bad_month_is_refused(org, tmp_path, capsys):
    code, out = export("hr", tmp_path, "csv", "--month", "2026-13")
    assert code == 2 and not out.exists()
    assert "2026-13 is not a month" in capsys.readouterr().err


def test_queue_names_that_look_like_formulas_are_neutralised(org, tmp_path):
    _queue_figures(org, "hr")
    for i, name in enumerate(EVIL):
        QueueMonthlyFigure.objects.create(
            queue=name,
            month="2026-03",
            offered=5 + i,
            answered=5,
            abandoned=0,
            unassigned=0,
            abandon_rate=0.0,
        )
    code, out = export("hr", tmp_path, "csv")
    assert code == 0
    data = out.read_bytes()
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == QUEUE_EXPORT_COLUMNS
    queues = {r[0] for r in rows[1:]}
    assert {"'" + n for n in EVIL} <= queues and not any(q in queues for q in EVIL)
    offered = {r[0]: r[4] for r in rows[1:]}
    assert offered["'" + EVIL[0]] == "5"  # numbers stay numbers

    code, out = export("hr", tmp_path, "xlsx")
    assert code == 0
    assert_xlsx_safe(out.read_bytes())
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "queues"
    assert 10 in {c.value for row in sheet.iter_rows(min_row=2) for c in row}


@pytest.mark.parametrize("role", ["hr", "department_head"])
def test_the_queues_page_downloads_its_own_figures(client_for, org, role):
    from django.urls import reverse

    _queue_figures(org, role)
    client = client_for(role)
    page = client.get(reverse("queues"), {"month": "2026-01"}).content.decode()
    link = f"{reverse('queues_export', args=['csv'])}?month=2026-01"
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == QUEUE_EXPORT_COLUMNS
    assert {(r[0], r[1]) for r in rows[1:]} == {(q, "2026-01") for q in SEES[role]}
    response = client.get(reverse("queues_export", args=["xlsx"]), {"month": "all"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert len(list(sheet.iter_rows(min_row=2))) == 2 * len(SEES[role])
