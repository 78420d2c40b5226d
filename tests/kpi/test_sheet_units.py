"""KPI-sheet units (metrics/sheet_units.py): declared, in the header, or proven by every value; never one
value deciding for a whole column."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.metrics import sheet_units as u
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import metrics_sheet_import
from serviceladder.org.imports.columns import header_note
from serviceladder.org.imports.report import ImportRejected
from tests.kpi.conftest import csv_bytes


def _import(actor, rows, **kw):
    return metrics_sheet_import(actor=actor, data=csv_bytes(rows), file_name="kpi.csv", **kw)


def _metric(number):
    return MonthlyMetric.objects.get(employee__number=number, month="2025-05")


def _problems(actor, rows, **kw):
    with pytest.raises(ImportRejected) as info:
        _import(actor, rows, **kw)
    assert not MonthlyMetric.objects.exists()
    return {(e.row, e.column): e.reason for e in info.value.errors}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("投诉率(%)", ("投诉率", "percent")),
        ("投诉率（%）", ("投诉率", "percent")),
        ("投诉率%", ("投诉率", "percent")),
        ("平均处理时长(秒)", ("平均处理时长", "seconds")),
        ("AHT (min)", ("AHT", "minutes")),
        ("平均处理时长（分钟）", ("平均处理时长", "minutes")),
        ("Handle time (days)", ("Handle time", "days")),
        ("首次解决率(share)", ("首次解决率", "share")),
        ("Team (north)", ("Team (north)", None)),
        ("质检得分", ("质检得分", None)),
    ],
)
def test_header_notes(header, expected):
    assert header_note(header) == expected


def test_one_value_above_1_no_longer_turns_a_share_column_into_points(people, hr_actor):
    """Today's defect: 0.87 and 92 in one FCR column made 0.87 read as 0.87 %. Now the column is rejected,
    naming the values that disagree and how to declare the unit."""
    problems = _problems(
        hr_actor, [["工号", "月份", "首次解决率"], ["1001", "2025-05", "0.87"], ["1002", "2025-05", "92"]]
    )
    [(where, reason)] = problems.items()
    assert where == (1, "首次解决率")
    assert "2: 0.87" in reason and "3: 92" in reason
    assert "首次解决率(%)" in reason and '--units "首次解决率=share"' in reason


def test_bare_rates_all_within_or_all_above_read_by_rule(people, hr_actor):
    _import(
        hr_actor,
        [
            ["工号", "月份", "首次解决率", "出勤率"],
            ["1001", "2025-05", "0.87", "98"],
            ["1002", "2025-05", "0", "100"],
        ],
    )
    assert _metric("1001").fcr_rate == pytest.approx(0.87)  # every bare value <= 1: shares
    assert _metric("1001").attendance_rate == pytest.approx(0.98)  # every one > 1: points
    assert _metric("1002").attendance_rate == pytest.approx(1.0)


def test_a_bare_complaint_rate_needs_a_declared_unit(people, hr_actor):
    rows = [["工号", "月份", "投诉率"], ["1001", "2025-05", "0.8"], ["1002", "2025-05", "0.3"]]
    problems = _problems(hr_actor, rows)
    assert "投诉率" in problems[(1, "投诉率")] and "--units" in problems[(1, "投诉率")]
    _import(hr_actor, rows, units="投诉率=percent")
    assert _metric("1001").complaint_rate == pytest.approx(0.008)
    _import(hr_actor, rows, units={"complaint": "share"})
    assert _metric("1001").complaint_rate == pytest.approx(0.8)


def test_values_with_their_own_unit_and_declared_durations(people, hr_actor):
    _import(
        hr_actor,
        [
            ["工号", "月份", "投诉率", "平均处理时长"],
            ["1001", "2025-05", "0.8%", "4.5"],
            ["1002", "2025-05", "1.2%", "0:04:12"],
        ],
        units="平均处理时长=minutes",
    )
    assert _metric("1001").complaint_rate == pytest.approx(0.008)
    assert _metric("1001").aht_seconds == pytest.approx(270)
    assert _metric("1002").aht_seconds == pytest.approx(252)


def test_day_fractions_are_rejected_as_seconds_and_read_as_days(people, hr_actor):
    rows = [["工号", "月份", "平均处理时长"], ["1001", "2025-05", "0.0026"], ["1002", "2025-05", "0.003"]]
    problems = _problems(hr_actor, rows)
    reason = problems[(1, "平均处理时长")]
    assert "1 second and 24 hours" in reason
    assert '--units "平均处理时长=days"' in reason  # hours fit too, but the day fraction is what sheets hold
    _import(hr_actor, rows, units="平均处理时长=days")
    assert _metric("1001").aht_seconds == pytest.approx(0.0026 * 86400)


def test_bad_declarations_are_reported(people, hr_actor):
    rows = [["工号", "月份", "投诉率(%)"], ["1001", "2025-05", "0.8"]]
    with pytest.raises(u.UnitsError):
        _import(hr_actor, rows, units="投诉率")
    problems = _problems(hr_actor, rows, units="出勤率=percent,投诉率=minutes")
    assert "出勤率" in problems[(1, "出勤率")] and "投诉率" in problems[(1, "出勤率")]
    assert "share, percent" in problems[(1, "投诉率(%)")]


def test_units_from_the_cli(people, hr, tmp_path, capsys):
    from serviceladder.cli.main import main

    path = tmp_path / "kpi.csv"
    path.write_bytes(csv_bytes([["工号", "月份", "投诉率"], ["1001", "2025-05", "0.8"]]))
    assert main(["import", "metrics", str(path), "--as", "hr"]) == 2
    assert "--units" in capsys.readouterr().err
    assert main(["import", "metrics", str(path), "--units", "投诉率=percent", "--as", "hr"]) == 0
    assert _metric("1001").complaint_rate == pytest.approx(0.008)


numbers = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(100), places=4)


@given(st.lists(numbers, min_size=1, max_size=30), st.booleans())
def test_rate_rule_is_all_or_nothing(values, complaint):
    """The verdict never depends on one value: shares only if every value is within the maximum,
    points only if every value is above it, otherwise (or for a bare complaint rate) no unit."""
    verdict = u.rate_unit(list(enumerate(values, start=2)), maximum=Decimal(1), complaint=complaint)
    if all(v > 1 for v in values):
        assert verdict.unit == "percent"
    elif all(v <= 1 for v in values) and not complaint:
        assert verdict.unit == "share"
    else:
        assert verdict.unit is None and verdict.message is not None
