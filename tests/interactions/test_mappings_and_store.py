import argparse
import datetime as dt

import openpyxl
import pytest

from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import MAPPINGS_DIR, MappingError
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.factories import EmployeeFactory
from tests.interactions.conftest import assert_figures_equal, figures, read_rows, store_snapshot, write_rows

pytestmark = pytest.mark.django_db

CALLCENTER = MAPPINGS_DIR / "callcenter-example.yaml"
CC_HEADER = [
    "Call ID",
    "Agent Name",
    "Caller",
    "Date",
    "Time",
    "Answered",
    "Resolved",
    "Speed of Answer",
    "Talk Duration",
    "Satisfaction Rating",
]
CC_ROWS = [
    ["C-1", "王芳", "138001", "2026/01/05", "09:00:00", "Y", "Y", "20", "0:05:00", "10"],
    ["C-2", "王芳", "138001", "2026/01/09", "10:00:00", "Y", "是", "75", "2:30", "1"],
    ["C-3", "李雷", "", "2026/01/07", "10:30:00", "N", "", "", "", ""],
    ["C-4", "李雷", "138002", "2026/01/20", "23:59:59", "Y", "N", "60", "1:00:00", "5.5"],
]


def test_callcenter_export_through_the_example_mapping(agents, hr, tmp_path):
    report = interactions_import(
        actor=hr, path=write_rows(tmp_path / "calls.csv", CC_HEADER, CC_ROWS), mapping=CALLCENTER
    )
    assert (report.imported, report.unanswered, report.no_customer_id) == (4, 1, 0)
    got = figures()
    wang = got[("E001", "2026-01")]
    assert wang["contacts"] == 2
    assert wang["aht_seconds"] == pytest.approx((300 + 150) / 2)  # h:mm:ss and m:ss, hold/ACW constant 0
    assert wang["csat_mean"] == pytest.approx((5 + 1) / 2)  # 10 -> 5, 1 -> 1 on the 1-5 scale
    assert wang["fcr_rate"] == pytest.approx(0.5)  # C-1 repeated 4 days later by the same caller
    assert wang["on_time_response_rate"] == pytest.approx(0.5)
    li = got[("E002", "2026-01")]
    assert (li["contacts"], li["unanswered"]) == (1, 1)
    assert li["csat_mean"] == pytest.approx(1 + (5.5 - 1) * 4 / 9)
    assert li["resolution_rate"] == 0.0


def test_a_shipped_mapping_can_be_named_and_a_file_here_wins(agents, hr, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    csv = write_rows(tmp_path / "calls.csv", CC_HEADER, CC_ROWS)
    assert interactions_import(actor=hr, path=csv, mapping="callcenter-example").imported == 4
    # A file of that name in the working directory is what the user means, so it is read instead.
    (tmp_path / "callcenter-example").write_text("format: something-else\n", encoding="utf-8")
    with pytest.raises(MappingError):
        interactions_import(actor=hr, path=csv, mapping="callcenter-example")
    with pytest.raises(MappingError):
        interactions_import(actor=hr, path=csv, mapping="no-such-mapping")


def test_callcenter_values_that_do_not_parse_are_reported(agents, hr, tmp_path):
    rows = [list(r) for r in CC_ROWS]
    rows[1][8] = "2 min"
    rows[2][5] = "maybe"
    rows[3][1] = "张三"
    with pytest.raises(ImportRejected) as info:
        interactions_import(
            actor=hr, path=write_rows(tmp_path / "calls.csv", CC_HEADER, rows), mapping=CALLCENTER
        )
    assert {(p.row, p.column, p.value) for p in info.value.problems} == {
        (3, "Talk Duration", "2 min"),
        (4, "Answered", "maybe"),
    }
    assert info.value.unmatched == {"张三": 1}


def test_an_ambiguous_name_matches_nobody(agents, hr, tmp_path):
    EmployeeFactory(number="E003", name="王芳")
    with pytest.raises(ImportRejected) as info:
        interactions_import(
            actor=hr, path=write_rows(tmp_path / "c.csv", CC_HEADER, CC_ROWS), mapping=CALLCENTER
        )
    assert info.value.unmatched == {"王芳 (E001/E003)": 2}


def test_gb18030_csv_and_xlsx_give_the_same_figures(agents, hr, small_csv, small_expected, tmp_path):
    header, rows = read_rows(small_csv)
    gb = tmp_path / "gb.csv"
    gb.write_bytes(small_csv.read_text(encoding="utf-8").replace("phone", "电话").encode("gb18030"))
    interactions_import(actor=hr, path=gb)
    assert_figures_equal(figures(), small_expected)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        cells = [v if v != "" else None for v in r]
        cells[4] = dt.datetime.fromisoformat(r[4])  # a real date cell
        cells[6] = int(r[6]) if r[6] else None  # numbers as numbers
        ws.append(cells)
    wb.save(tmp_path / "x.xlsx")
    MonthlyMetric.objects.all().delete()
    report = interactions_import(actor=hr, path=tmp_path / "x.xlsx")
    assert report.duplicates == 11  # every id is already stored from the CSV import
    assert_figures_equal(figures(), small_expected)


def test_a_later_file_changes_fcr_of_the_month_before(agents, hr, small_csv, tmp_path):
    header, rows = read_rows(small_csv)
    jan = [r for r in rows if r[4].startswith("2026-01")]
    feb = [r for r in rows if r[4].startswith("2026-02")]
    interactions_import(actor=hr, path=write_rows(tmp_path / "jan.csv", header, jan))
    assert figures()[("E001", "2026-01")]["fcr_rate"] == pytest.approx(0.75)  # I3's repeat not yet known
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "feb.csv", header, feb))
    assert report.months_touched == ["2026-02"] and "2026-01" in report.months_recomputed
    assert figures()[("E001", "2026-01")]["fcr_rate"] == pytest.approx(0.5)


def test_replace_month_drops_that_months_rows_first(agents, hr, small_csv, small_expected, tmp_path, home):
    interactions_import(actor=hr, path=small_csv)
    header, rows = read_rows(small_csv)
    one = [r for r in rows if r[0] == "I10"]
    report = interactions_import(
        actor=hr, path=write_rows(tmp_path / "feb.csv", header, one), replace_month="2026-02"
    )
    assert report.duplicates == 0
    got = figures()
    assert ("E002", "2026-02") not in got  # I4 and I11 are gone with the old February
    assert got[("E001", "2026-02")]["contacts"] == 1
    assert got[("E001", "2026-02")]["fcr_rate"] == 1.0  # I11 no longer follows I10
    assert got[("E001", "2026-01")]["fcr_rate"] == pytest.approx(0.75)  # I4 no longer follows I3
    assert MonthlyMetric.objects.filter(month="2026-02").count() == 1
    assert set(store_snapshot(home)) == {"month=2026-01/data_0.parquet", "month=2026-02/data_0.parquet"}


def test_a_row_moved_to_another_month_leaves_its_old_month(agents, hr, small_csv, tmp_path):
    interactions_import(actor=hr, path=small_csv)
    header, rows = read_rows(small_csv)
    moved = [r for r in rows if r[0] == "I4"][0][:]
    moved[4] = "2026-03-03 08:00:00"
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "m.csv", header, [moved]))
    assert report.duplicates == 1 and report.months_touched == ["2026-02", "2026-03"]
    got = figures()
    assert got[("E002", "2026-02")]["contacts"] == 1
    assert got[("E002", "2026-03")]["contacts"] == 1
    assert got[("E001", "2026-01")]["fcr_rate"] == pytest.approx(0.75)


def test_cli_reports_bad_rows_and_exits_2(agents, hr, small_csv, tmp_path, capsys):
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser

    parser = argparse.ArgumentParser()
    add_interactions_parser(parser.add_subparsers())
    header, rows = read_rows(small_csv)
    rows[0][11] = "9"
    args = parser.parse_args(
        ["interactions", str(write_rows(tmp_path / "b.csv", header, rows)), "--as", "hr-importer"]
    )
    assert args.handler(args) == 2
    err = capsys.readouterr().err
    assert "row 2, column csat: '9'" in err
    assert not MonthlyMetric.objects.exists()

    args = parser.parse_args(["interactions", str(small_csv), "--as", "hr-importer", "--skip-unmatched"])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "11 rows read, 10 imported, 1 duplicates, 1 unanswered" in out
    assert MonthlyMetric.objects.count() == 4


def test_figures_without_inputs_are_empty_not_zero(agents, hr, tmp_path):
    """An export with no resolved column: FCR and resolution rate are not available (None), never 0.0;
    complaint (absent in the example mapping) likewise; the figures that have inputs are still computed."""
    mapping = tmp_path / "no-resolved.yaml"
    mapping.write_text(
        CALLCENTER.read_text(encoding="utf-8").replace(
            "  resolved: {source: Resolved}", "  resolved: {absent: true}"
        ),
        encoding="utf-8",
    )
    header = [h for h in CC_HEADER if h != "Resolved"]
    rows = [[v for h, v in zip(CC_HEADER, r, strict=True) if h != "Resolved"] for r in CC_ROWS]
    interactions_import(actor=hr, path=write_rows(tmp_path / "calls.csv", header, rows), mapping=mapping)
    for key in [("E001", "2026-01"), ("E002", "2026-01")]:
        got = figures()[key]
        assert (got["fcr_rate"], got["resolution_rate"], got["complaint_rate"]) == (None, None, None), key
        assert got["contacts"] > 0 and got["aht_seconds"] > 0
    stored = MonthlyMetric.objects.get(employee__number="E001", month="2026-01")
    assert stored.fcr_rate is None and stored.csat_mean == pytest.approx(3.0)


def test_an_interactions_import_keeps_the_sources_of_sheet_only_figures(agents, hr, tmp_path):
    """A sheet gave QA and FCR for E001's January; the interaction records then rewrite FCR (and every
    other interaction figure) but not QA: QA keeps its value and its sheet as source, on both databases."""
    from serviceladder.metrics.selectors import EXPORT_COLUMNS, export_rows
    from serviceladder.metrics.services import metrics_sheet_import
    from tests.kpi.conftest import csv_bytes

    metrics_sheet_import(
        actor=hr,
        data=csv_bytes([["工号", "月份", "质检得分", "首次解决率"], ["E001", "2026-01", "88", "0.99"]]),
        file_name="qa-january.csv",
    )
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "calls.csv", CC_HEADER, CC_ROWS), mapping=CALLCENTER
    )
    stored = MonthlyMetric.objects.get(employee__number="E001", month="2026-01")
    assert stored.qa_score == 88 and stored.fcr_rate == pytest.approx(0.5)
    assert set(stored.params["sheets"]) == {"qa_score"}
    assert stored.params["sheets"]["qa_score"]["file"] == "qa-january.csv"
    assert stored.params["fcr_window_days"] == 7
    rows = [dict(zip(EXPORT_COLUMNS, r, strict=True)) for r in export_rows(hr.user)]
    [row] = [r for r in rows if r["employee_number"] == "E001"]
    sources = dict(part.split(": ", 1) for part in row["value_sources"].split("; "))
    assert sources["qa_score"] == "sheet qa-january.csv" and sources["fcr_rate"].startswith("interactions")
