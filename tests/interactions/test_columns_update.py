"""Several sheets of the same contacts: `--columns` updates named columns of stored contacts only, and an
XLSX mapping may join a workbook's sheets on a key (issue 12)."""

from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.columns import (
    COLUMN_FIXED,
    COLUMN_NOT_READ,
    COLUMN_UNKNOWN,
    ID_NOT_STORED,
    IDS_NOT_STORED,
    ColumnsInvalid,
    IdsNotStored,
    columns_parse,
)
from serviceladder.metrics.interactions.mapping import SHEETS_NOT_WORKBOOK, MappingError, mapping_parse
from serviceladder.metrics.interactions.schema import CANONICAL_FILE_COLUMNS
from serviceladder.metrics.interactions.xlsx_join import KEY_NOT_IN_MAIN, KEY_REPEATED, SheetJoinError
from serviceladder.metrics.models import ImportJob, MonthlyMetric
from serviceladder.metrics.services import interactions_import
from serviceladder.metrics.tasks import import_job_create, import_job_run
from tests.factories import user_with_roles
from tests.interactions.conftest import figures, store_snapshot, write_rows

pytestmark = pytest.mark.django_db

MAIN = "AHT Data"
CSAT = "CSAT Data"
MAIN_ROWS = [
    ["Case ID", "Agent", "Customer", "Started", "Answered", "Talk", "Hold", "ACW", "Resolved"],
    ["C1", "E001", "K1", "2026-01-05 09:00:00", "Y", 100, 10, 20, "Y"],
    ["C2", "E001", "K2", "2026-01-06 10:00:00", "Y", 200, 0, 30, "N"],
    ["C3", "E002", "K3", "2026-01-07 11:00:00", "Y", 300, 20, 10, "Y"],
    ["C4", "E002", "K4", "2026-01-08 12:00:00", "Y", 50, 0, 0, "Y"],
]
# C4 was not rated. The sheet also has an Agent column (read as csat.Agent when joined).
CSAT_ROWS = [["Case ID", "Agent", "Score"], ["C1", "E001", 5], ["C2", "E001", 2], ["C3", "E002", 4]]

COLUMNS = """
  interaction_id: {source: Case ID}
  agent_id: {source: Agent}
  customer_id: {source: Customer}
  channel: {constant: phone}
  started_at: {source: Started}
  answered: {source: Answered, true_values: [Y], false_values: [N]}
  talk_seconds: {source: Talk}
  hold_seconds: {source: Hold}
  after_call_work_seconds: {source: ACW}
  resolved: {source: Resolved, true_values: [Y], false_values: [N]}
"""
HEAD = "format: serviceladder-interactions\nversion: 1\n"
MAIN_MAPPING = HEAD + f"xlsx: {{sheet: {MAIN}}}\ncolumns:{COLUMNS}"
CSAT_MAPPING = (
    HEAD
    + f"xlsx: {{sheet: {CSAT}}}\ncolumns:\n  interaction_id: {{source: Case ID}}\n  csat: {{source: Score}}\n"
)
JOIN_MAPPING = (
    HEAD
    + f'xlsx: {{sheets: {{main: "{MAIN}", csat: {{sheet: "{CSAT}", on: "Case ID"}}}}}}\n'
    + f"columns:{COLUMNS}  csat: {{source: Score}}\n"
)

# Hand-computed from the rows above (January 2026; every customer calls once, so FCR follows resolved).
BEFORE = {
    ("E001", "2026-01"): {
        "contacts": 2,
        "aht_seconds": 180.0,
        "csat_mean": None,
        "csat_rated": 0,
        "fcr_rate": 0.5,
    },
    ("E002", "2026-01"): {
        "contacts": 2,
        "aht_seconds": 190.0,
        "csat_mean": None,
        "csat_rated": 0,
        "fcr_rate": 1.0,
    },
}
AFTER = {
    ("E001", "2026-01"): {
        "contacts": 2,  # (130 + 230) / 2
        "aht_seconds": 180.0,
        "csat_mean": 3.5,  # (5 + 2) / 2
        "csat_rated": 2,
        "csat_top2_share": 0.5,
        "fcr_rate": 0.5,
    },
    ("E002", "2026-01"): {
        "contacts": 2,  # (330 + 50) / 2
        "aht_seconds": 190.0,
        "csat_mean": 4.0,
        "csat_rated": 1,
        "csat_top2_share": 1.0,
        "fcr_rate": 1.0,
    },
}


def assert_figures(expected: dict) -> None:
    got = figures()
    assert set(got) == set(expected)
    for key, values in expected.items():
        for name, value in values.items():
            assert got[key][name] == pytest.approx(value) if value is not None else got[key][name] is None, (
                key,
                name,
                got[key][name],
            )


def workbook(path: Path, csat_rows=CSAT_ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = MAIN
    for row in MAIN_ROWS:
        ws.append(row)
    extra = wb.create_sheet(CSAT)
    for row in csat_rows:
        extra.append(row)
    wb.save(path)
    return path


def stored_rows(home: Path) -> dict[str, dict]:
    files = sorted(str(p) for p in (home / "interactions").glob("month=*/*.parquet"))
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM read_parquet({files}, hive_partitioning = false)")
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}


@pytest.fixture
def files(tmp_path):
    book = workbook(tmp_path / "cases.xlsx")
    out = {"book": book}
    for name, text in (("main", MAIN_MAPPING), ("csat", CSAT_MAPPING), ("join", JOIN_MAPPING)):
        out[name] = tmp_path / f"{name}.yaml"
        out[name].write_text(text, encoding="utf-8")
    return out


@pytest.fixture
def imported(agents, hr, files):
    interactions_import(actor=hr, path=files["book"], mapping=files["main"])
    return files


def test_the_second_sheet_updates_csat_and_keeps_every_other_field(imported, hr, home):
    assert_figures(BEFORE)
    before = stored_rows(home)
    report = interactions_import(actor=hr, path=imported["book"], mapping=imported["csat"], columns="csat")
    after = stored_rows(home)
    assert set(after) == {"C1", "C2", "C3", "C4"}
    for case, row in after.items():
        assert {k: v for k, v in row.items() if k != "csat"} == {
            k: v for k, v in before[case].items() if k != "csat"
        }
    assert {c: r["csat"] for c, r in after.items()} == {"C1": 5.0, "C2": 2.0, "C3": 4.0, "C4": None}
    assert_figures(AFTER)
    assert report.columns == ["csat"] and report.imported == 3 and report.months_touched == ["2026-01"]
    event = AuditEvent.objects.filter(action="metrics.interactions_import").latest("id")
    assert event.after["columns"] == ["csat"]


def test_joining_the_sheets_gives_the_same_result_in_one_import(agents, hr, files, home):
    interactions_import(actor=hr, path=files["book"], mapping=files["join"])
    assert_figures(AFTER)
    assert {c: r["csat"] for c, r in stored_rows(home).items()} == {
        "C1": 5.0,
        "C2": 2.0,
        "C3": 4.0,
        "C4": None,
    }


def test_an_id_not_stored_refuses_the_file_and_writes_nothing(imported, hr, home, tmp_path):
    book = workbook(tmp_path / "more.xlsx", [*CSAT_ROWS, ["C9", "E001", 3]])
    before, metrics = store_snapshot(home), figures()
    with pytest.raises(IdsNotStored) as err:
        interactions_import(actor=hr, path=book, mapping=imported["csat"], columns=["csat"])
    assert err.value.message == IDS_NOT_STORED and err.value.problem_total == 1
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.value, problem.message) == (
        5,
        "Case ID",
        "C9",
        ID_NOT_STORED,
    )
    assert store_snapshot(home) == before and figures() == metrics
    assert AuditEvent.objects.filter(action="metrics.interactions_import").count() == 1


def test_skip_unmatched_leaves_unknown_ids_out_and_counts_them(imported, hr, home, tmp_path):
    book = workbook(tmp_path / "more.xlsx", [*CSAT_ROWS, ["C9", "E001", 3]])
    report = interactions_import(
        actor=hr, path=book, mapping=imported["csat"], columns="csat", skip_unmatched=True
    )
    assert report.ids_not_stored == 1 and report.ids_not_stored_examples == ["C9"] and report.imported == 3
    assert_figures(AFTER)


@pytest.mark.parametrize(
    ("columns", "message"),
    [("csat,started_at", COLUMN_FIXED), ("agent_id", COLUMN_FIXED), ("csat,score", COLUMN_UNKNOWN)],
)
def test_a_column_that_cannot_be_updated_is_refused(imported, hr, home, columns, message):
    before = store_snapshot(home)
    with pytest.raises(ColumnsInvalid) as err:
        interactions_import(actor=hr, path=imported["book"], mapping=imported["csat"], columns=columns)
    assert err.value.message == message
    assert store_snapshot(home) == before and AuditEvent.objects.count() == 1
    assert_figures(BEFORE)


def test_columns_are_kept_in_canonical_order_and_named_once():
    assert columns_parse(" resolved, csat ,resolved") == ["resolved", "csat"]
    with pytest.raises(ColumnsInvalid):
        columns_parse(" , ")


def test_a_bad_value_in_a_named_column_is_refused(imported, hr, home, tmp_path):
    book = workbook(tmp_path / "bad.xlsx", [*CSAT_ROWS[:2], ["C2", "E001", 9]])
    before = store_snapshot(home)
    with pytest.raises(ValidationFailed) as err:
        interactions_import(actor=hr, path=book, mapping=imported["csat"], columns="csat")
    assert [(p.row, p.column, p.value) for p in err.value.problems] == [(3, "Score", "9")]
    assert store_snapshot(home) == before


def test_a_repeated_key_in_an_extra_sheet_is_refused(agents, hr, files, home, tmp_path):
    book = workbook(tmp_path / "dup.xlsx", [*CSAT_ROWS, ["C2", "E001", 4]])
    with pytest.raises(SheetJoinError) as err:
        interactions_import(actor=hr, path=book, mapping=files["join"])
    assert err.value.message == KEY_REPEATED
    assert "'C2' (row 3, 5)" in str(err.value)
    assert store_snapshot(home) == {} and not MonthlyMetric.objects.exists()


def test_a_key_missing_from_the_main_sheet_is_refused(agents, hr, files, home, tmp_path):
    book = workbook(tmp_path / "stray.xlsx", [*CSAT_ROWS, ["C7", "E002", 4]])
    with pytest.raises(SheetJoinError) as err:
        interactions_import(actor=hr, path=book, mapping=files["join"])
    assert err.value.message == KEY_NOT_IN_MAIN
    assert "'C7' (row 5)" in str(err.value) and "AHT Data" in str(err.value)
    assert store_snapshot(home) == {} and not MonthlyMetric.objects.exists()


def test_the_cli_updates_columns_and_refuses_a_bad_column(imported, home, capsys):
    user_with_roles("hr-cols", "hr")
    args = [
        "import",
        "interactions",
        str(imported["book"]),
        "--mapping",
        str(imported["csat"]),
        "--as",
        "hr-cols",
    ]
    assert main([*args, "--columns", "csat,agent_id"]) == 2
    assert "agent_id cannot be updated with --columns" in capsys.readouterr().err
    assert_figures(BEFORE)
    assert main([*args, "--columns", "csat"]) == 0
    out = capsys.readouterr().out
    assert "columns updated: csat" in out and "3 updated" in out
    assert_figures(AFTER)


def test_the_cli_lists_ids_that_are_not_stored(imported, home, tmp_path, capsys):
    user_with_roles("hr-cols", "hr")
    book = workbook(tmp_path / "more.xlsx", [*CSAT_ROWS, ["C9", "E001", 3]])
    args = ["import", "interactions", str(book), "--mapping", str(imported["csat"]), "--as", "hr-cols"]
    assert main([*args, "--columns", "csat"]) == 2
    err = capsys.readouterr().err
    assert "1 interaction id(s) are not stored" in err
    assert "row 5, column Case ID: 'C9'" in err and "--skip-unmatched" in err
    assert_figures(BEFORE)


@pytest.fixture
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SECURE_SSL_REDIRECT = False


@pytest.mark.usefixtures("_dummy_tasks")
def test_the_browser_upload_updates_columns(client, agents, hr, home, tmp_path, settings):
    # A browser upload names a shipped mapping: the canonical one, so the sheet's header is canonical.
    interactions_import(actor=hr, path=_canonical_book(tmp_path / "calls.xlsx"))
    assert_figures(BEFORE)
    client.force_login(hr.user)
    assert 'name="columns"' in client.get(reverse("imports")).content.decode()
    response = client.post(
        reverse("imports"),
        {
            "kind": "interactions",
            "file": SimpleUploadedFile("ratings.csv", b"interaction_id,csat\nC1,5\nC2,2\nC3,4\n"),
            "mapping": "canonical",
            "columns": "csat",
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.options["columns"] == "csat"
    assert import_job_run.call(job.pk) == ImportJob.Status.DONE
    assert_figures(AFTER)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "Columns updated" in html and "csat" in html


@pytest.mark.usefixtures("_dummy_tasks")
def test_the_browser_refuses_a_bad_column_name_before_upload(client, agents, hr):
    client.force_login(hr.user)
    response = client.post(
        reverse("imports"),
        {
            "kind": "interactions",
            "file": SimpleUploadedFile("ratings.csv", b"interaction_id,csat\nC1,5\n"),
            "mapping": "canonical",
            "columns": "csat,started_at",
        },
        follow=True,
    )
    assert "started_at cannot be updated with --columns" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.usefixtures("_dummy_tasks")
def test_the_browser_rejects_unknown_ids_row_by_row(agents, hr):
    job = import_job_create(
        actor=Actor(user=hr.user),
        kind="interactions",
        upload=SimpleUploadedFile("ratings.csv", b"interaction_id,csat\nC1,5\n"),
        options={"mapping": "canonical", "columns": "csat"},
    )
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    job.refresh_from_db()
    assert [(p["row"], p["column"], p["value"]) for p in job.problems] == [(2, "interaction_id", "C1")]
    assert not MonthlyMetric.objects.exists()


def _canonical_book(path: Path) -> Path:
    """The main sheet's contacts under the canonical headers (what a browser upload's mapping reads)."""
    header = list(CANONICAL_FILE_COLUMNS)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for case, agent, customer, started, answered, talk, hold, acw, resolved in MAIN_ROWS[1:]:
        ws.append(
            [case, agent, customer, "phone", started, answered, talk, hold, acw, None, resolved, None, None]
        )
    wb.save(path)
    return path


def test_resolved_from_a_later_sheet_changes_fcr_and_resolution(imported, hr, tmp_path):
    book = tmp_path / "resolved.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Fixes"
    for row in (["Case ID", "Fixed"], ["C2", "yes"], ["C3", "no"]):
        wb.active.append(row)
    wb.save(book)
    mapping = tmp_path / "fixes.yaml"
    mapping.write_text(
        HEAD + "columns:\n  interaction_id: {source: Case ID}\n  resolved: {source: Fixed}\n",
        encoding="utf-8",
    )
    interactions_import(actor=hr, path=book, mapping=mapping, columns="resolved")
    # E001: C1 and C2 resolved now; E002: C3 no longer, C4 still.
    got = figures()
    assert got[("E001", "2026-01")]["fcr_rate"] == pytest.approx(1.0)
    assert got[("E001", "2026-01")]["resolution_rate"] == pytest.approx(1.0)
    assert got[("E002", "2026-01")]["fcr_rate"] == pytest.approx(0.5)
    assert got[("E002", "2026-01")]["aht_seconds"] == pytest.approx(190.0)


def test_a_named_column_the_mapping_leaves_absent_is_refused(imported, hr, home):
    before = store_snapshot(home)
    with pytest.raises(ColumnsInvalid) as err:
        interactions_import(actor=hr, path=imported["book"], mapping=imported["csat"], columns="resolved")
    assert err.value.message == COLUMN_NOT_READ
    assert store_snapshot(home) == before


def test_a_partial_mapping_is_refused_for_a_full_import(agents, hr, files, home):
    with pytest.raises(MappingError) as err:
        interactions_import(actor=hr, path=files["book"], mapping=files["csat"])
    assert "columns.agent_id: required" in str(err.value)
    assert store_snapshot(home) == {}


@pytest.mark.parametrize(
    ("xlsx", "problem"),
    [
        ({"sheets": {"csat": {"sheet": "B", "on": "K"}}}, "sheets.main: required"),
        (
            {"sheet": "A", "sheets": {"main": "A", "b": {"sheet": "B", "on": "K"}}},
            "sheet or sheets, not both",
        ),
        ({"sheets": {"main": "A"}}, "at least one sheet to join"),
        ({"sheets": {"main": "A", "b": "B"}}, "sheets.b: give {sheet: SHEET NAME, on: KEY COLUMN}"),
    ],
)
def test_a_sheets_section_with_a_mistake_is_refused(xlsx, problem):
    data = yaml.safe_load(MAIN_MAPPING)
    data["xlsx"] = xlsx
    with pytest.raises(MappingError) as err:
        mapping_parse(data)
    assert problem in str(err.value)


def test_an_unquoted_on_key_is_read_as_on():
    # YAML 1.1 reads a bare `on:` as the boolean true.
    mapping = mapping_parse(yaml.safe_load(JOIN_MAPPING.replace('on: "Case ID"', "on: Case ID")))
    assert mapping.xlsx.joins["csat"].on == "Case ID" and mapping.xlsx.main_sheet == MAIN


def test_a_changed_customer_recomputes_the_month_whose_fcr_window_reaches_it(agents, hr, tmp_path):
    head = (
        "interaction_id,agent_id,customer_id,channel,started_at,answered,talk_seconds,hold_seconds,"
        "after_call_work_seconds,first_response_seconds,resolved,csat,complaint\n"
    )
    calls = tmp_path / "calls.csv"
    # K1 calls again 3 days after a resolved contact: January's FCR is 0 (window 7 days).
    calls.write_text(
        head
        + "J1,E001,K1,phone,2026-01-30 09:00:00,true,60,0,0,,true,,false\n"
        + "F1,E002,K1,phone,2026-02-02 09:00:00,true,60,0,0,,true,,false\n",
        encoding="utf-8",
    )
    interactions_import(actor=hr, path=calls)
    assert figures()[("E001", "2026-01")]["fcr_rate"] == pytest.approx(0.0)
    fix = tmp_path / "fix.csv"
    fix.write_text("interaction_id,customer_id\nF1,K2\n", encoding="utf-8")
    report = interactions_import(actor=hr, path=fix, columns="customer_id")
    # The February contact was someone else: January's contact was resolved first time after all.
    assert report.months_touched == ["2026-02"] and "2026-01" in report.months_recomputed
    assert figures()[("E001", "2026-01")]["fcr_rate"] == pytest.approx(1.0)
    assert figures()[("E002", "2026-02")]["fcr_rate"] == pytest.approx(1.0)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_sheets_mapping_for_a_file_that_is_no_workbook_is_refused(
    agents, hr, files, home, tmp_path, suffix
):
    # Read without the join, the file would silently lose the joined columns (here CSAT).
    path = tmp_path / f"cases.{suffix}"
    if suffix == "csv":
        write_rows(path, MAIN_ROWS[0], [[str(v) for v in row] for row in MAIN_ROWS[1:]])
    else:
        pq.write_table(
            pa.table({h: [str(r[i]) for r in MAIN_ROWS[1:]] for i, h in enumerate(MAIN_ROWS[0])}), path
        )
    with pytest.raises(MappingError) as err:
        interactions_import(actor=hr, path=path, mapping=files["join"])
    assert err.value.message == SHEETS_NOT_WORKBOOK
    assert "xlsx.sheets" in str(err.value) and {"csv": "CSV", "parquet": "Parquet"}[suffix] in str(err.value)
    assert store_snapshot(home) == {} and not MonthlyMetric.objects.exists()

    user_with_roles("hr-cols", "hr")
    args = ["import", "interactions", str(path), "--mapping", str(files["join"]), "--as", "hr-cols"]
    assert main(args) == 2
    assert store_snapshot(home) == {}


def test_the_cli_names_the_key_and_the_file_type(agents, files, tmp_path, capsys):
    path = write_rows(tmp_path / "cases.csv", MAIN_ROWS[0], [[str(v) for v in row] for row in MAIN_ROWS[1:]])
    user_with_roles("hr-cols", "hr")
    assert (
        main(["import", "interactions", str(path), "--mapping", str(files["join"]), "--as", "hr-cols"]) == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"serviceladder: {path} is a CSV file, but the mapping's key xlsx.sheets joins sheets of an XLSX "
        "workbook; import the workbook itself, or remove xlsx.sheets from the mapping"
    ]


@pytest.mark.usefixtures("_dummy_tasks")
def test_the_browser_refuses_a_sheets_mapping_with_a_csv_before_queueing(client, agents, hr, files):
    client.force_login(hr.user)
    response = client.post(
        reverse("imports"),
        {
            "kind": "interactions",
            "file": SimpleUploadedFile("cases.csv", b"Case ID,Agent\nC1,E001\n"),
            "mapping_file": SimpleUploadedFile("join.yaml", JOIN_MAPPING.encode()),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "cases.csv is a CSV file" in html and "xlsx.sheets" in html
    assert not ImportJob.objects.exists()


# The ratings sheet in another order than the contacts: C3 is row 4 of the main sheet, row 2 of this one.
BAD_CSAT_ROWS = [["Case ID", "Agent", "Score"], ["C3", "E002", 9], ["C1", "E001", 5]]


def test_a_bad_value_in_a_joined_sheet_is_reported_on_that_sheets_row(agents, hr, files, home, tmp_path):
    book = workbook(tmp_path / "bad.xlsx", BAD_CSAT_ROWS)
    wb = openpyxl.load_workbook(book)
    wb[MAIN]["F3"] = "long"  # and a bad talk time on the main sheet's row 3 (C2)
    wb.save(book)
    with pytest.raises(ValidationFailed) as err:
        interactions_import(actor=hr, path=book, mapping=files["join"])
    assert [(p.sheet, p.row, p.column, p.value) for p in err.value.problems] == [
        ("", 3, "Talk", "long"),
        (CSAT, 2, "Score", "9"),
    ]
    assert store_snapshot(home) == {} and not MonthlyMetric.objects.exists()


def test_a_renamed_joined_column_is_reported_under_its_own_name(agents, hr, files, home, tmp_path):
    # The ratings sheet's Agent column is read as csat.Agent; a report names it as the sheet does.
    book = workbook(
        tmp_path / "agents.xlsx", [["Case ID", "Agent", "Score"], ["C2", "E001", 4], ["C1", "", 5]]
    )
    mapping = tmp_path / "agent-from-csat.yaml"
    mapping.write_text(
        JOIN_MAPPING.replace("agent_id: {source: Agent}", "agent_id: {source: csat.Agent}"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as err:
        interactions_import(actor=hr, path=book, mapping=mapping)
    # C1 has no agent on the ratings sheet's row 3; C3 and C4 are not on that sheet: their main rows.
    assert [(p.sheet, p.row, p.column) for p in err.value.problems] == [
        ("", 4, "Agent"),
        ("", 5, "Agent"),
        (CSAT, 3, "Agent"),
    ]


def test_the_cli_and_the_browser_name_the_joined_sheet(agents, hr, files, home, tmp_path, capsys, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    book = workbook(tmp_path / "bad.xlsx", BAD_CSAT_ROWS)
    user_with_roles("hr-cols", "hr")
    assert (
        main(["import", "interactions", str(book), "--mapping", str(files["join"]), "--as", "hr-cols"]) == 2
    )
    assert "  sheet CSAT Data, row 2, column Score: '9' — expected" in capsys.readouterr().err

    job = import_job_create(
        actor=Actor(user=hr.user),
        kind="interactions",
        upload=SimpleUploadedFile("bad.xlsx", book.read_bytes()),
        mapping_upload=SimpleUploadedFile("join.yaml", JOIN_MAPPING.encode()),
    )
    assert import_job_run.call(job.pk) == ImportJob.Status.REJECTED
    job.refresh_from_db()
    assert [(p["sheet"], p["row"], p["column"]) for p in job.problems] == [(CSAT, 2, "Score")]
    settings.SECURE_SSL_REDIRECT = False
    from django.test import Client

    client = Client()
    client.force_login(hr.user)
    html = client.get(reverse("import_job_status", args=[job.pk])).content.decode()
    assert "2 (sheet CSAT Data)" in html
    assert not MonthlyMetric.objects.exists()
