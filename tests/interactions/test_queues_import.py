"""Unanswered contacts without an agent (blank or a pseudo agent such as NO_SERVER) count for their queue:
not rejected, not unmatched; queue figures per month, hand-computed; a month imported again replaces them."""

from pathlib import Path

import pytest
import yaml

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.compute import ImportRejected
from serviceladder.metrics.interactions.mapping import mapping_load
from serviceladder.metrics.interactions.queues import QUEUE_COLUMN_MARKER, store_add_queue_column
from serviceladder.metrics.interactions.reader import AGENT_REQUIRED
from serviceladder.metrics.models import MonthlyMetric, QueueMonthlyFigure
from serviceladder.metrics.queue_services import UNKNOWN_QUEUE_DEPARTMENT
from serviceladder.metrics.services import interactions_import
from tests.factories import DepartmentFactory
from tests.interactions.conftest import store_snapshot, write_rows

pytestmark = pytest.mark.django_db

HEADER = ["Call ID", "Agent", "Skill Group", "Start", "Answered", "Wait", "Talk"]
ROWS = [
    ["C1", "E001", "Billing", "2026-01-05 09:00:00", "Y", "10", "100"],
    ["C2", "E002", "Billing", "2026-01-05 10:00:00", "Y", "90", "200"],
    ["C3", "", "Billing", "2026-01-06 09:00:00", "N", "120", ""],
    ["C4", "NO_SERVER", "Billing", "2026-01-06 10:00:00", "N", "", ""],
    ["C5", "E001", "Sales", "2026-01-07 09:00:00", "Y", "30", "300"],
    ["C6", "no_server", "Sales", "2026-01-07 10:00:00", "N", "", ""],
    ["C7", "E002", "Sales", "2026-01-08 09:00:00", "N", "", ""],
    ["C8", "E001", "", "2026-02-02 09:00:00", "Y", "5", "60"],  # no queue: the channel is the queue
]
# (queue, month) -> offered, answered, abandoned, unassigned, abandon rate, service level (SLA 60 s).
EXPECTED = {
    ("Billing", "2026-01"): (4, 2, 2, 2, 2 / 4, 1 / 4),  # C1 within 60 s; C2 answered after 90 s
    ("Sales", "2026-01"): (3, 1, 2, 1, 2 / 3, 1 / 3),  # C7 has an agent: abandoned, not unassigned
    ("phone", "2026-02"): (1, 1, 0, 0, 0.0, 1.0),
}


def _mapping(tmp_path: Path, **extra) -> Path:
    data = {
        "format": "serviceladder-interactions",
        "version": 1,
        "name": "queue-export",
        "columns": {
            "interaction_id": {"source": "Call ID"},
            "agent_id": {"source": "Agent"},
            "queue": {"source": "Skill Group"},
            "channel": {"constant": "phone"},
            "started_at": {"source": "Start"},
            "answered": {"source": "Answered", "true_values": ["Y"], "false_values": ["N"]},
            "first_response_seconds": {"source": "Wait"},
            "talk_seconds": {"source": "Talk"},
            "hold_seconds": {"constant": 0},
            "after_call_work_seconds": {"constant": 0},
        },
        "unassigned_values": ["NO_SERVER"],
        **extra,
    }
    path = tmp_path / "queues.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def queue_figures() -> dict:
    return {
        (f.queue, f.month): (
            f.offered,
            f.answered,
            f.abandoned,
            f.unassigned,
            f.abandon_rate,
            f.service_level,
        )
        for f in QueueMonthlyFigure.objects.all()
    }


def _assert_expected(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key, values in expected.items():
        assert got[key][:4] == values[:4], key
        for g, e in zip(got[key][4:], values[4:], strict=True):
            assert g == pytest.approx(e), key


@pytest.fixture(params=["first", "merging"])
def prepared(request, agents, hr, tmp_path, home):
    """'first': an empty store (the first-import path); 'merging': December is stored (the careful path)."""
    if request.param == "merging":
        december = [["D1", "E001", "Billing", "2025-12-01 09:00:00", "Y", "10", "100"]]
        interactions_import(
            actor=hr, path=write_rows(tmp_path / "dec.csv", HEADER, december), mapping=_mapping(tmp_path)
        )
    return request.param


def test_contacts_without_an_agent_are_counted_per_queue_not_rejected_nor_unmatched(
    prepared, agents, hr, tmp_path
):
    path = write_rows(tmp_path / "calls.csv", HEADER, ROWS)
    report = interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path))

    got = queue_figures()
    if prepared == "merging":
        assert got.pop(("Billing", "2025-12")) == (1, 1, 0, 0, 0.0, 1.0)
    _assert_expected(got, EXPECTED)
    assert report.unmatched == {} and report.unmatched_rows == 0
    assert (report.rows_read, report.imported, report.duplicates) == (8, 8, 0)
    assert report.unanswered == 4  # C3, C4, C6 without an agent; C7 with one
    assert report.unassigned_unanswered == 3
    assert report.queue_rows == 3
    # The agents' figures know nothing of the contacts without an agent.
    metrics = {
        (m.employee.number, m.month): (m.contacts, m.unanswered)
        for m in MonthlyMetric.objects.filter(month__gte="2026-01").select_related("employee")
    }
    assert metrics == {("E001", "2026-01"): (2, 0), ("E002", "2026-01"): (1, 1), ("E001", "2026-02"): (1, 0)}
    figure = QueueMonthlyFigure.objects.get(queue="Billing", month="2026-01")
    assert figure.params["on_time_sla_seconds"] == 60 and figure.params["file"] == "calls.csv"


@pytest.mark.parametrize("agent", ["", "NO_SERVER"])
def test_an_answered_contact_without_an_agent_still_rejects_the_file(agents, hr, tmp_path, home, agent):
    rows = [*ROWS, ["C9", agent, "Billing", "2026-01-09 09:00:00", "Y", "10", "100"]]
    path = write_rows(tmp_path / "calls.csv", HEADER, rows)
    with pytest.raises(ImportRejected) as caught:
        interactions_import(actor=hr, path=path, mapping=_mapping(tmp_path))
    problems = [(p.row, p.column, p.value, p.allowed) for p in caught.value.problems]
    assert problems == [(10, "Agent", agent, AGENT_REQUIRED)]
    assert caught.value.unmatched == {}
    assert not QueueMonthlyFigure.objects.exists() and not MonthlyMetric.objects.exists()
    assert store_snapshot(home) == {}


def test_without_unassigned_values_a_pseudo_agent_is_an_unmatched_agent(agents, hr, tmp_path, home):
    mapping = _mapping(tmp_path)
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    del data["unassigned_values"]
    mapping.write_text(yaml.safe_dump(data), encoding="utf-8")
    path = write_rows(tmp_path / "calls.csv", HEADER, ROWS)
    with pytest.raises(ImportRejected) as caught:
        interactions_import(actor=hr, path=path, mapping=mapping)
    assert caught.value.unmatched == {"NO_SERVER": 1, "no_server": 1}
    assert not QueueMonthlyFigure.objects.exists()


def test_agents_matched_by_name_leave_the_contacts_without_an_agent_to_their_queue(agents, hr, tmp_path):
    names = {"E001": "王芳", "E002": "李雷"}
    rows = [[r[0], names.get(r[1], r[1]), *r[2:]] for r in ROWS]
    mapping = _mapping(tmp_path)
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["columns"]["agent_id"]["match"] = "name"
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = interactions_import(actor=hr, path=write_rows(tmp_path / "c.csv", HEADER, rows), mapping=mapping)
    _assert_expected(queue_figures(), EXPECTED)
    assert report.unmatched == {} and report.imported == 8


def test_importing_a_month_again_replaces_its_queue_figures(agents, hr, tmp_path):
    mapping = _mapping(tmp_path)
    interactions_import(actor=hr, path=write_rows(tmp_path / "a.csv", HEADER, ROWS), mapping=mapping)
    # The same file again: the store keeps one row per id, so the figures stay as they were.
    interactions_import(actor=hr, path=write_rows(tmp_path / "b.csv", HEADER, ROWS), mapping=mapping)
    _assert_expected(queue_figures(), EXPECTED)
    # January replaced by a corrected export holding two Billing contacts.
    january = [
        ["C3", "", "Billing", "2026-01-06 09:00:00", "N", "", ""],
        ["C10", "E001", "Billing", "2026-01-20 09:00:00", "Y", "70", "100"],
    ]
    interactions_import(
        actor=hr,
        path=write_rows(tmp_path / "jan.csv", HEADER, january),
        mapping=mapping,
        replace_month="2026-01",
    )
    _assert_expected(
        queue_figures(),
        {
            ("Billing", "2026-01"): (2, 1, 1, 1, 0.5, 0.0),
            ("phone", "2026-02"): EXPECTED[("phone", "2026-02")],
        },
    )


def test_queues_are_assigned_to_departments_by_the_mapping(agents, hr, tmp_path):
    billing = DepartmentFactory(code="billing")
    mapping = _mapping(tmp_path, queues={"Billing": "billing"})
    interactions_import(actor=hr, path=write_rows(tmp_path / "a.csv", HEADER, ROWS), mapping=mapping)
    assigned = dict(QueueMonthlyFigure.objects.values_list("queue", "department"))
    assert assigned == {"Billing": billing.pk, "Sales": None, "phone": None}


def test_a_queue_assigned_to_an_unknown_department_is_refused_before_anything_is_written(
    agents, hr, tmp_path, home
):
    DepartmentFactory(code="billing")
    mapping = _mapping(tmp_path, queues={"Sales": "sales-dept"})
    with pytest.raises(ValidationFailed) as caught:
        interactions_import(actor=hr, path=write_rows(tmp_path / "a.csv", HEADER, ROWS), mapping=mapping)
    assert caught.value.message == UNKNOWN_QUEUE_DEPARTMENT
    assert "sales-dept" in str(caught.value) and "billing" in str(caught.value)
    assert not QueueMonthlyFigure.objects.exists() and not MonthlyMetric.objects.exists()
    assert store_snapshot(home) == {}


def test_a_mapping_rejects_empty_unassigned_values_and_queue_without_department(tmp_path):
    with pytest.raises(ValidationFailed, match="unassigned_values"):
        mapping_load(_mapping(tmp_path, unassigned_values=[""]))
    with pytest.raises(ValidationFailed, match="queues.Billing"):
        mapping_load(_mapping(tmp_path, queues={"Billing": ""}))


def test_partitions_stored_before_queues_existed_get_an_empty_queue(agents, hr, tmp_path, home):
    import duckdb

    interactions_import(
        actor=hr, path=write_rows(tmp_path / "a.csv", HEADER, ROWS), mapping=_mapping(tmp_path)
    )
    # Make the stored partitions look like ones written before the queue column existed.
    con = duckdb.connect()
    for part in (home / "interactions").glob("month=*/*.parquet"):
        con.execute(
            f"COPY (SELECT * EXCLUDE (queue) FROM read_parquet('{part}')) TO '{part}.old' (FORMAT parquet)"
        )
        part.with_name(part.name + ".old").replace(part)
    (home / "interactions" / QUEUE_COLUMN_MARKER).unlink(missing_ok=True)  # as a store from before queues
    assert store_add_queue_column(home / "interactions") == 2
    assert store_add_queue_column(home / "interactions") == 0
    interactions_import(
        actor=hr,
        path=write_rows(
            tmp_path / "feb.csv", HEADER, [["C20", "E002", "Sales", "2026-02-03 09:00:00", "Y", "", "50"]]
        ),
        mapping=_mapping(tmp_path),
    )
    got = queue_figures()
    # February's older contact lost its queue with the rewrite: it counts under its channel now.
    assert got[("Sales", "2026-02")][:4] == (1, 1, 0, 0) and got[("Sales", "2026-02")][5] is None
    assert got[("phone", "2026-02")][:4] == (1, 1, 0, 0)


def test_an_id_first_without_an_agent_then_with_one_is_a_changed_agent(agents, hr, tmp_path):
    rows = [*ROWS, ["C3", "E001", "Billing", "2026-01-06 09:00:00", "Y", "20", "100"]]
    report = interactions_import(
        actor=hr, path=write_rows(tmp_path / "calls.csv", HEADER, rows), mapping=_mapping(tmp_path)
    )
    assert report.id_conflicts == 1 and report.duplicates == 1
    example = report.id_conflict_examples[0]
    assert (example["id"], example["agent"], example["then_agent"]) == ("C3", "", "E001")
    # The later row replaced the earlier: C3 is now answered by E001 within the SLA.
    assert queue_figures()[("Billing", "2026-01")][:4] == (4, 3, 1, 1)


def test_a_later_import_without_queues_keeps_the_queues_departments(agents, hr, tmp_path):
    # A department head sees the queues a mapping assigned to their department: a later file of another
    # shape (no `queues:`) for the same month must not take them away, and a mapping that names a queue
    # again reassigns it.
    billing, sales = DepartmentFactory(code="billing"), DepartmentFactory(code="sales")
    interactions_import(
        actor=hr,
        path=write_rows(tmp_path / "a.csv", HEADER, ROWS),
        mapping=_mapping(tmp_path, queues={"Billing": "billing"}),
    )
    later = [["C20", "E002", "Billing", "2026-01-25 09:00:00", "Y", "20", "100"]]
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "b.csv", HEADER, later), mapping=_mapping(tmp_path)
    )
    assigned = {
        (q, m): d for q, m, d in QueueMonthlyFigure.objects.values_list("queue", "month", "department")
    }
    assert assigned == {
        ("Billing", "2026-01"): billing.pk,
        ("Sales", "2026-01"): None,
        ("phone", "2026-02"): None,
    }
    assert queue_figures()[("Billing", "2026-01")][:2] == (5, 3)  # the later file's contact is counted

    interactions_import(
        actor=hr,
        path=write_rows(tmp_path / "c.csv", HEADER, later),
        mapping=_mapping(tmp_path, queues={"Billing": "sales", "Sales": "sales"}),
    )
    assigned = dict(QueueMonthlyFigure.objects.filter(month="2026-01").values_list("queue", "department"))
    assert assigned == {"Billing": sales.pk, "Sales": sales.pk}
