from pathlib import Path

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import PermissionDeniedError, ValidationFailed
from serviceladder.metrics import services
from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import MappingError, mapping_load
from serviceladder.metrics.interactions.queues import QUEUE_NAME_TOO_LONG
from serviceladder.metrics.interactions.reader import FileError
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.factories import UserFactory
from tests.interactions.conftest import figures, read_rows, store_snapshot, write_rows

pytestmark = pytest.mark.django_db


def _nothing_written(home: Path, before: dict | None = None) -> None:
    assert store_snapshot(home) == (before or {})
    assert not MonthlyMetric.objects.exists()
    assert not AuditEvent.objects.filter(action="metrics.interactions_import").exists()
    root = home / "interactions"
    leftovers = (
        [p.name for p in root.iterdir() if p.name.startswith((".staging", ".backup"))]
        if root.exists()
        else []
    )
    assert leftovers == []


def _edited(small_csv: Path, tmp_path: Path, edits: dict[tuple[int, str], str]) -> Path:
    header, rows = read_rows(small_csv)
    for (index, column), value in edits.items():
        rows[index][header.index(column)] = value
    return write_rows(tmp_path / "edited.csv", header, rows)


def test_unparseable_values_reject_the_file_with_row_column_value(agents, hr, small_csv, tmp_path, home):
    bad = _edited(
        small_csv,
        tmp_path,
        {
            (1, "answered"): "maybe",
            (2, "started_at"): "2026-13-40 10:00",
            (3, "csat"): "7",
            (4, "talk_seconds"): "-5",
        },
    )
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=bad)
    found = {(p.row, p.column, p.value) for p in info.value.problems}
    # Row numbers count the header as row 1, so data row index i is row i + 2.
    assert found == {
        (3, "answered", "maybe"),
        (4, "started_at", "2026-13-40 10:00"),
        (5, "csat", "7"),
        (6, "talk_seconds", "-5"),
    }
    assert info.value.problem_total == 4
    assert {p.column: p.allowed for p in info.value.problems}["csat"] == "a number from 1 to 5"
    _nothing_written(home)


def test_missing_required_value_is_reported(agents, hr, small_csv, tmp_path, home):
    bad = _edited(small_csv, tmp_path, {(0, "interaction_id"): ""})
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=bad)
    assert [(p.row, p.column, p.allowed) for p in info.value.problems] == [
        (2, "interaction_id", "a value (required)")
    ]
    _nothing_written(home)


def test_a_channel_too_long_for_a_queue_name_is_reported_not_stored(agents, hr, small_csv, tmp_path, home):
    """A contact's channel names its queue when the export has none, and queue names are stored in the
    database (200 characters): a longer one is a problem of that row, never a database error."""
    bad = _edited(small_csv, tmp_path, {(1, "channel"): "c" * 201})
    with pytest.raises(ValidationFailed) as info:
        interactions_import(actor=hr, path=bad)
    assert info.value.message == QUEUE_NAME_TOO_LONG
    assert info.value.data == {"length": 201, "limit": 200, "name": "c" * 40}
    _nothing_written(home)


def test_unknown_agents_reject_the_file_with_row_counts(agents, hr, small_csv, tmp_path, home):
    bad = _edited(
        small_csv, tmp_path, {(0, "agent_id"): "E999", (1, "agent_id"): "E999", (3, "agent_id"): "X1"}
    )
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=bad)
    assert info.value.unmatched == {"E999": 2, "X1": 1}
    assert info.value.problems == []
    _nothing_written(home)


def test_skip_unmatched_leaves_those_rows_out_and_counts_them(agents, hr, small_csv, tmp_path):
    edited = _edited(small_csv, tmp_path, {(6, "agent_id"): "E999"})  # I8
    report = interactions_import(actor=hr, path=edited, skip_unmatched=True)
    assert report.unmatched == {"E999": 1} and report.unmatched_rows == 1
    assert report.imported == 9
    got = figures()
    assert got[("E002", "2026-01")]["contacts"] == 1
    event = AuditEvent.objects.get(action="metrics.interactions_import")
    assert event.after["unmatched"] == {"E999": 1}


def test_a_failure_while_saving_leaves_the_store_and_database_as_they_were(
    agents, hr, small_csv, tmp_path, home, monkeypatch
):
    header, rows = read_rows(small_csv)
    first = write_rows(tmp_path / "jan.csv", header, [r for r in rows if r[4].startswith("2026-01")])
    interactions_import(actor=hr, path=first)
    before_store, before_rows = store_snapshot(home), figures()

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        interactions_import(actor=hr, path=small_csv)
    assert store_snapshot(home) == before_store
    assert figures() == before_rows
    assert AuditEvent.objects.filter(action="metrics.interactions_import").count() == 1


def test_a_failed_swap_is_rolled_back(agents, hr, small_csv, tmp_path, home, monkeypatch):
    header, rows = read_rows(small_csv)
    interactions_import(actor=hr, path=write_rows(tmp_path / "jan.csv", header, rows[:3]))
    before_store, before_rows = store_snapshot(home), figures()
    from serviceladder.metrics.interactions import store

    real_replace = store.os.replace
    calls = []

    def flaky(src, dst):
        calls.append(src)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", flaky)
    with pytest.raises(OSError):
        interactions_import(actor=hr, path=small_csv)
    monkeypatch.undo()
    assert store_snapshot(home) == before_store
    assert figures() == before_rows


def test_missing_columns_and_unsupported_files(agents, hr, tmp_path, home):
    path = write_rows(tmp_path / "x.csv", ["interaction_id", "agent"], [["1", "E001"]])
    with pytest.raises(FileError) as info:
        interactions_import(actor=hr, path=path)
    assert "agent_id" in str(info.value) and "started_at" in str(info.value)
    other = tmp_path / "x.json"
    other.write_text("{}")
    with pytest.raises(FileError):
        interactions_import(actor=hr, path=other)
    _nothing_written(home)


def test_a_user_without_an_import_role_is_refused(agents, small_csv, home):
    with pytest.raises(PermissionDeniedError):
        interactions_import(actor=Actor(user=UserFactory(username="nobody")), path=small_csv)
    _nothing_written(home)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: serviceladder-interactions\nversion: 1\ncolumns: {}\n", "columns.interaction_id: required"),
        (
            "format: serviceladder-interactions\nversion: 1\ncolumns:\n  interaction_id: {source: id}\n"
            "  agent_id: {source: a}\n  started_at: {source: s}\n  answered: {constant: true}\n"
            "  talk_seconds: {source: t, unit: fortnights}\n",
            "columns.talk_seconds.unit",
        ),
        (
            "format: serviceladder-interactions\nversion: 1\ncolumns:\n  interaction_id: {source: id}\n"
            "  agent_id: {source: a}\n  started_at: {source: s}\n  answered: {constant: true}\n"
            "  csat: {source: c, scale: [10, 1]}\n",
            "columns.csat: Value error, scale",
        ),
        (
            "format: serviceladder-interactions\nversion: 1\ncolumns:\n  interaction_id: {source: id}\n"
            "  agent_id: {source: a}\n  started_at: {source: s}\n  answered: {constant: true}\n"
            "  mood: {source: m}\n",
            "columns.mood: not a canonical column",
        ),
        (
            "format: serviceladder-interactions\nversion: 1\ncolumns:\n"
            "  interaction_id: {source: id, constant: x}\n"
            "  agent_id: {source: a}\n  started_at: {source: s}\n  answered: {constant: true}\n",
            "give exactly one of source, sources, constant, absent",
        ),
        ("format: other\nversion: 1\ncolumns: {}\n", "format"),
        ("[1, 2]\n", "must be a YAML mapping"),
    ],
)
def test_mapping_errors_are_precise(tmp_path, text, expected):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as info:
        mapping_load(path)
    assert expected.replace("Value error, ", "") in str(info.value)
    assert str(path) in str(info.value)


def test_a_bad_value_in_an_otherwise_clean_first_file_is_still_reported(
    agents, hr, small_csv, tmp_path, home
):
    header, rows = read_rows(small_csv)
    rows = rows[:-1]  # no repeated id: the single-pass path for a first import is taken
    rows[8][header.index("first_response_seconds")] = "soon"
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=write_rows(tmp_path / "clean.csv", header, rows))
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [
        (10, "first_response_seconds", "soon")
    ]
    _nothing_written(home)


def test_an_unknown_agent_in_an_otherwise_clean_first_file_is_still_reported(
    agents, hr, small_csv, tmp_path, home
):
    header, rows = read_rows(small_csv)
    rows = rows[:-1]
    rows[2][1] = "E404"
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=write_rows(tmp_path / "clean.csv", header, rows))
    assert info.value.unmatched == {"E404": 1}
    _nothing_written(home)
