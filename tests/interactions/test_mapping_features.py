"""Mapping features real exports need: null markers, value maps, composite ids (and repeated ids that change
agent or time), durations in other units, name matching that forgives case and spacing."""

import argparse
import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.metrics.interactions.compute import IdsConflict, ImportRejected
from serviceladder.metrics.interactions.mapping import MappingError, mapping_load
from serviceladder.metrics.interactions.reader import ImplausibleDuration
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.factories import EmployeeFactory
from tests.interactions.conftest import figures, store_snapshot, write_rows

pytestmark = pytest.mark.django_db

HEAD = """format: serviceladder-interactions
version: 1
name: test
columns:
"""


def _mapping(tmp_path: Path, columns: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + columns, encoding="utf-8")
    return path


def _nothing_written(home: Path) -> None:
    assert store_snapshot(home) == {}
    assert not MonthlyMetric.objects.exists()
    assert not AuditEvent.objects.filter(action="metrics.interactions_import").exists()


# --- 1. null markers ---------------------------------------------------------------------------------

CALLER_COLUMNS = """  interaction_id: {source: id}
  agent_id: {source: agent}
  customer_id: {source: caller%s}
  started_at: {source: at}
  answered: {constant: true}
  resolved: {source: resolved}
  talk_seconds: {source: talk, null_values: ["-"]}
  csat: {source: rating, null_values: ["N/A"]}
  hold_seconds: {constant: 0}
  after_call_work_seconds: {constant: 0}
"""
CALLER_HEADER = ["id", "agent", "caller", "at", "resolved", "talk", "rating"]
# Two different anonymous callers (id 0), two days apart, both resolved: one agent, one month.
CALLER_ROWS = [
    ["A1", "E001", "0", "2026-01-05 09:00:00", "Y", "120", "5"],
    ["A2", "E001", " 0 ", "2026-01-07 09:00:00", "Y", "-", "N/A"],
]


def test_an_anonymous_caller_id_under_null_values_is_nobody(agents, hr, tmp_path):
    path = write_rows(tmp_path / "calls.csv", CALLER_HEADER, CALLER_ROWS)
    mapping = _mapping(tmp_path, CALLER_COLUMNS % ', null_values: ["0", "-", "NULL", "N/A"]')
    report = interactions_import(actor=hr, path=path, mapping=mapping)
    got = figures()[("E001", "2026-01")]
    # Not one customer calling twice: both contacts have no customer id, so FCR follows `resolved`.
    assert report.no_customer_id == 2
    assert got["fcr_rate"] == 1.0
    # "-" is an empty talk time and "N/A" an unrated contact, not bad values.
    assert got["aht_seconds"] == 120.0
    assert (got["csat_mean"], got["csat_rated"]) == (5.0, 1)


def test_without_null_values_the_caller_id_0_is_one_customer(agents, hr, tmp_path):
    """The same file without the marker on customer_id: the second contact is a repeat of the first."""
    path = write_rows(tmp_path / "calls.csv", CALLER_HEADER, CALLER_ROWS)
    report = interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, CALLER_COLUMNS % ""))
    assert report.no_customer_id == 0
    assert figures()[("E001", "2026-01")]["fcr_rate"] == 0.5


def test_null_values_in_a_numeric_parquet_column(agents, hr, tmp_path):
    table = pa.table(
        {
            "id": ["P1", "P2"],
            "agent": ["E001", "E001"],
            "caller": [0, 0],
            "at": [dt.datetime(2026, 1, 5, 9), dt.datetime(2026, 1, 6, 9)],
            "resolved": [True, True],
            "talk": [60, 0],
            "rating": [4, 5],
        }
    )
    pq.write_table(table, tmp_path / "calls.parquet")
    columns = CALLER_COLUMNS.replace('talk, null_values: ["-"]', 'talk, null_values: ["0"]')
    mapping = _mapping(tmp_path, columns % ", null_values: [0]")
    report = interactions_import(actor=hr, path=tmp_path / "calls.parquet", mapping=mapping)
    got = figures()[("E001", "2026-01")]
    assert report.no_customer_id == 2 and got["fcr_rate"] == 1.0
    assert got["aht_seconds"] == 60.0  # the talk time 0 is "not recorded" in this export


# --- 2. value maps -----------------------------------------------------------------------------------

STATUS_COLUMNS = """  interaction_id: {source: id}
  agent_id: {source: agent}
  started_at: {source: at}
  answered: {source: status, values: {AGENT: true, HANG: false, PHANTOM: false}}
  resolved: {source: outcome, values: {"已解决": true, "未解决": false, "转派": null}}
  csat: {source: rating, values: {非常满意: 5, 满意: 4, 一般: 3, 不满意: 2, 非常不满意: 1}}
"""
STATUS_HEADER = ["id", "agent", "at", "status", "outcome", "rating"]
STATUS_ROWS = [
    ["S1", "E001", "2026-01-05 09:00:00", "AGENT", "已解决", "非常满意"],
    ["S2", "E001", "2026-01-05 10:00:00", " agent ", "未解决", "一般"],
    ["S3", "E001", "2026-01-05 11:00:00", "HANG", "", ""],
    ["S4", "E001", "2026-01-05 12:00:00", "PHANTOM", "", ""],
    ["S5", "E001", "2026-01-05 13:00:00", "AGENT", "转派", ""],
]


def test_value_maps_translate_labels(agents, hr, tmp_path):
    path = write_rows(tmp_path / "calls.csv", STATUS_HEADER, STATUS_ROWS)
    report = interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, STATUS_COLUMNS))
    got = figures()[("E001", "2026-01")]
    assert report.unanswered == 2
    assert (got["contacts"], got["unanswered"]) == (3, 2)
    assert got["resolution_rate"] == 0.5  # 转派 maps to empty: not judged
    assert (got["csat_mean"], got["csat_rated"]) == (4.0, 2)


def test_an_unmapped_value_is_reported_with_the_allowed_ones(agents, hr, tmp_path, home):
    rows = [list(r) for r in STATUS_ROWS]
    rows[1][3] = "VOICEMAIL"
    rows[2][5] = "很好"
    path = write_rows(tmp_path / "calls.csv", STATUS_HEADER, rows)
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, STATUS_COLUMNS))
    assert {(p.row, p.column, p.value, p.allowed) for p in info.value.problems} == {
        (3, "status", "VOICEMAIL", "one of: AGENT, HANG, PHANTOM"),
        (4, "rating", "很好", "one of: 非常满意, 满意, 一般, 不满意, 非常不满意"),
    }
    assert "calls.csv" in str(info.value)
    _nothing_written(home)


def test_csat_scale_10_reads_0_to_10(agents, hr, tmp_path):
    columns = """  interaction_id: {source: id}
  agent_id: {source: agent}
  started_at: {source: at}
  answered: {constant: true}
  csat: {source: rating, scale: 10}
"""
    rows = [["R1", "E001", "2026-01-05 09:00:00", "0"], ["R2", "E001", "2026-01-05 10:00:00", "10"]]
    rows.append(["R3", "E001", "2026-01-05 11:00:00", "5"])
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at", "rating"], rows)
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, columns))
    got = figures()[("E001", "2026-01")]
    assert got["csat_mean"] == pytest.approx((1 + 5 + 3) / 3)  # 0 -> 1, 10 -> 5, 5 -> 3
    assert got["csat_top2_share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("  answered: {source: s, values: {AGENT: maybe}}\n", "columns.answered.values.AGENT"),
        ("  answered: {constant: true}\n  csat: {source: r, values: {top: 7}}\n", "columns.csat.values.top"),
        ("  answered: {constant: true}\n  csat: {source: r, scale: 7}\n", "scale must be 5 (1-5), 10"),
        ("  answered: {source: s, values: {yes: true}}\n", "quote the cell text"),
        ("  answered: {source: s, values: {A: true, ' a': false}}\n", "differ only in case"),
        ("  answered: {constant: true}\n  channel: {constant: x, null_values: [x]}\n", "need a source"),
    ],
)
def test_value_map_mistakes_are_refused_when_the_mapping_loads(tmp_path, column, expected):
    text = "  interaction_id: {source: id}\n  agent_id: {source: a}\n  started_at: {source: t}\n" + column
    with pytest.raises(MappingError) as info:
        mapping_load(_mapping(tmp_path, text))
    assert expected in str(info.value)


# --- 3. composite ids and repeated ids -----------------------------------------------------------------

COMPOSITE_COLUMNS = """  interaction_id: {sources: [vru, line, call_id]}
  agent_id: {source: agent}
  started_at: {source: at}
  answered: {constant: true}
"""
COMPOSITE_HEADER = ["vru", "line", "call_id", "agent", "at"]


def test_a_composite_id_keeps_calls_that_share_a_call_id(agents, hr, tmp_path):
    rows = [
        ["V1", "1", "1001", "E001", "2026-01-05 09:00:00"],
        ["V1", "2", "1001", "E002", "2026-01-05 09:00:00"],
    ]
    path = write_rows(tmp_path / "calls.csv", COMPOSITE_HEADER, rows)
    report = interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, COMPOSITE_COLUMNS))
    assert (report.imported, report.duplicates, report.id_conflicts) == (2, 0, 0)
    got = figures()
    assert got[("E001", "2026-01")]["contacts"] == 1 and got[("E002", "2026-01")]["contacts"] == 1


def test_a_missing_composite_id_is_reported_with_its_columns(agents, hr, tmp_path, home):
    rows = [["", "", "", "E001", "2026-01-05 09:00:00"], ["V1", "", "7", "E001", "2026-01-05 09:00:00"]]
    path = write_rows(tmp_path / "calls.csv", COMPOSITE_HEADER, rows)
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, COMPOSITE_COLUMNS))
    assert [(p.row, p.column, p.allowed) for p in info.value.problems] == [
        (2, "vru + line + call_id", "a value (required)")
    ]
    _nothing_written(home)


RE_EXPORT = [
    ["V1", "1", "1001", "E001", "2026-01-05 09:00:00"],
    ["V1", "1", "1002", "E001", "2026-01-05 09:05:00"],
    ["V1", "1", "1001", "E001", "2026-01-05 09:00:00"],  # the same contact again: a re-export
    ["V1", "1", "1002", "E002", "2026-01-06 10:00:00"],  # the same id, another agent and day
]


def test_a_repeated_id_with_another_agent_is_reported(agents, hr, tmp_path):
    path = write_rows(tmp_path / "calls.csv", COMPOSITE_HEADER, RE_EXPORT)
    report = interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, COMPOSITE_COLUMNS))
    assert (report.imported, report.duplicates, report.id_conflicts) == (2, 2, 1)
    assert report.id_conflict_examples == [
        {
            "id": "V1|1|1002",
            "agent": "E001",
            "at": "2026-01-05 09:05:00",
            "then_agent": "E002",
            "then_at": "2026-01-06 10:00:00",
            "row": 5,
            "first_row": 3,
        }
    ]
    # The later row replaced the earlier one (the rule for a repeated id is unchanged).
    assert figures()[("E002", "2026-01")]["contacts"] == 1


def test_a_repeat_of_a_stored_id_with_another_start_time_is_reported(agents, hr, tmp_path):
    mapping = _mapping(tmp_path, COMPOSITE_COLUMNS)
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "a.csv", COMPOSITE_HEADER, RE_EXPORT[:2]), mapping=mapping
    )
    later = [
        ["V1", "1", "1001", "E001", "2026-01-05 09:00:00"],
        ["V1", "1", "1002", "E001", "2026-01-09 08:00"],
    ]
    report = interactions_import(
        actor=hr, path=write_rows(tmp_path / "b.csv", COMPOSITE_HEADER, later), mapping=mapping
    )
    assert (report.duplicates, report.id_conflicts) == (2, 1)
    [example] = report.id_conflict_examples
    assert (example["id"], example["at"], example["then_at"], example["first_row"]) == (
        "V1|1|1002",
        "2026-01-05 09:05:00",
        "2026-01-09 08:00:00",
        None,
    )
    audit = AuditEvent.objects.filter(action="metrics.interactions_import").latest("id")
    assert audit.after["id_conflicts"] == 1


def test_strict_ids_refuse_a_conflicting_repeat_and_write_nothing(agents, hr, tmp_path, home):
    path = write_rows(tmp_path / "calls.csv", COMPOSITE_HEADER, RE_EXPORT)
    with pytest.raises(IdsConflict) as info:
        interactions_import(
            actor=hr, path=path, mapping=_mapping(tmp_path, COMPOSITE_COLUMNS), strict_ids=True
        )
    assert info.value.total == 1
    assert str(info.value.conflicts[0]) == (
        "id V1|1|1002 seen with agent E001 at 2026-01-05 09:05:00 and agent E002 at 2026-01-06 10:00:00"
    )
    _nothing_written(home)
    # A plain re-export is no conflict, strict or not.
    path = write_rows(tmp_path / "again.csv", COMPOSITE_HEADER, RE_EXPORT[:3])
    report = interactions_import(
        actor=hr, path=path, mapping=_mapping(tmp_path, COMPOSITE_COLUMNS), strict_ids=True
    )
    assert (report.imported, report.duplicates, report.id_conflicts) == (2, 1, 0)


def test_cli_strict_ids_exits_2_and_lists_the_pairs(agents, hr, tmp_path, capsys, home):
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser

    parser = argparse.ArgumentParser()
    add_interactions_parser(parser.add_subparsers())
    path = write_rows(tmp_path / "calls.csv", COMPOSITE_HEADER, RE_EXPORT)
    mapping = _mapping(tmp_path, COMPOSITE_COLUMNS)
    args = ["interactions", str(path), "--mapping", str(mapping), "--as", "hr-importer"]
    parsed = parser.parse_args([*args, "--strict-ids"])
    assert parsed.handler(parsed) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("serviceladder: ") and "1 interaction id(s)" in err
    assert "row 5: id V1|1|1002 seen with agent E001 at 2026-01-05 09:05:00 and agent E002" in err
    _nothing_written(home)
    parsed = parser.parse_args(args)
    assert parsed.handler(parsed) == 0
    out = capsys.readouterr().out
    assert "1 repeated id(s) came with another agent or start time" in out
    assert "id V1|1|1002 seen with agent E001 at 2026-01-05 09:05:00 and agent E002" in out


# --- 4. durations in other units --------------------------------------------------------------------

DURATION_COLUMNS = """  interaction_id: {source: id}
  agent_id: {source: agent}
  started_at: {source: at}
  answered: {constant: true}
  talk_seconds: {source: talk%s}
  hold_seconds: {constant: 0}
  after_call_work_seconds: {constant: 0}
"""


def _xlsx(path: Path, talks: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "agent", "at", "talk"])
    for i, talk in enumerate(talks):
        ws.append([f"X{i}", "E001", dt.datetime(2026, 1, 5, 9, i), talk])
    wb.save(path)
    return path


def test_a_day_fraction_is_read_in_days(agents, hr, tmp_path):
    # A General cell holding 3:45 (0.0026041666 of a day), a 1:30 time cell and an [h]:mm:ss duration.
    path = _xlsx(tmp_path / "calls.xlsx", [225 / 86400, dt.time(0, 1, 30), dt.timedelta(minutes=2)])
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, DURATION_COLUMNS % ", unit: days"))
    assert figures()[("E001", "2026-01")]["aht_seconds"] == pytest.approx((225 + 90 + 120) / 3)


def test_time_cells_are_durations_whatever_the_unit(agents, hr, tmp_path):
    path = _xlsx(tmp_path / "calls.xlsx", [dt.time(0, 3, 45), dt.timedelta(hours=25), 2])
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, DURATION_COLUMNS % ", unit: minutes"))
    assert figures()[("E001", "2026-01")]["aht_seconds"] == pytest.approx((225 + 25 * 3600 + 120) / 3)


def test_parquet_time_and_interval_columns_are_durations(agents, hr, tmp_path):
    import duckdb

    path = tmp_path / "calls.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES "
        "('T1', 'E001', TIMESTAMP '2026-01-05 09:00:00', TIME '00:03:45', INTERVAL 30 SECOND), "
        "('T2', 'E001', TIMESTAMP '2026-01-05 10:00:00', TIME '00:01:15', INTERVAL 25 HOUR)"
        f") t(id, agent, \"at\", talk, hold)) TO '{path}' (FORMAT parquet)"
    )
    columns = (DURATION_COLUMNS % ", unit: days").replace(
        "hold_seconds: {constant: 0}", "hold_seconds: {source: hold}"
    )
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, columns))
    assert figures()[("E001", "2026-01")]["aht_seconds"] == pytest.approx((225 + 30 + 75 + 25 * 3600) / 2)


def test_a_number_of_hours(agents, hr, tmp_path):
    unit, factor = "hours", 3600
    rows = [["D1", "E001", "2026-01-05 09:00:00", "1.5"], ["D2", "E001", "2026-01-05 10:00:00", "0:02:00"]]
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at", "talk"], rows)
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, DURATION_COLUMNS % f", unit: {unit}"))
    assert figures()[("E001", "2026-01")]["aht_seconds"] == pytest.approx((1.5 * factor + 120) / 2)


def test_an_implausible_duration_column_suggests_its_unit(agents, hr, tmp_path, home):
    path = _xlsx(tmp_path / "calls.xlsx", [225 / 86400, 0.0031, 0, None])
    with pytest.raises(ImplausibleDuration) as info:
        interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, DURATION_COLUMNS % ""))
    text = str(info.value)
    assert "calls.xlsx" in text and "column talk (talk_seconds)" in text and "read in seconds" in text
    assert "0.00260417, 0.0031" in text
    # 0.0026 minutes is under a second; in hours it is 9.4 s, in days 3:45
    assert "Units that fit: hours, days." in text and "talk_seconds: {source: talk, unit: days}" in text
    _nothing_written(home)


def test_zeros_and_clock_times_never_look_implausible(agents, hr, tmp_path):
    rows = [["Z1", "E001", "2026-01-05 09:00:00", "0"], ["Z2", "E001", "2026-01-05 10:00:00", "0:00:00.5"]]
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at", "talk"], rows)
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, DURATION_COLUMNS % ""))
    assert figures()[("E001", "2026-01")]["aht_seconds"] == pytest.approx(0.25)


# --- 5. name matching ---------------------------------------------------------------------------------

NAME_COLUMNS = """  interaction_id: {source: id}
  agent_id: {source: agent, match: name}
  started_at: {source: at}
  answered: {constant: true}
"""


@pytest.fixture
def named(db):
    return [
        EmployeeFactory(number="E101", name="Joe Smith"),
        EmployeeFactory(number="E102", name="Ann Lee"),
        EmployeeFactory(number="E103", name="王芳"),
    ]


def test_names_match_whatever_their_case_and_spaces(named, hr, tmp_path):
    rows = [
        ["N1", "  joe smith ", "2026-01-05 09:00:00"],
        ["N2", "JOE  SMITH", "2026-01-05 10:00:00"],
        ["N3", "Ann Lee", "2026-01-05 11:00:00"],
    ]
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at"], rows)
    interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path, NAME_COLUMNS))
    got = figures()
    assert got[("E101", "2026-01")]["contacts"] == 2 and got[("E102", "2026-01")]["contacts"] == 1


def test_unmatched_names_suggest_near_misses(named, hr, tmp_path, home, capsys):
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser

    rows = [
        ["N1", "Joe Smyth", "2026-01-05 09:00:00"],
        ["N2", "Joe Smyth", "2026-01-05 09:30:00"],
        ["N3", "Zed Quux", "2026-01-05 10:00:00"],
        ["N4", "王方", "2026-01-05 11:00:00"],
    ]
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at"], rows)
    mapping = _mapping(tmp_path, NAME_COLUMNS)
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=path, mapping=mapping)
    assert info.value.unmatched == {"Joe Smyth": 2, "Zed Quux": 1, "王方": 1}
    assert info.value.near == {"Joe Smyth": ["Joe Smith"], "王方": ["王芳"]}
    _nothing_written(home)

    parser = argparse.ArgumentParser()
    add_interactions_parser(parser.add_subparsers())
    args = parser.parse_args(["interactions", str(path), "--mapping", str(mapping), "--as", "hr-importer"])
    assert args.handler(args) == 2
    err = capsys.readouterr().err
    assert "agent 'Joe Smyth' matches no employee; rows in the file: 2 — did you mean \"Joe Smith\"?" in err
    assert "agent 'Zed Quux' matches no employee; rows in the file: 1\n" in err


def test_a_conflict_between_named_agents_shows_the_names_the_file_gives(named, hr, tmp_path, home):
    # Matching by name compares employees ("joe smith" and "Joe Smith" are one agent, no conflict), but the
    # report names each agent as the file does, with the employee number beside it.
    rows = [
        ["N1", "Joe Smith", "2026-01-05 09:00:00"],
        ["N2", " joe smith", "2026-01-05 10:00:00"],
        ["N2", "JOE SMITH", "2026-01-05 10:00:00"],
        ["N1", "ann lee ", "2026-01-05 09:00:00"],
    ]
    mapping = _mapping(tmp_path, NAME_COLUMNS)
    path = write_rows(tmp_path / "calls.csv", ["id", "agent", "at"], rows)
    with pytest.raises(IdsConflict) as info:
        interactions_import(actor=hr, path=path, mapping=mapping, strict_ids=True)
    assert [str(c) for c in info.value.conflicts] == [
        "id N1 seen with agent Joe Smith (E101) at 2026-01-05 09:00:00 and agent ann lee (E102) at "
        "2026-01-05 09:00:00"
    ]
    _nothing_written(home)

    # Against the store: the stored contact's agent is named as the employee is.
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "a.csv", ["id", "agent", "at"], rows[:1]), mapping=mapping
    )
    later = write_rows(tmp_path / "b.csv", ["id", "agent", "at"], [["N1", "王芳", "2026-01-06 09:00:00"]])
    report = interactions_import(actor=hr, path=later, mapping=mapping)
    [example] = report.id_conflict_examples
    assert (example["agent"], example["then_agent"], example["first_row"], example["row"]) == (
        "Joe Smith (E101)",
        "王芳 (E103)",
        None,
        2,
    )


def test_a_date_cell_and_a_time_cell_make_the_start_time(agents, hr, tmp_path, home):
    # Excel keeps a date cell as a date-time at midnight; with a time-of-day cell beside it (or a General
    # cell holding the day fraction) the two make the start.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "agent", "date", "time", "talk"])
    ws.append(["T1", "E001", dt.date(2026, 1, 5), dt.time(9, 15), dt.time(0, 3, 45)])
    ws.append(["T2", "E001", dt.datetime(2026, 1, 6), 0.40625, dt.timedelta(minutes=4, seconds=12)])
    for row in ws.iter_rows(min_row=2):
        row[2].number_format, row[3].number_format = "yyyy-mm-dd", "hh:mm:ss"
    wb.save(tmp_path / "calls.xlsx")
    mapping = _mapping(
        tmp_path,
        "  interaction_id: {source: id}\n  agent_id: {source: agent}\n"
        "  started_at: {source: date, time_source: time}\n  answered: {constant: true}\n"
        "  talk_seconds: {source: talk}\n  hold_seconds: {constant: 0}\n"
        "  after_call_work_seconds: {constant: 0}\n",
    )
    report = interactions_import(actor=hr, path=tmp_path / "calls.xlsx", mapping=mapping)
    assert report.imported == 2
    stored = sorted((r["interaction_id"], r["started_at"], r["talk_seconds"]) for r in _stored(home))
    assert stored == [
        ("T1", dt.datetime(2026, 1, 5, 9, 15), 225.0),
        ("T2", dt.datetime(2026, 1, 6, 9, 45), 252.0),
    ]


def _stored(home: Path) -> list[dict]:
    import duckdb

    files = sorted(str(p) for p in (home / "interactions").glob("month=*/*.parquet"))
    cur = duckdb.connect().execute(f"SELECT * FROM read_parquet({files}, hive_partitioning = false)")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
