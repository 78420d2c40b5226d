"""Writers for the metrics app."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record, audit_record_many
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.bulk_upsert import monthly_metrics_upsert
from serviceladder.metrics.interactions.columns import (
    COLUMNS_WITH_REPLACE,
    ColumnsStaged,
    columns_parse,
    stage_columns,
)
from serviceladder.metrics.interactions.compute import (
    EmployeeLookup,
    FirstImportNotClean,
    Progress,
    Staged,
    stage_import,
)
from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS, METRIC_COLUMNS, MetricParams
from serviceladder.metrics.interactions.mapping import Mapping, mapping_load
from serviceladder.metrics.interactions.queues import queue_figures_compute, store_add_queue_column
from serviceladder.metrics.interactions.store import store_lock, store_root
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.provenance import after_sheet
from serviceladder.metrics.queue_services import queue_departments, queue_figures_write
from serviceladder.metrics.rankings import RankingPlan, rankings_plan, rankings_write, stored_figures
from serviceladder.org.models import Employee

if TYPE_CHECKING:
    from serviceladder.metrics.interactions.prefetch import Prefetch

# Figures only a monthly sheet provides (interaction records never do).
SHEET_ONLY_FIELDS = (
    "kpi_completion",
    "attendance_rate",
    "kb_contributions",
    "qa_score",
    "exam_score",
    "supervisor_rating",
    "imported_score",
)
FIGURE_FIELDS = (*METRIC_COLUMNS, *SHEET_ONLY_FIELDS)

BAD_MONTH = _("%(value)s is not a month; write YYYY-MM.")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class InteractionImportReport:
    file: str
    sha256: str
    rows_read: int
    imported: int
    duplicates: int
    unanswered: int
    no_customer_id: int
    unmatched_rows: int
    unmatched: dict[str, int] = field(default_factory=dict)
    # Rows left out (skip_unmatched) because their month has not begun or lies outside the agent's
    # employment; `impossible_months` lists the first (agent, month, rows, reason) groups of them.
    impossible_month_rows: int = 0
    impossible_months: list[dict] = field(default_factory=list)
    months_touched: list[str] = field(default_factory=list)
    months_recomputed: list[str] = field(default_factory=list)
    metric_rows: int = 0
    params: dict = field(default_factory=dict)
    # Repeated ids that came with another agent or start time (the later row replaced the earlier one),
    # and the first of them: {"id", "agent", "at", "then_agent", "then_at", "row", "first_row"}.
    id_conflicts: int = 0
    id_conflict_examples: list[dict] = field(default_factory=list)
    # A partial update (`columns`): the columns it changed, and the ids it left out (skip_unmatched) because
    # no contact with them is stored.
    columns: list[str] = field(default_factory=list)
    ids_not_stored: int = 0
    ids_not_stored_examples: list[str] = field(default_factory=list)
    # Unanswered contacts without an agent (blank or a pseudo agent) in the months touched: counted for
    # their queue only; and the (queue, month) figures written.
    unassigned_unanswered: int = 0
    queue_rows: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _sha256_in_background(path: Path) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def run() -> None:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 22):
                digest.update(chunk)
        out["sha256"] = digest.hexdigest()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def _employee_lookup() -> EmployeeLookup:
    by_number: dict[str, int] = {}
    by_name: dict[str, list[str]] = {}
    employment: dict = {}
    rows = Employee.objects.values_list("id", "number", "name", "hire_date", "leave_date")
    for pk, number, name, hired, left in rows.iterator(chunk_size=5000):
        by_number[number] = pk
        by_name.setdefault(name.strip(), []).append(number)
        employment[number] = (hired, left)
    return EmployeeLookup(
        by_number=by_number, by_name=by_name, employment=employment, today=timezone.localdate()
    )


def _monthly_metrics_write(*, rows: list[tuple], stale: list[int], params: MetricParams) -> int:
    """Replace the interaction figures of the recomputed months in bulk (inside the write transaction).

    `rows` come from DuckDB with the employee id, in (employee, month) order within each run of months, so
    the unique and employee indexes are written near their ends (~40% faster than in random order); they
    are upserted in bulk (metrics/bulk_upsert.py): figures imported from a monthly sheet for the same
    employee-month are overwritten field by field; the other sheet fields stay. `stale` rows (interaction
    rows of those months that the import no longer gives) lose their interaction figures, or go when they
    hold no sheet figure.
    """
    source = str(MonthlyMetric.Source.INTERACTIONS)
    params_json = json.dumps({**params.as_json(), "source": source})
    written = 0
    for i in range(0, len(rows), 20000):
        written += monthly_metrics_upsert(rows[i : i + 20000], source=source, params_json=params_json)
    for i in range(0, len(stale), 5000):
        batch = MonthlyMetric.objects.filter(id__in=stale[i : i + 5000])
        # A row that also holds monthly-sheet figures keeps them; only its interaction figures go.
        with_sheet = Q()
        for name in SHEET_ONLY_FIELDS:
            with_sheet |= Q(**{f"{name}__isnull": False})
        batch.filter(with_sheet).update(**dict.fromkeys(METRIC_COLUMNS))
        batch.exclude(with_sheet).delete()
    return written


def _stale_rows(months: list[str], rows: list[tuple]) -> list[int]:
    """Ids of the interaction rows of `months` that the import no longer gives (read outside any
    transaction: imports run one at a time, under the store lock)."""
    before = list(
        MonthlyMetric.objects.filter(month__in=months, source=MonthlyMetric.Source.INTERACTIONS).values_list(
            "id", "employee_id", "month"
        )
    )
    if not before:
        return []
    fresh = {(employee_id, month) for employee_id, month, *_values in rows}
    return [pk for pk, employee_id, month in before if (employee_id, month) not in fresh]


def _figures_after_import(rows: list[tuple], stale: list[int]):
    """A month's figures as the database will hold them once `rows` are written and `stale` cleared (for
    the rankings), built only for the months the rankings ask for (those with a policy in force)."""
    by_month: dict[str, list[tuple]] = {}
    for row in rows:
        by_month.setdefault(row[1], []).append(row)
    stale_ids = set(stale)

    def month_figures(month: str) -> dict[int, dict]:
        view = stored_figures([month], FIGURE_FIELDS)[month]
        for employee_id, values in list(view.items()):
            if values["id"] in stale_ids:
                if any(values.get(name) is not None for name in SHEET_ONLY_FIELDS):
                    values.update(dict.fromkeys(METRIC_COLUMNS))
                else:
                    del view[employee_id]
        for employee_id, _month, *values in by_month.get(month, []):
            view.setdefault(employee_id, {}).update(zip(METRIC_COLUMNS, values, strict=True))
        return view

    return month_figures


def interactions_import(
    *,
    actor: Actor,
    path: str | Path,
    mapping: str | Path | Mapping | None = None,
    skip_unmatched: bool = False,
    replace_month: str | None = None,
    progress: Progress | None = None,
    params: MetricParams = DEFAULT_PARAMS,
    reason: str = "",
    strict_ids: bool = False,
    columns: str | list[str] | None = None,
    prefetched: Prefetch | None = None,
) -> InteractionImportReport:
    """Import raw interaction records into the store and recompute the monthly figures they affect.

    All or nothing: a bad value, an unknown agent, or a contact in a month that has not begun or outside the
    agent's employment (metrics/months.py) rejects the file (ImportRejected, with every row, column and
    value) unless `skip_unmatched` leaves the unknown agents' rows and those months' rows out (and counts
    them in the report). Rows are keyed by interaction_id; a repeated id replaces the earlier row; one that
    comes with another agent or start time is counted and listed in the report, or, with `strict_ids`,
    refuses the file (IdsConflict). One audit event per import.

    With `columns` (e.g. "csat,resolved"), only those columns of contacts already stored change
    (interactions/columns.py): an id that is not stored refuses the file (IdsNotStored), or with
    `skip_unmatched` is left out and counted.

    `prefetched` (the command line's, started before Django with the same file and options) has staged the
    file already: it is taken once the checks above have passed; the caller cancels it in any case.
    """
    if actor.user is not None:
        require_import(actor.user, "interactions")
    if replace_month is not None and not _MONTH.fullmatch(replace_month):
        raise ValidationFailed(BAD_MONTH, value=replace_month)
    if columns is not None:
        columns = columns_parse(columns)
        if replace_month is not None:
            raise ValidationFailed(COLUMNS_WITH_REPLACE)
    path = Path(path)
    if not isinstance(mapping, Mapping):
        mapping = mapping_load(mapping, partial=columns is not None)
    root = store_root()
    lookup = _employee_lookup()
    departments = queue_departments(mapping)  # an unknown department refuses the import up front
    early = prefetched.take(lookup) if prefetched is not None and columns is None else None
    # A prefetch that staged the file holds the store lock until the caller cancels it.
    with nullcontext() if early is not None else store_lock(root):
        store_add_queue_column(root)
        hasher, digest = _sha256_in_background(path) if path.is_file() else (None, {"sha256": ""})
        stage = partial(
            stage_import,
            path=path,
            mapping=mapping,
            employees=lookup,
            root=root,
            skip_unmatched=skip_unmatched,
            replace_month=replace_month,
            params=params,
            progress=progress,
            strict_ids=strict_ids,
        )
        if columns is not None:
            stage = partial(
                stage_columns,
                path=path,
                mapping=mapping,
                columns=columns,
                employees=lookup,
                root=root,
                skip_unmatched=skip_unmatched,
                params=params,
                progress=progress,
            )
        commit = partial(
            _interactions_commit,
            actor=actor,
            path=path,
            mapping=mapping,
            departments=departments,
            params=params,
            replace_month=replace_month,
            digest=digest,
            hasher=hasher,
            reason=reason,
            progress=progress,
        )
        try:
            try:
                report = commit(staged=early if early is not None else stage())
            except FirstImportNotClean:
                # Only the optimistic path (new months only) gets here: nothing was committed.
                report = commit(staged=stage(careful=True))
        finally:
            if hasher is not None:
                hasher.join()
    if progress:
        progress("done", 1.0)
    return report


def _interactions_commit(
    *,
    actor,
    staged: Staged,
    path,
    mapping,
    departments,
    params,
    replace_month,
    digest,
    hasher,
    reason,
    progress=None,
) -> InteractionImportReport:
    """Compute the figures, the rankings and the audit row outside any database transaction (the staged
    partitions are not visible yet; one import at a time under the store lock), then write them in one short
    transaction and swap the staged partitions in; on any failure neither side changes."""
    try:
        rows: list[tuple] = []
        for run in staged.figures:
            rows.extend(run)
        staged.settle()
        queues = queue_figures_compute(staged=staged.store, months=staged.months_touched, params=params)
        if staged.counted_by_figures:  # a first import counts from the agents' figures, which omit these
            staged.rows_read += queues.unassigned
            staged.imported += queues.unassigned
            staged.unanswered += queues.unassigned
        stale = _stale_rows(staged.months_recomputed, rows)
        plan = rankings_plan(staged.months_recomputed, _figures_after_import(rows, stale))
        if hasher is not None:
            hasher.join()
        report = InteractionImportReport(
            file=path.name,
            sha256=digest.get("sha256", ""),
            rows_read=staged.rows_read,
            imported=staged.imported,
            duplicates=staged.duplicates,
            unanswered=staged.unanswered,
            no_customer_id=staged.no_customer_id,
            unmatched_rows=sum(staged.unmatched.values()),
            unmatched=staged.unmatched,
            impossible_month_rows=staged.impossible_rows,
            impossible_months=staged.impossible,
            months_touched=staged.months_touched,
            months_recomputed=staged.months_recomputed,
            metric_rows=len(rows),
            params=params.as_json(),
            id_conflicts=staged.id_conflicts,
            id_conflict_examples=[c.as_dict() for c in staged.id_conflict_examples],
            **(staged.report_fields() if isinstance(staged, ColumnsStaged) else {}),
            unassigned_unanswered=queues.unassigned,
            queue_rows=len(queues.rows),
        )
        before_write(staged)
        if progress:
            progress("saving", 0.98)
        with transaction.atomic():
            _monthly_metrics_write(rows=rows, stale=stale, params=params)
            rankings_write(plan)
            queue_figures_write(
                rows=queues.rows,
                months=staged.months_touched,
                departments=departments,
                params=params,
                source={"file": report.file, "sha256": report.sha256},
            )
            audit_record(
                actor=actor,
                action="metrics.interactions_import",
                after={**report.as_dict(), "mapping": mapping.name, "replace_month": replace_month},
                reason=reason,
            )
            staged.store.commit()
    except BaseException:
        staged.figures.close()
        staged.store.rollback()
        raise
    staged.discard()
    return report


def before_write(staged) -> None:
    """Called once everything is computed, just before the write transaction opens (a hook for tests)."""


# --- monthly KPI sheets ---------------------------------------------------------------------------


@dataclass
class SheetImportReport:
    file: str
    sha256: str
    csat_scale: int
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_values: int = 0
    months_touched: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    ranked_months: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def metrics_sheet_import(
    *,
    actor: Actor,
    data: bytes,
    file_name: str,
    csat_scale: int = 5,
    units: dict[str, str] | str | None = None,
    dry_run: bool = False,
    reason: str = "",
    progress: Progress | None = None,
) -> SheetImportReport:
    """Import a monthly KPI sheet (CSV or XLSX, one row per employee-month); all rows or none.

    A row changes only the figures the sheet has columns for: a value overwrites the stored one
    (interaction-computed ones included), an empty cell clears it, and every figure the sheet has no column
    for stays as it was, with its source (metrics/provenance.py: each value records the file it came
    from). One audit event per import, plus one per changed value of an employee-month that already had
    figures (none for brand-new rows). Rankings of the touched months are recomputed in the same
    transaction.
    """
    from serviceladder.metrics.sheet import BAD_SCALE, CSAT_SCALES, check_sheet
    from serviceladder.metrics.sheet_units import parse_units
    from serviceladder.org.imports.reader import read_sheet
    from serviceladder.org.imports.report import ErrorCollector

    if actor.user is not None:
        require_import(actor.user, "metrics")
    if csat_scale not in CSAT_SCALES:
        raise ValidationFailed(BAD_SCALE)
    if isinstance(units, str):
        units = parse_units(units)
    report = SheetImportReport(
        file=file_name, sha256=hashlib.sha256(data).hexdigest(), csat_scale=csat_scale, dry_run=dry_run
    )
    if progress:
        progress("reading", 0.05)
    sheet = read_sheet("metrics", data, file_name)
    if progress:
        progress("checking", 0.3)
    errors = ErrorCollector(file_name)
    rows, fields = check_sheet(sheet, errors, csat_scale=csat_scale, units=units)
    errors.raise_if_any()
    report.rows, report.fields = len(rows), fields
    report.months_touched = sorted({r.month for r in rows})
    if progress:
        progress("saving", 0.6)
    provenance = {"file": file_name, "sha256": report.sha256, "csat_scale": csat_scale}
    if units:
        provenance["units"] = dict(units)
    with store_lock(store_root()):  # one import at a time: the figures read here stay as read until written
        created, updated, touched_fields, changes = _sheet_changes(rows, fields, provenance, report)
        report.created, report.updated = len(created), len(updated)
        report.changed_values = len(changes)
        plan = None
        if not dry_run:
            figures = stored_figures(report.months_touched, FIGURE_FIELDS)
            for metric in [*created, *updated]:
                figures[metric.month][metric.employee_id] = {
                    name: getattr(metric, name) for name in FIGURE_FIELDS
                }
            plan = rankings_plan(report.months_touched, lambda month: figures.get(month, {}))
            report.ranked_months = plan.months
            with transaction.atomic():
                MonthlyMetric.objects.bulk_create(created, batch_size=1000)
                _metrics_update(updated, [*sorted(touched_fields), "params"])
                audit_record_many(
                    actor=actor, action="metrics.sheet_value_change", entries=changes, reason=reason
                )
                rankings_write(plan)
                audit_record(
                    actor=actor, action="metrics.sheet_import", after=report.as_dict(), reason=reason
                )
    if progress:
        progress("done", 1.0)
    return report


def _metrics_update(metrics: list[MonthlyMetric], names: list[str]) -> None:
    """UPDATE ... WHERE id = %s for each row, in one executemany: bulk_update's CASE expressions took ~3 s of
    the write transaction for 6k rows, this ~0.1 s."""
    if not metrics:
        return
    qn = connection.ops.quote_name
    fields = [MonthlyMetric._meta.get_field(name) for name in names]
    sql = (
        f"UPDATE {qn(MonthlyMetric._meta.db_table)} SET "  # noqa: S608 - names from the model
        + ", ".join(f"{qn(f.column)} = %s" for f in fields)
        + f" WHERE {qn('id')} = %s"
    )
    params = [
        [*(f.get_db_prep_save(getattr(m, f.attname), connection) for f in fields), m.pk] for m in metrics
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i : i + 5000])


def _sheet_changes(rows, fields: list[str], provenance: dict, report: SheetImportReport):
    """What a sheet changes (new rows, changed rows and their fields, one audit entry per changed value),
    computed from the stored figures without writing anything."""
    existing = {
        (m.employee_id, m.month): m for m in MonthlyMetric.objects.filter(month__in=report.months_touched)
    }
    created: list[MonthlyMetric] = []
    updated: list[MonthlyMetric] = []
    touched_fields: set[str] = set()
    changes: list[dict] = []
    for row in rows:
        metric = existing.get((row.employee.pk, row.month))
        if metric is None:
            created.append(
                MonthlyMetric(
                    employee=row.employee,
                    month=row.month,
                    source=MonthlyMetric.Source.SHEET,
                    params=after_sheet({}, fields, provenance),
                    **row.values,
                )
            )
            continue
        # Only the columns the sheet has: an absent column keeps the stored figure, an empty cell clears it.
        moved = {name: value for name, value in row.values.items() if getattr(metric, name) != value}
        if not moved:
            report.unchanged += 1
            continue
        for name, value in moved.items():
            changes.append(
                {
                    "employee": row.employee,
                    "before": {"month": row.month, "field": name, "value": getattr(metric, name)},
                    "after": {
                        "month": row.month,
                        "field": name,
                        "value": value,
                        "file": provenance["file"],
                    },
                }
            )
            setattr(metric, name, value)
        metric.params = after_sheet(metric.params, fields, provenance)
        touched_fields.update(moved)
        updated.append(metric)
    return created, updated, touched_fields, changes


# --- rankings ----------------------------------------------------------------------------------------------


def rankings_compute(*, actor: Actor | None, months: list[str] | None = None, reason: str = "") -> list[str]:
    """Score and rank every employee-month of `months` (default: all) per the policy in force at each
    month's end; store performance_score, rank, peer_size, percentile and peer_group. Months without a
    policy in force are left as they are. Returns the months ranked. With an actor, one audit event.

    The ranks are computed from the stored figures outside any transaction, under the store lock (no import
    changes figures meanwhile), then written in one short transaction."""
    if months is None:
        months = sorted(set(MonthlyMetric.objects.values_list("month", flat=True).distinct()))
    with store_lock(store_root()):
        figures = stored_figures(months, FIGURE_FIELDS)
        plan = rankings_plan(months, lambda month: figures.get(month, {}))
        with transaction.atomic():
            _rankings_store(plan, actor=actor, reason=reason)
    return plan.months


def _rankings_store(plan: RankingPlan, *, actor: Actor | None, reason: str) -> None:
    rankings_write(plan)
    if actor is not None:
        audit_record(
            actor=actor,
            action="metrics.rank",
            after={"months": plan.months, "rows": len(plan.rows)},
            reason=reason,
        )
