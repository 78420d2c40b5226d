import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.metrics.interactions.mapping import mapping_load
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import DATA, SHARED, assert_figures_equal, figures

pytestmark = pytest.mark.django_db


def test_small_fixture_gives_the_hand_computed_figures(agents, hr, small_csv, small_expected, home):
    report = interactions_import(actor=hr, path=small_csv)
    assert_figures_equal(figures(), small_expected)
    assert (report.rows_read, report.imported, report.duplicates) == (11, 10, 1)
    assert (report.unanswered, report.no_customer_id, report.unmatched_rows) == (1, 1, 0)
    assert report.months_touched == ["2026-01", "2026-02"]
    assert sorted(p.name for p in (home / "interactions").iterdir() if not p.name.startswith(".")) == [
        "month=2026-01",
        "month=2026-02",
    ]
    row = MonthlyMetric.objects.get(employee=agents["E001"], month="2026-01")
    assert row.source == MonthlyMetric.Source.INTERACTIONS
    assert row.params == {
        "fcr_window_days": 7,
        "on_time_sla_seconds": 60,
        "definitions_version": 3,
        "source": "interactions",
    }
    event = AuditEvent.objects.get(action="metrics.interactions_import")
    assert event.actor == hr.user
    assert event.after["sha256"] and len(event.after["sha256"]) == 64
    assert event.after["rows_read"] == 11 and event.after["duplicates"] == 1
    assert event.after["months_touched"] == ["2026-01", "2026-02"]
    assert AuditEvent.objects.count() == 1


def test_copied_fixture_matches_the_shared_one():
    if not SHARED.is_dir():
        pytest.skip("shared/ is not beside the repository")
    for name in ("interactions_small.csv", "interactions_small_expected.csv"):
        assert (DATA / name).read_bytes() == (SHARED / name).read_bytes()


def test_importing_the_same_file_twice_changes_nothing_but_counts_duplicates(
    agents, hr, small_csv, small_expected
):
    interactions_import(actor=hr, path=small_csv)
    again = interactions_import(actor=hr, path=small_csv)
    assert again.duplicates == 11 and again.imported == 10
    assert_figures_equal(figures(), small_expected)
    assert MonthlyMetric.objects.count() == 4


def test_canonical_mapping_is_recognised_as_canonical():
    assert mapping_load(None).is_canonical
