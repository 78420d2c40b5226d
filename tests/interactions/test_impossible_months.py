"""Contacts in a month that has not begun, before the agent's hire month or after their leave month (1970,
five years ahead) are rejected like the KPI sheets reject them, on the first-import path and the merging path;
with skip_unmatched they are left out and counted in the report."""

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.metrics.interactions import compute
from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import MAPPINGS_DIR
from serviceladder.metrics.months import AFTER_LEAVE, BEFORE_HIRE, FUTURE_MONTH
from serviceladder.metrics.services import interactions_import
from tests.factories import user_with_roles
from tests.interactions.conftest import (
    assert_figures_equal,
    figures,
    read_rows,
    store_snapshot,
    write_rows,
)

pytestmark = pytest.mark.django_db

HIRED = dt.date(2023, 3, 1)  # tests.factories.EmployeeFactory
E002_LEFT = dt.date(2026, 2, 28)  # after every E002 contact of the fixture


def _today() -> dt.date:
    return timezone.localdate()


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 5)


# shape -> (agent, started_at, message, its values)
def _shapes() -> dict:
    today = _today()
    ahead = _next_month(today)
    return {
        "future month": ("E001", f"{ahead} 10:00:00", FUTURE_MONTH, {"today": today}),
        "before hire": ("E001", "2023-02-27 10:00:00", BEFORE_HIRE, {"number": "E001", "hired": HIRED}),
        "after leave": ("E002", "2026-03-02 10:00:00", AFTER_LEAVE, {"number": "E002", "left": E002_LEFT}),
        "1970": ("E001", "1970-01-01 00:00:00", BEFORE_HIRE, {"number": "E001", "hired": HIRED}),
        "five years ahead": ("E002", f"{today.year + 5}-01-15 08:30:00", FUTURE_MONTH, {"today": today}),
    }


SHAPES = list(_shapes())


def _contact(interaction_id: str, agent: str, started_at: str) -> list[str]:
    return [
        interaction_id,
        agent,
        "",
        "phone",
        started_at,
        "true",
        "100",
        "0",
        "0",
        "10",
        "true",
        "4",
        "false",
    ]


@pytest.fixture
def staff(agents):
    agents["E002"].leave_date = E002_LEFT
    agents["E002"].save(update_fields=["leave_date"])
    return agents


@pytest.fixture
def clean(small_csv) -> tuple[list[str], list[list[str]]]:
    """The fixture without its repeated id: a first import of it takes the short path."""
    header, rows = read_rows(small_csv)
    return header, rows[:-1]


def _prepare(path: str, hr, clean, home: Path) -> None:
    """'first': nothing stored yet; 'merging': January is stored, so the import merges with it."""
    if path == "merging":
        header, rows = clean
        january = [r for r in rows if r[4].startswith("2026-01")]
        interactions_import(actor=hr, path=write_rows(home.parent / "jan.csv", header, january))


def _no_leftovers(home: Path) -> None:
    root = home / "interactions"
    assert [p.name for p in root.iterdir() if p.name.startswith((".staging", ".backup"))] == []


@pytest.mark.parametrize("path", ["first", "merging"])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_contact_in_an_impossible_month_rejects_the_file(staff, hr, clean, home, tmp_path, path, shape):
    agent, started, message, params = _shapes()[shape]
    _prepare(path, hr, clean, home)
    before_store, before_figures = store_snapshot(home), figures()
    before_events = AuditEvent.objects.filter(action="metrics.interactions_import").count()
    header, rows = clean
    bad = write_rows(tmp_path / "bad.csv", header, [*rows, _contact("X1", agent, started)])
    short_path, real = [], compute._stage_optimistic

    def spy(*args, **kwargs):
        staged = real(*args, **kwargs)
        short_path.append(staged is not None)
        return staged

    with mock.patch.object(compute, "_stage_optimistic", spy), pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=bad)
    # First import: the short path staged the file, then its figures sent it down the careful path.
    assert short_path == ([True] if path == "first" else [])
    exc = info.value
    row = len(rows) + 2  # the header is row 1
    assert [(p.row, p.column, p.value, p.message, p.params) for p in exc.problems] == [
        (row, "started_at", started, message, params)
    ]
    assert exc.impossible_months == 1 and exc.problem_total == 1 and exc.unmatched == {}
    assert "1 row(s) in a month that has not begun or in which the agent was not employed" in str(exc)
    assert store_snapshot(home) == before_store
    assert figures() == before_figures
    assert AuditEvent.objects.filter(action="metrics.interactions_import").count() == before_events
    _no_leftovers(home)


def _with_every_shape(clean) -> tuple[list[str], list[list[str]]]:
    header, rows = clean
    extra = [_contact(f"X{i}", agent, started) for i, (agent, started, *_r) in enumerate(_shapes().values())]
    return header, [*rows, *extra]


def _expected_groups() -> list[tuple]:
    today = _today()
    ahead = _next_month(today)
    return sorted(
        [
            ("E001", f"{ahead:%Y-%m}", 1, "future"),
            ("E001", "2023-02", 1, "before_hire"),
            ("E002", "2026-03", 1, "after_leave"),
            ("E001", "1970-01", 1, "before_hire"),
            ("E002", f"{today.year + 5}-01", 1, "future"),
        ]
    )


@pytest.mark.parametrize("path", ["first", "merging"])
def test_every_shape_is_listed_with_its_reason(staff, hr, clean, home, tmp_path, path):
    _prepare(path, hr, clean, home)
    header, rows = _with_every_shape(clean)
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=write_rows(tmp_path / "bad.csv", header, rows))
    assert [(p.row, p.value, p.message) for p in info.value.problems] == [
        (len(clean[1]) + 2 + i, started, message)
        for i, (_a, started, message, _p) in enumerate(_shapes().values())
    ]
    assert info.value.impossible_months == 5


@pytest.mark.parametrize("path", ["first", "merging"])
def test_skip_unmatched_leaves_impossible_months_out_and_counts_them(
    staff, hr, clean, home, tmp_path, small_expected, path
):
    _prepare(path, hr, clean, home)
    header, rows = _with_every_shape(clean)
    report = interactions_import(
        actor=hr, path=write_rows(tmp_path / "all.csv", header, rows), skip_unmatched=True
    )
    assert report.impossible_month_rows == 5
    assert sorted((g["agent"], g["month"], g["rows"], g["reason"]) for g in report.impossible_months) == (
        _expected_groups()
    )
    assert report.rows_read == len(rows) and report.imported == len(clean[1])
    stored_before = sum(r[4].startswith("2026-01") for r in clean[1]) if path == "merging" else 0
    assert report.duplicates == stored_before  # the re-imported January replaces what was stored
    # The hand-computed figures of the fixture: the five rows took no part in any figure.
    assert_figures_equal(figures(), small_expected)
    stored = b"".join(store_snapshot(home).values())
    assert not any(f"X{i}".encode() in stored for i in range(5))
    event = AuditEvent.objects.filter(action="metrics.interactions_import").latest("id")
    assert event.after["impossible_month_rows"] == 5
    _no_leftovers(home)


def test_an_unknown_agent_in_a_future_month_is_listed_once_and_skipped_once(staff, hr, clean, tmp_path):
    header, rows = clean
    ahead = f"{_next_month(_today())} 09:00:00"
    path = write_rows(tmp_path / "f.csv", header, [*rows, _contact("X1", "E404", ahead)])
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path)
    assert info.value.unmatched == {"E404": 1}
    assert [(p.value, p.message) for p in info.value.problems] == [(ahead, FUTURE_MONTH)]
    report = interactions_import(actor=hr, path=path, skip_unmatched=True)
    assert report.unmatched_rows == 1 and report.impossible_month_rows == 0
    assert report.imported == len(rows)


def test_a_mapping_by_name_with_separate_date_and_time_columns(staff, hr, tmp_path, home):
    header = ["Call ID", "Agent Name", "Caller", "Date", "Time", "Answered", "Resolved", "Speed of Answer"]
    header += ["Talk Duration", "Satisfaction Rating"]
    rows = [
        ["C-1", "王芳", "138", "2026/01/05", "09:00:00", "Y", "Y", "20", "0:05:00", "10"],
        ["C-2", "李雷", "139", "1970/01/01", "09:00:00", "Y", "Y", "20", "0:05:00", "10"],
        ["C-3", "李雷", "139", "2026/03/01", "09:00:00", "Y", "Y", "20", "0:05:00", "10"],
    ]
    path = write_rows(tmp_path / "calls.csv", header, rows)
    mapping = MAPPINGS_DIR / "callcenter-example.yaml"
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path, mapping=mapping)
    assert [(p.row, p.column, p.value, p.message) for p in info.value.problems] == [
        (3, "Date + Time", "1970/01/01 09:00:00", BEFORE_HIRE),
        (4, "Date + Time", "2026/03/01 09:00:00", AFTER_LEAVE),
    ]
    assert info.value.problems[0].params == {"number": "E002", "hired": HIRED}
    assert store_snapshot(home) == {} and figures() == {}
    report = interactions_import(actor=hr, path=path, mapping=mapping, skip_unmatched=True)
    assert report.impossible_month_rows == 2 and report.imported == 1
    assert set(figures()) == {("E001", "2026-01")}


def test_the_command_line_lists_the_rows_and_then_skips_them(staff, clean, tmp_path, home, capsys):
    user_with_roles("hr-cli", "hr")
    header, rows = clean
    started = f"{_today().year + 5}-01-15 08:30:00"
    path = write_rows(tmp_path / "late.csv", header, [*rows, _contact("X1", "E002", started)])
    assert main(["import", "interactions", str(path), "--as", "hr-cli"]) == 2
    err = capsys.readouterr().err
    reason = FUTURE_MONTH % {"today": _today()}
    assert f"row {len(rows) + 2}, column started_at: '{started}' — {reason}" in err
    assert "--skip-unmatched" in err
    assert store_snapshot(home) == {} and figures() == {}
    assert main(["import", "interactions", str(path), "--as", "hr-cli", "--skip-unmatched"]) == 0
    out = capsys.readouterr().out
    assert "1 skipped (month not begun or outside the agent's employment)" in out
    assert f"  skipped E002 {_today().year + 5}-01 (1 in the file): {reason}" in out
    assert len(figures()) == 4


def test_an_upload_lists_the_rows_and_with_skip_the_page_counts_them(staff, clean, home, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from serviceladder.audit.services import Actor
    from serviceladder.metrics.models import ImportJob
    from serviceladder.metrics.tasks import import_job_create, import_job_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SECURE_SSL_REDIRECT = False
    hr_user = user_with_roles("hr-web", "hr")
    header, rows = clean
    data = write_rows(home.parent / "up.csv", header, [*rows, _contact("X1", "E001", "1970-01-01 00:00:00")])

    def run(**options) -> ImportJob:
        upload = SimpleUploadedFile("up.csv", data.read_bytes())
        job = import_job_create(
            actor=Actor(user=hr_user), kind="interactions", upload=upload, options=options
        )
        import_job_run.call(job.pk)
        job.refresh_from_db()
        return job

    client.force_login(hr_user)
    job = run()
    assert job.status == ImportJob.Status.REJECTED and job.problem_count == 1
    [problem] = job.problems
    assert (problem["row"], problem["column"], problem["value"]) == (
        len(rows) + 2,
        "started_at",
        "1970-01-01 00:00:00",
    )
    assert problem["message"] == str(BEFORE_HIRE) and problem["params"] == {
        "number": "E001",
        "hired": "2023-03-01",
    }
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Employee E001 was hired on 2023-03-01; this month is before that." in html
    assert store_snapshot(home) == {} and figures() == {}

    job = run(skip_unmatched=True)
    assert job.status == ImportJob.Status.DONE and job.report["impossible_month_rows"] == 1
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Rows skipped (month not begun, or outside the agent&#x27;s employment)" in html
    assert "1970-01" in html and "Employee E001 was hired on 2023-03-01; this month is before that." in html
    assert len(figures()) == 4


@pytest.mark.parametrize("path", ["first", "merging"])
def test_a_parquet_export_with_typed_timestamps(staff, hr, clean, home, tmp_path, path):
    import duckdb

    _prepare(path, hr, clean, home)
    before = store_snapshot(home)
    header, rows = clean
    csv = write_rows(tmp_path / "typed.csv", header, [*rows, _contact("X1", "E002", "2026-03-02 10:00:00")])
    parquet = tmp_path / "typed.parquet"
    duckdb.connect().execute(
        "COPY (SELECT * REPLACE (started_at::TIMESTAMP AS started_at) "
        f"FROM read_csv('{csv}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)"
    )
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=parquet)
    # In a Parquet file the first record is row 1.
    assert [(p.row, p.column, p.value, p.message) for p in info.value.problems] == [
        (len(rows) + 1, "started_at", "2026-03-02 10:00:00", AFTER_LEAVE)
    ]
    assert store_snapshot(home) == before
    report = interactions_import(actor=hr, path=parquet, skip_unmatched=True)
    assert report.impossible_month_rows == 1 and report.imported == len(rows)
