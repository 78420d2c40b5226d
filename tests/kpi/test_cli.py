"""`import metrics`, `export metrics` and `metrics rank` through the real command line entry point."""

import csv
import io
import json

import openpyxl
import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.selectors import EXPORT_COLUMNS
from tests.factories import EmployeeFactory, user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "kpi.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["工号", "月份", "客户满意度", "首次解决率", "接待量", "评价数"],
                ["1001", "2025-05", "4.5", "0.9", "300", "100"],
                ["1002", "2025-05", "4.1", "0.8", "", ""],
            ]
        )
    )
    return path


def test_import_then_export_all_formats(people, hr, sheet, tmp_path, capsysbinary):
    assert main(["import", "metrics", str(sheet), "--as", "hr"]) == 0
    capsysbinary.readouterr()
    assert main(["export", "metrics", "--format", "json", "--month", "2025-05", "--as", "hr"]) == 0
    rows = json.loads(capsysbinary.readouterr().out)
    assert [r["employee_number"] for r in rows] == ["1001", "1002"]
    assert rows[0]["contacts"] == 300 and rows[0]["csat_rated"] == 100 and rows[0]["fcr_rate"] == 0.9
    assert rows[1]["contacts"] is None  # sample size not provided
    assert rows[0]["rank"] == 1 and rows[0]["peer_size"] == 2
    assert main(["export", "metrics", "--format", "csv", "--as", "hr"]) == 0
    table = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert tuple(table[0]) == EXPORT_COLUMNS and len(table) == 3
    out = tmp_path / "m.xlsx"
    assert main(["export", "metrics", "--format", "xlsx", "--output", str(out), "--as", "hr"]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row == 3 and ws.cell(2, 1).value == "1001"


def test_export_is_scoped_to_the_actor(people, sheet, capsysbinary):
    user_with_roles("hr", Role.HR)
    lead = user_with_roles("lead", Role.TEAM_LEAD, employee=people["1000"])
    other = EmployeeFactory(number="2001")
    MonthlyMetric.objects.create(employee=other, month="2025-05", source="sheet", qa_score=80)
    assert main(["import", "metrics", str(sheet), "--as", "hr"]) == 0
    capsysbinary.readouterr()
    assert main(["export", "metrics", "--format", "json", "--as", lead.username]) == 0
    numbers = {r["employee_number"] for r in json.loads(capsysbinary.readouterr().out)}
    assert numbers == {"1001", "1002"}


def test_bad_sheet_exits_2_with_the_report(people, hr, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["工号", "月份", "首次解决率"], ["1001", "2025-05", "150%"]]))
    assert main(["import", "metrics", str(path), "--as", "hr"]) == 2
    err = capsys.readouterr().err
    assert "150%" in err and "首次解决率" in err
    assert not MonthlyMetric.objects.exists()


def test_rank_command_audits(people, hr, sheet, capsys):
    assert main(["import", "metrics", str(sheet), "--as", "hr"]) == 0
    MonthlyMetric.objects.update(performance_score=None, rank=None)
    assert main(["metrics", "rank", "--month", "2025-05", "--as", "hr"]) == 0
    assert MonthlyMetric.objects.filter(rank__isnull=False).count() == 2
    assert AuditEvent.objects.filter(action="metrics.rank").count() == 1
    assert main(["metrics", "rank", "--month", "2025-13", "--as", "hr"]) == 2
