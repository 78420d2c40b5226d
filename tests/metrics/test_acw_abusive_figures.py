"""The two figures beyond the interaction import: a monthly KPI sheet may carry them, the metrics export
has them, the policy may name them (with units, lower is better), and they are labelled in both languages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.metrics import sheet_units as u
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import metrics_sheet_import
from serviceladder.org.imports.report import ImportRejected
from serviceladder.policy.presets import preset_text
from serviceladder.policy.validation import THRESHOLD_OUT_OF_RANGE, UNKNOWN_METRIC, check_policy_text
from serviceladder.rules.metrics import METRICS, Unit, parse_policy_value, sample_field, to_data_units
from tests.factories import user_with_roles
from tests.kpi.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet_actor(db):
    return Actor(user=user_with_roles("hr-sheets", Role.HR), channel="cli")


def _import(actor, rows, **kw):
    return metrics_sheet_import(actor=actor, data=csv_bytes(rows), file_name="kpi.csv", **kw)


def test_a_monthly_sheet_carries_after_call_work_and_the_abusive_rate(people, sheet_actor):
    report = _import(
        sheet_actor,
        [
            ["工号", "月份", "接待量", "话后处理时长(秒)", "客户辱骂率(%)"],
            ["1001", "2025-05", "400", "42", "0.5"],
            ["1002", "2025-05", "380", "0:01:05", "3"],
        ],
    )
    assert set(report.fields) >= {"acw_seconds", "abusive_rate"}
    m1 = MonthlyMetric.objects.get(employee__number="1001", month="2025-05")
    m2 = MonthlyMetric.objects.get(employee__number="1002", month="2025-05")
    assert (m1.acw_seconds, m1.abusive_rate) == (42.0, pytest.approx(0.005))
    assert (m2.acw_seconds, m2.abusive_rate) == (65.0, pytest.approx(0.03))
    # English headers, shares declared.
    _import(
        sheet_actor,
        [
            ["employee number", "month", "after-call work", "abusive contact rate"],
            ["1001", "2025-06", "30", "0.01"],
        ],
        units="abusive contact rate=share",
    )
    m = MonthlyMetric.objects.get(employee__number="1001", month="2025-06")
    assert (m.acw_seconds, m.abusive_rate) == (30.0, pytest.approx(0.01))


def test_a_bare_abusive_rate_needs_its_unit_and_nothing_is_written(people, sheet_actor):
    with pytest.raises(ImportRejected) as info:
        _import(
            sheet_actor,
            [["工号", "月份", "客户辱骂率"], ["1001", "2025-05", "0.8"], ["1002", "2025-05", "0.2"]],
        )
    (error,) = info.value.errors
    assert error.message is u.BARE_ABUSIVE_RATE and error.column == "客户辱骂率"
    assert not MonthlyMetric.objects.exists()


def test_the_metrics_export_has_both_figures(people, sheet_actor):
    from serviceladder.metrics.selectors import EXPORT_COLUMNS, export_rows

    _import(
        sheet_actor, [["工号", "月份", "话后处理时长", "客户辱骂率(%)"], ["1001", "2025-05", "42", "1.5"]]
    )
    hr_user = user_with_roles("hr-export", Role.HR)
    (row,) = [r for r in export_rows(hr_user) if r[0] == "1001"]
    got = dict(zip(EXPORT_COLUMNS, row, strict=True))
    assert got["acw_seconds"] == 42.0 and got["abusive_rate"] == pytest.approx(0.015)
    assert "acw_seconds: sheet kpi.csv" in got["value_sources"]


def test_the_policy_may_name_them_with_their_units():
    assert METRICS["acw_seconds"].unit is Unit.SECONDS and METRICS["acw_seconds"].lower_is_better
    assert METRICS["abusive_rate"].unit is Unit.RATE and METRICS["abusive_rate"].lower_is_better
    assert sample_field("abusive_rate") == sample_field("acw_seconds") == "contacts"
    assert to_data_units("abusive_rate", parse_policy_value("abusive_rate", "2%")) == Decimal("0.02")
    text = preset_text("finance-steady")
    rule = "- {code: complaints-above, metric: complaint_rate, kind: below_threshold, "
    assert rule in text
    assert rule in text
    named = text.replace(
        rule,
        '- {code: abuse-high, metric: abusive_rate, kind: below_threshold, comparison: "<=", value: "3%", '
        "months: 2, min_sample: 200}\n"
        "    - {code: acw-drop, metric: acw_seconds, kind: drop, drop: 15, baseline_months: 3}\n    " + rule,
    )
    assert check_policy_text(named).ok, check_policy_text(named).issues
    too_high = named.replace('value: "3%"', 'value: "300%"')
    assert [i.code for i in check_policy_text(too_high).issues] == [THRESHOLD_OUT_OF_RANGE]
    unknown = named.replace("metric: abusive_rate", "metric: abusive", 1)  # the coaching rule above
    assert [i.code for i in check_policy_text(unknown).issues] == [UNKNOWN_METRIC]


def test_labels_in_both_languages():
    from serviceladder.web.labels import metric_label

    with translation.override("en"):
        assert (metric_label("acw_seconds"), metric_label("abusive_rate")) == (
            "After-call work",
            "Abusive contact rate",
        )
    with translation.override("zh-hans"):
        assert (metric_label("acw_seconds"), metric_label("abusive_rate")) == ("话后处理时长", "客户辱骂率")
    with translation.override("zh-hans"):
        assert str(MonthlyMetric._meta.get_field("acw_seconds").verbose_name)  # through gettext


def test_the_templates_carry_them():
    from serviceladder.metrics.import_templates import template_example, template_header

    header = template_header("interactions", "en")
    assert header[-2:] == ["complaint", "abusive"]
    assert template_example("interactions", "en")[-1] == "false"
    assert "话后处理时长(秒)" in template_header("metrics", "zh-hans")
    assert "客户辱骂率(%)" in template_header("metrics", "zh-hans")
    assert {"after-call work (s)", "abusive contact rate (%)"} <= set(template_header("metrics", "en"))


__all__ = ["dt"]
