"""Migration metrics/0005: rows written before per-value sources keep naming their sheet per figure."""

import importlib

import pytest
from django.apps import apps

from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.provenance import sheet_sources
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("serviceladder.metrics.migrations.0005_per_value_sources")


def test_old_sheet_fields_become_per_value_sources_and_back():
    sheet = {"file": "kpi-05.xlsx", "sha256": "ab", "csat_scale": 5}
    old = {"fcr_window_days": 7, "sheet": sheet, "sheet_fields": ["qa_score", "fcr_rate"]}
    metric = MonthlyMetric.objects.create(
        employee=EmployeeFactory(), month="2025-05", source="sheet", params=old, qa_score=90, fcr_rate=0.9
    )
    untouched = MonthlyMetric.objects.create(
        employee=EmployeeFactory(), month="2025-05", source="interactions", params={"fcr_window_days": 7}
    )
    migration.forwards(apps, None)
    metric.refresh_from_db()
    assert sheet_sources(metric.params) == {"qa_score": sheet, "fcr_rate": sheet}
    assert "sheet_fields" not in metric.params and metric.params["fcr_window_days"] == 7
    untouched.refresh_from_db()
    assert untouched.params == {"fcr_window_days": 7}
    migration.backwards(apps, None)
    metric.refresh_from_db()
    assert metric.params["sheet"] == sheet
    assert sorted(metric.params["sheet_fields"]) == ["fcr_rate", "qa_score"]
