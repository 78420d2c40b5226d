"""metrics_sheet_import: units, sample sizes, re-import audit, coexistence with interaction figures."""

import datetime as dt
import io

import openpyxl
import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError
from serviceladder.metrics import sheet as s
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import metrics_sheet_import
from serviceladder.org.imports.records import UNKNOWN_EMPLOYEE
from serviceladder.org.imports.report import ImportRejected
from tests.factories import user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db

ZH = [
    "工号",
    "姓名",
    "月份",
    "客户满意度",
    "首次解决率",
    "平均处理时长",
    "平均响应时间",
    "投诉率",
    "出勤率",
    "质检得分",
]


def _import(actor, rows, file_name="kpi.csv", **kw):
    return metrics_sheet_import(actor=actor, data=csv_bytes(rows), file_name=file_name, **kw)


def _metric(number, month="2025-05"):
    return MonthlyMetric.objects.get(employee__number=number, month=month)


def test_first_import_units_and_sample_sizes(people, hr_actor):
    report = _import(
        hr_actor,
        [
            ZH,
            ["1001", "张伟", "2025-05", "4.6", "92%", "0:04:10", "1.5", "0.4%", "0.98", "91"],
            ["1002", "李娜", "2025年5月", "4.2", "0.85", "250", "2", "0.2%", "1", "85.5"],
        ],
    )
    assert (report.rows, report.created, report.changed_values) == (2, 2, 0)
    assert report.months_touched == ["2025-05"]
    m = _metric("1001")
    assert m.fcr_rate == pytest.approx(0.92)
    assert m.aht_seconds == 250.0
    assert m.first_response_seconds_mean == 90.0  # minutes under 平均响应时间
    assert m.complaint_rate == pytest.approx(0.004)
    assert m.attendance_rate == pytest.approx(0.98)
    assert m.csat_mean == 4.6 and m.qa_score == 91
    # no 接待量 / 评价数 columns: sample size not provided
    assert m.contacts is None and m.csat_rated is None
    assert m.source == MonthlyMetric.Source.SHEET
    # one audit event for the import, none per value on a first import
    events = list(AuditEvent.objects.values_list("action", flat=True))
    assert events.count("metrics.sheet_import") == 1
    assert "metrics.sheet_value_change" not in events
    summary = AuditEvent.objects.get(action="metrics.sheet_import")
    assert summary.actor_label == "hr" and summary.after["file"] == "kpi.csv"
    assert len(summary.after["sha256"]) == 64 and summary.after["rows"] == 2
    # ranked in the same import (cn-standard weights; peer group CS2@cs)
    assert m.performance_score is not None and m.peer_size == 2 and m.peer_group == "CS2@cs"


def test_percent_point_columns_and_xlsx_cells(people, hr_actor):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "Employee Number",
            "Month",
            "FCR",
            "complaint rate (%)",
            "AHT",
            "average response time (s)",
            "contacts",
            "rated contacts",
            "CSAT",
        ]
    )
    ws.append(["1001", dt.datetime(2025, 5, 1), 92, 0.5, dt.time(0, 4, 23), 45, 300, 120, 9])
    ws.append(["1002", "2025-05", 85, 1, 263, 30, 280, 100, 10])
    buffer = io.BytesIO()
    wb.save(buffer)
    metrics_sheet_import(actor=hr_actor, data=buffer.getvalue(), file_name="kpi.xlsx", csat_scale=10)
    m = _metric("1001")
    assert m.fcr_rate == pytest.approx(0.92)  # a bare number above 1 in the column: percent points
    assert m.complaint_rate == pytest.approx(0.005)  # header (%) declares points
    assert m.aht_seconds == 263.0
    assert m.first_response_seconds_mean == 45.0
    assert (m.contacts, m.csat_rated) == (300, 120)
    assert m.csat_mean == pytest.approx(1 + 9 * 4 / 10)  # 0-10 mapped onto 1-5
    assert _metric("1002").csat_mean == 5.0


def test_csat_scale_100_accepts_percent_sign(people, hr_actor):
    _import(hr_actor, [["工号", "月份", "客户满意度"], ["1001", "2025-05", "75%"]], csat_scale=100)
    assert _metric("1001").csat_mean == pytest.approx(4.0)


def test_reimport_audits_each_changed_value_and_keeps_absent_columns(people, hr_actor):
    _import(
        hr_actor,
        [
            ["工号", "月份", "首次解决率", "质检得分"],
            ["1001", "2025-05", "0.9", "90"],
            ["1002", "2025-05", "0.8", "80"],
        ],
    )
    before = AuditEvent.objects.count()
    report = _import(
        hr_actor, [["工号", "月份", "首次解决率"], ["1001", "2025-05", "0.95"], ["1002", "2025-05", "0.8"]]
    )
    # 1001: fcr changed; 1002: nothing; QA (no column in this sheet) stays for both
    assert (report.updated, report.unchanged, report.changed_values) == (1, 1, 1)
    fcr = AuditEvent.objects.get(action="metrics.sheet_value_change")
    assert fcr.before["value"] == 0.9 and fcr.after["value"] == 0.95 and fcr.after["month"] == "2025-05"
    assert fcr.employee.number == "1001" and fcr.after["field"] == "fcr_rate"
    assert AuditEvent.objects.count() == before + 2  # 1 value + 1 import
    assert (_metric("1001").qa_score, _metric("1002").qa_score) == (90, 80)
    # an empty cell in a present column clears that figure (and is audited)
    _import(hr_actor, [["工号", "月份", "质检得分"], ["1001", "2025-05", ""]], file_name="fix.csv")
    assert _metric("1001").qa_score is None and _metric("1001").fcr_rate == pytest.approx(0.95)
    # the same file again: nothing changes, only the import is recorded
    report = _import(hr_actor, [["工号", "月份", "质检得分"], ["1001", "2025-05", ""]], file_name="fix.csv")
    assert (report.unchanged, report.changed_values) == (1, 0)


def test_a_one_column_sheet_changes_only_that_column(people, hr_actor):
    """A complaint-only sheet over interaction figures: CSAT, FCR, AHT and the sample sizes stay, each
    with its own source in the export."""
    from serviceladder.metrics.selectors import EXPORT_COLUMNS, export_rows

    MonthlyMetric.objects.create(
        employee=people["1001"],
        month="2025-05",
        source=MonthlyMetric.Source.INTERACTIONS,
        params={"fcr_window_days": 7, "on_time_sla_seconds": 60, "definitions_version": 2},
        contacts=400,
        aht_seconds=300.0,
        fcr_rate=0.7,
        csat_mean=4.1,
        csat_rated=50,
        complaint_rate=0.02,
    )
    _import(hr_actor, [["工号", "月份", "投诉率(%)"], ["1001", "2025-05", "1"]], file_name="complaints.csv")
    m = _metric("1001")
    assert (m.contacts, m.aht_seconds, m.fcr_rate, m.csat_mean, m.csat_rated) == (400, 300.0, 0.7, 4.1, 50)
    assert m.complaint_rate == pytest.approx(0.01)
    [row] = [dict(zip(EXPORT_COLUMNS, r, strict=True)) for r in export_rows(hr_actor.user)]
    sources = dict(part.split(": ", 1) for part in row["value_sources"].split("; "))
    assert sources["complaint_rate"] == "sheet complaints.csv"
    assert sources["fcr_rate"].startswith("interactions (FCR window 7 d")
    assert "contacts" in sources and "qa_score" not in sources


def test_sheet_keeps_interaction_figures_it_does_not_mention(people, hr_actor):
    MonthlyMetric.objects.create(
        employee=people["1001"],
        month="2025-05",
        source=MonthlyMetric.Source.INTERACTIONS,
        contacts=400,
        aht_seconds=300.0,
        fcr_rate=0.7,
        csat_mean=4.1,
        csat_rated=50,
    )
    _import(hr_actor, [["工号", "月份", "质检得分", "出勤率"], ["1001", "2025-05", "93", "0.99"]])
    m = _metric("1001")
    assert (m.contacts, m.aht_seconds, m.fcr_rate, m.csat_mean, m.csat_rated) == (400, 300.0, 0.7, 4.1, 50)
    assert m.qa_score == 93 and m.attendance_rate == pytest.approx(0.99)
    # giving FCR overrides the computed figure, audited; the other figures and the sample size stay
    _import(hr_actor, [["工号", "月份", "首次解决率"], ["1001", "2025-05", "0.8"]])
    m = _metric("1001")
    assert m.fcr_rate == pytest.approx(0.8) and m.contacts == 400 and m.aht_seconds == 300.0
    fields = set(
        AuditEvent.objects.filter(action="metrics.sheet_value_change").values_list("after__field", flat=True)
    )
    assert fields == {"qa_score", "attendance_rate", "fcr_rate"}  # the first sheet's two, then FCR alone


def _rejected(actor, rows, **kw):
    before = (MonthlyMetric.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportRejected) as exc:
        _import(actor, rows, **kw)
    assert (MonthlyMetric.objects.count(), AuditEvent.objects.count()) == before
    return {(e.row, e.column, e.value): e.message for e in exc.value.errors}


def test_every_bad_row_is_reported_and_nothing_written(people, hr_actor):
    errors = _rejected(
        hr_actor,
        [
            ["工号", "月份", "客户满意度", "首次解决率", "平均处理时长"],
            ["1001", "2025-05", "11", "101%", "4 min"],
            ["9999", "2025-05", "4", "0.5", "100"],
            ["1001", "2024-02", "4", "0.5", "100"],
            ["1003", "2025-07", "4", "0.5", "100"],
            ["1002", "2025-05", "4", "0.5", "100"],
            ["1002", "2025/5", "4", "0.5", "100"],
            ["1002", "May", "4", "0.5", "100"],
        ],
        csat_scale=10,
    )
    assert errors == {
        (2, "客户满意度", "11"): s.BAD_CSAT,
        (2, "首次解决率", "101%"): s.RATE_TOO_HIGH,
        (2, "平均处理时长", "4 min"): s.BAD_DURATION,
        (3, "工号", "9999"): UNKNOWN_EMPLOYEE,
        (4, "月份", "2024-02"): s.BEFORE_HIRE,
        (5, "月份", "2025-07"): s.AFTER_LEAVE,
        (7, "月份", "2025-05"): s.DUPLICATE_MONTH,
        (8, "月份", "May"): s.BAD_MONTH,
    }


def test_a_month_that_has_not_begun_or_decades_away_is_rejected(people, hr_actor):
    """The same rule as the interaction records (metrics/months.py)."""
    from django.utils import timezone

    today = timezone.localdate()
    ahead = f"{today.year + today.month // 12:04d}-{today.month % 12 + 1:02d}"
    errors = _rejected(
        hr_actor,
        [
            ["工号", "月份", "质检得分"],
            ["1001", ahead, "90"],
            ["1002", f"{today.year + 5}-01", "90"],
            ["1001", "1970-01", "90"],
            ["1002", "2024-03", "90"],  # the hire month itself counts
        ],
    )
    assert errors == {
        (2, "月份", ahead): s.FUTURE_MONTH,
        (3, "月份", f"{today.year + 5}-01"): s.FUTURE_MONTH,
        (4, "月份", "1970-01"): s.BEFORE_HIRE,
    }


def test_percent_points_above_100_is_an_error(people, hr_actor):
    errors = _rejected(
        hr_actor, [["工号", "月份", "出勤率"], ["1001", "2025-05", "98"], ["1002", "2025-05", "120"]]
    )
    assert errors == {(3, "出勤率", "120"): s.RATE_TOO_HIGH}


def test_kpi_completion_may_beat_its_target(people, hr_actor):
    _import(
        hr_actor, [["工号", "月份", "业绩完成率"], ["1001", "2025-05", "1.2"], ["1002", "2025-05", "0.9"]]
    )
    assert _metric("1001").kpi_completion == pytest.approx(1.2)


def test_dry_run_writes_nothing(people, hr_actor):
    before = (MonthlyMetric.objects.count(), AuditEvent.objects.count())
    report = _import(hr_actor, [["工号", "月份", "质检得分"], ["1001", "2025-05", "90"]], dry_run=True)
    assert report.created == 1 and report.dry_run
    assert (MonthlyMetric.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.AGENT, False), (Role.TEAM_LEAD, False), (Role.ADMIN, True)]
)
def test_who_may_import(people, role, allowed):
    actor = Actor(user=user_with_roles(f"u-{role}", role), channel="web")
    rows = [["工号", "月份", "质检得分"], ["1001", "2025-05", "90"]]
    if allowed:
        assert _import(actor, rows).created == 1
    else:
        with pytest.raises(PermissionDeniedError):
            _import(actor, rows)
        assert not MonthlyMetric.objects.exists()


def test_duration_and_month_parsers():
    assert s.duration_seconds("1:02:03") == 3723
    assert s.duration_seconds("4:23") == 263
    assert s.duration_seconds(dt.timedelta(minutes=2)) == 120
    assert s.month_of("2025年5月") == "2025-05"
    assert s.month_of(dt.date(2025, 5, 31)) == "2025-05"
    assert s.month_of("202505") == "2025-05"


def _interactions(tmp_path, name, agent):
    header = (
        "interaction_id,agent_id,customer_id,channel,started_at,answered,talk_seconds,hold_seconds,"
        "after_call_work_seconds,first_response_seconds,resolved,csat,complaint"
    )
    line = f"{agent}-1,{agent},C1,phone,2025-05-06 10:00:00,true,300,0,60,20,true,5,false"
    path = tmp_path / name
    path.write_text(f"{header}\n{line}\n")
    return path


def test_interaction_recompute_keeps_sheet_figures(people, hr_actor, tmp_path, monkeypatch):
    from serviceladder.metrics.services import interactions_import

    monkeypatch.setenv("SERVICELADDER_HOME", str(tmp_path))
    interactions_import(actor=hr_actor, path=_interactions(tmp_path, "a.csv", "1001"))
    _import(hr_actor, [["工号", "月份", "质检得分"], ["1001", "2025-05", "88"]])
    assert _metric("1001").contacts == 1
    # 1001's interactions for May are replaced by a file without them: the computed figures go, QA stays
    interactions_import(
        actor=hr_actor, path=_interactions(tmp_path, "b.csv", "1002"), replace_month="2025-05"
    )
    m = _metric("1001")
    assert m.contacts is None and m.aht_seconds is None and m.qa_score == 88
