"""A Parquet file's rows and bytes are counted on a thread beside the import's own reading
(reader._LimitsCheck): a file over a limit must still change nothing, on the first-import path and on the
path that merges with a store, and the limit must be what the import reports."""

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from serviceladder.core.limits import UploadLimitExceeded, limits_from_environment
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import store_snapshot

pytestmark = pytest.mark.django_db


def calls(path: Path, month: str, n: int, padding: str = "") -> Path:
    """A clean canonical export: `n` answered calls of E001 and E002 in `month` (customer ids padded)."""
    table = pa.table(
        {
            "interaction_id": [f"{month}-{i:05d}" for i in range(n)],
            "agent_id": ["E001" if i % 2 else "E002" for i in range(n)],
            "customer_id": [f"C{i % 50}{padding}" for i in range(n)],
            "channel": ["phone"] * n,
            "started_at": pa.array([f"{month}-{1 + i % 27:02d} 10:00:00" for i in range(n)]).cast(
                pa.timestamp("s")
            ),
            "answered": [True] * n,
            "talk_seconds": [200] * n,
            "hold_seconds": [10] * n,
            "after_call_work_seconds": [30] * n,
            "first_response_seconds": pa.array([None] * n, pa.int32()),
            "resolved": [i % 3 != 0 for i in range(n)],
            "csat": [4] * n,
            "complaint": [False] * n,
        }
    )
    pq.write_table(table, path)
    return path


def home() -> Path:
    return Path(os.environ["SERVICELADDER_HOME"])


@pytest.mark.parametrize("store_holds_a_month", [False, True], ids=["first import", "into a store"])
def test_a_file_over_the_data_limit_changes_nothing(agents, hr, settings, tmp_path, store_holds_a_month):
    if store_holds_a_month:
        interactions_import(actor=hr, path=calls(tmp_path / "jan.parquet", "2026-01", 40))
    before_store, before_figures = store_snapshot(home()), list(MonthlyMetric.objects.values_list())
    # 3,000 rows each carrying a 1,000-character customer id: about 3 MB decoded, a few kilobytes on disk.
    big = calls(tmp_path / "feb.parquet", "2026-02", 3000, padding="x" * 1000)
    assert big.stat().st_size < 200_000
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_INTERACTIONS_MB": "1"})
    with pytest.raises(UploadLimitExceeded) as caught:
        interactions_import(actor=hr, path=big)
    assert caught.value.data["file"] == str(big)
    assert store_snapshot(home()) == before_store
    assert list(MonthlyMetric.objects.values_list()) == before_figures
    assert not list((home() / "interactions").glob(".staging*"))


def test_the_same_file_under_the_limit_is_imported(agents, hr, settings, tmp_path):
    big = calls(tmp_path / "feb.parquet", "2026-02", 3000, padding="x" * 1000)
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_INTERACTIONS_MB": "10"})
    report = interactions_import(actor=hr, path=big)
    assert report.imported == 3000
    assert MonthlyMetric.objects.filter(month="2026-02").count() == 2


def test_a_footer_claiming_too_many_rows_is_refused_before_the_rows_are_read(agents, hr, settings, tmp_path):
    path = calls(tmp_path / "feb.parquet", "2026-02", 30)
    settings.IMPORT_LIMITS = limits_from_environment({"SERVICELADDER_MAX_ROWS_INTERACTIONS": "29"})
    with pytest.raises(UploadLimitExceeded) as caught:
        interactions_import(actor=hr, path=path)
    assert caught.value.data["limit"] == "29"
    assert store_snapshot(home()) == {}
    assert not MonthlyMetric.objects.exists()
