"""After-call work and the abusive-contact rate per agent-month (issue 16, the strain and exposure signals):
computed from the interaction records in the same pass as the other figures, `abusive` optional like
`complaint`, and empty (never 0) when the export has no such column."""

import argparse
import os

import duckdb
import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import (
    MappingError,
    mapping_load,
    mapping_parse,
)
from serviceladder.metrics.interactions.reader import MISSING_COLUMNS, FileError
from serviceladder.metrics.interactions.schema import CANONICAL_FILE_COLUMNS
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.services import interactions_import
from tests.interactions.conftest import store_snapshot, write_rows

pytestmark = pytest.mark.django_db

HEADER = list(CANONICAL_FILE_COLUMNS)  # ends with complaint, abusive
assert HEADER[-2:] == ["complaint", "abusive"]


def row(iid, agent, at, *, acw="30", abusive="false", answered="true", customer=""):
    handled = answered == "true"
    return [
        iid,
        agent,
        customer,
        "phone",
        at,
        answered,
        "100" if handled else "",
        "0" if handled else "",
        acw,
        "20" if handled else "",
        "true" if handled else "",
        "",
        "false" if handled else "",
        abusive,
    ]


ROWS = [
    # E001, January: after-call work 60, 30, (none), 0 -> 30; flags true, false, false, (none) -> 1/3.
    row("A1", "E001", "2026-01-05 09:00:00", acw="60", abusive="true"),
    row("A2", "E001", "2026-01-06 09:00:00", acw="30", abusive="false"),
    row("A3", "E001", "2026-01-07 09:00:00", acw="", abusive="false"),
    row("A4", "E001", "2026-01-08 09:00:00", acw="0", abusive=""),
    # Unanswered: in no handled figure, its flag included.
    row("A5", "E001", "2026-01-09 09:00:00", acw="", abusive="true", answered="false"),
    # E001, February: one contact, flagged 是 (the default parsing reads 是/否).
    row("B1", "E001", "2026-02-03 10:00:00", acw="45", abusive="是"),
    # E002, January: flags N and no -> a real 0; after-call work 10, 20 -> 15.
    row("C1", "E002", "2026-01-12 11:00:00", acw="10", abusive="N"),
    row("C2", "E002", "2026-01-13 11:00:00", acw="20", abusive="no"),
]


def stored() -> dict[tuple[str, str], tuple]:
    return {
        (number, month): (contacts, acw, abusive)
        for number, month, contacts, acw, abusive in MonthlyMetric.objects.values_list(
            "employee__number", "month", "contacts", "acw_seconds", "abusive_rate"
        )
    }


def approx(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key, (contacts, acw, rate) in expected.items():
        g_contacts, g_acw, g_rate = got[key]
        assert g_contacts == contacts, key
        assert (g_acw is None) == (acw is None) and (acw is None or g_acw == pytest.approx(acw)), key
        assert (g_rate is None) == (rate is None) and (rate is None or g_rate == pytest.approx(rate)), key


def test_after_call_work_and_abusive_rate_equal_the_hand_computation(agents, hr, tmp_path):
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "calls.csv", HEADER, ROWS))
    assert report.imported == 8 and report.unanswered == 1
    approx(
        stored(),
        {
            ("E001", "2026-01"): (4, (60 + 30 + 0) / 3, 1 / 3),
            ("E001", "2026-02"): (1, 45.0, 1.0),
            ("E002", "2026-01"): (2, 15.0, 0.0),
        },
    )
    # The figures the product's rules read: sample size = the month's contacts.
    from serviceladder.metrics.selectors import monthly_figures

    got = monthly_figures([agents["E002"].pk], months=["2026-01"], metrics=["acw_seconds", "abusive_rate"])
    assert got[agents["E002"].pk]["2026-01"] == {"contacts": 2, "acw_seconds": 15.0, "abusive_rate": 0.0}


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_an_export_without_the_abusive_column_gives_an_empty_rate_not_zero(agents, hr, tmp_path, file_format):
    header = HEADER[:-1]
    rows = [r[:-1] for r in ROWS]
    path = write_rows(tmp_path / "calls.csv", header, rows)
    if file_format == "parquet":
        out = tmp_path / "calls.parquet"
        duckdb.connect().execute(
            f"COPY (SELECT * FROM read_csv('{path}', header = true, all_varchar = true)) "
            f"TO '{out}' (FORMAT parquet)"
        )
        path = out
    interactions_import(actor=hr, path=path)
    approx(
        stored(),
        {
            ("E001", "2026-01"): (4, 30.0, None),
            ("E001", "2026-02"): (1, 45.0, None),
            ("E002", "2026-01"): (2, 15.0, None),
        },
    )


def test_a_bad_abusive_value_rejects_the_file_and_writes_nothing(agents, hr, tmp_path, home):
    rows = [list(r) for r in ROWS]
    rows[2][-1] = "maybe"  # A3, file row 4
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=write_rows(tmp_path / "calls.csv", HEADER, rows))
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "abusive", "maybe")
    assert "true" in problem.reason() and "false" in problem.reason()
    assert not MonthlyMetric.objects.exists()
    assert store_snapshot(home) == {}
    assert not AuditEvent.objects.exists()


def test_the_command_line_names_the_row_column_and_value_and_exits_2(agents, hr, tmp_path, capsys):
    from serviceladder.cli.commands.interactions_cli import add_interactions_parser

    parser = argparse.ArgumentParser()
    add_interactions_parser(parser.add_subparsers())
    rows = [list(r) for r in ROWS]
    rows[5][-1] = "sometimes"  # B1, file row 7
    path = write_rows(tmp_path / "calls.csv", HEADER, rows)
    args = parser.parse_args(["interactions", str(path), "--as", "hr-importer"])
    assert args.handler(args) == 2
    assert "row 7, column abusive: 'sometimes'" in capsys.readouterr().err
    assert not MonthlyMetric.objects.exists()


def test_a_mapping_reads_the_flag_from_its_own_column_with_yes_no_in_chinese(agents, hr, tmp_path):
    mapping = tmp_path / "zh.yaml"
    mapping.write_text(
        """
format: serviceladder-interactions
version: 1
columns:
  interaction_id: {source: 工单号}
  agent_id: {source: 工号}
  started_at: {source: 开始时间}
  answered: {constant: true}
  after_call_work_seconds: {source: 话后处理}
  abusive: {source: 是否辱骂}
""",
        encoding="utf-8",
    )
    rows = [
        ["T1", "E001", "2026-03-02 09:00:00", "0:01:00", "是"],
        ["T2", "E001", "2026-03-02 10:00:00", "0:00:30", "否"],
        ["T3", "E001", "2026-03-02 11:00:00", "0:00:30", "否"],
        ["T4", "E001", "2026-03-02 12:00:00", "0:00:20", " 否 "],
    ]
    header = ["工单号", "工号", "开始时间", "话后处理", "是否辱骂"]
    interactions_import(actor=hr, path=write_rows(tmp_path / "t.csv", header, rows), mapping=mapping)
    approx(stored(), {("E001", "2026-03"): (4, (60 + 30 + 30 + 20) / 4, 1 / 4)})


def test_a_mapping_with_its_own_true_and_false_values_refuses_others(agents, hr, tmp_path):
    mapping = tmp_path / "yn.yaml"
    mapping.write_text(
        """
format: serviceladder-interactions
version: 1
columns:
  interaction_id: {source: ID}
  agent_id: {source: Agent}
  started_at: {source: Start}
  answered: {constant: true}
  abusive: {source: Abuse, true_values: [Y], false_values: [N]}
""",
        encoding="utf-8",
    )
    header = ["ID", "Agent", "Start", "Abuse"]
    good = [["X1", "E002", "2026-03-02 09:00:00", "Y"], ["X2", "E002", "2026-03-02 09:10:00", "N"]]
    bad = [*good, ["X3", "E002", "2026-03-02 09:20:00", "是"]]
    with pytest.raises(ImportRejected) as info:
        interactions_import(actor=hr, path=write_rows(tmp_path / "bad.csv", header, bad), mapping=mapping)
    assert [(p.row, p.column, p.value, p.allowed) for p in info.value.problems] == [(4, "Abuse", "是", "Y/N")]
    assert not MonthlyMetric.objects.exists()
    interactions_import(actor=hr, path=write_rows(tmp_path / "good.csv", header, good), mapping=mapping)
    approx(stored(), {("E002", "2026-03"): (2, None, 0.5)})


def test_a_source_column_the_file_lacks_is_an_error_unless_the_mapping_says_optional(agents, hr, tmp_path):
    text = """
format: serviceladder-interactions
version: 1
columns:
  interaction_id: {source: ID}
  agent_id: {source: Agent}
  started_at: {source: Start}
  answered: {constant: true}
  abusive: {source: Abuse%s}
"""
    path = write_rows(
        tmp_path / "calls.csv", ["ID", "Agent", "Start"], [["X1", "E002", "2026-03-02 09:00:00"]]
    )
    strict, optional = tmp_path / "strict.yaml", tmp_path / "optional.yaml"
    strict.write_text(text % "", encoding="utf-8")
    optional.write_text(text % ", optional: true", encoding="utf-8")
    with pytest.raises(FileError) as info:
        interactions_import(actor=hr, path=path, mapping=strict)
    assert info.value.message is MISSING_COLUMNS and "Abuse" in str(info.value)
    assert not MonthlyMetric.objects.exists()
    interactions_import(actor=hr, path=path, mapping=optional)
    approx(stored(), {("E002", "2026-03"): (1, None, None)})


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("abusive: {constant: true, optional: true}", "optional needs one source column"),
        ("interaction_id: {source: ID, optional: true}", "a required column cannot be optional"),
    ],
)
def test_optional_is_only_for_a_column_read_from_one_source_that_may_be_missing(spec, problem):
    data = {
        "format": "serviceladder-interactions",
        "version": 1,
        "columns": {
            "interaction_id": {"source": "ID"},
            "agent_id": {"source": "Agent"},
            "started_at": {"source": "Start"},
            "answered": {"constant": True},
        },
    }
    import yaml

    data["columns"].update(yaml.safe_load(spec))
    with pytest.raises(MappingError) as info:
        mapping_parse(data)
    assert problem in str(info.value)


def test_the_canonical_mapping_reads_abusive_when_the_file_has_it():
    canonical = mapping_load(None)
    assert canonical.is_canonical
    assert canonical.spec("abusive").source == "abusive" and canonical.spec("abusive").optional
    assert "abusive" not in canonical.source_columns(optional=False)
    assert canonical.for_file({"abusive": "VARCHAR"}).spec("abusive").source == "abusive"
    assert canonical.for_file({"interaction_id": "VARCHAR"}).spec("abusive").absent


def test_a_partial_update_sets_the_abusive_flags_of_stored_contacts(agents, hr, tmp_path):
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "calls.csv", HEADER, [r[:-1] + [""] for r in ROWS])
    )
    assert stored()[("E002", "2026-01")][2] is None
    flags = write_rows(
        tmp_path / "flags.csv", ["interaction_id", "abusive"], [["C1", "true"], ["C2", "false"]]
    )
    report = interactions_import(actor=hr, path=flags, columns="abusive")
    assert report.columns == ["abusive"]
    approx(
        {k: v for k, v in stored().items() if k[0] == "E002"},
        {("E002", "2026-01"): (2, 15.0, 0.5)},
    )
    assert os.environ["SERVICELADDER_HOME"]
