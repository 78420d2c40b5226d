"""Writers for the metrics app."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record, audit_record_many
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.bulk_upsert import monthly_metrics_upsert
from serviceladder.metrics.interactions.compute import (
    EmployeeLookup,
    FirstImportNotClean,
    Progress,
    Staged,
    stage_import,
)
from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS, METRIC_COLUMNS, MetricParams
from serviceladder.metrics.interactions.mapping import Mapping, mapping_load
from serviceladder.metrics.interactions.store import store_lock, store_root
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.ranking import Candidate, ScoreRule, rank_all
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.policy.metrics import METRICS

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
    months_touched: list[str] = field(default_factory=list)
    months_recomputed: list[str] = field(default_factory=list)
    metric_rows: int = 0
    params: dict = field(default_factory=dict)

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
    for pk, number, name in Employee.objects.values_list("id", "number", "name").iterator(chunk_size=5000):
        by_number[number] = pk
        by_name.setdefault(name.strip(), []).append(number)
    return EmployeeLookup(by_number=by_number, by_name=by_name)


def _monthly_metrics_write(*, staged: Staged, params: MetricParams) -> int:
    """Replace the interaction figures of the recomputed months in bulk.

    The rows come from DuckDB with the employee id, in (employee, month) order within each run of months,
    so the unique and employee indexes are written near their ends (~40% faster than in random order).
    They arrive a run of months at a time and are upserted in bulk (metrics/bulk_upsert.py): figures
    imported from a monthly sheet for the same employee-month are overwritten field by field; the other
    sheet fields stay.
    """
    source = str(MonthlyMetric.Source.INTERACTIONS)
    params_json = json.dumps({**params.as_json(), "source": source})
    before = list(
        MonthlyMetric.objects.filter(month__in=staged.months_recomputed, source=source).values_list(
            "id", "employee_id", "month"
        )
    )
    fresh: set[tuple[int, str]] = set()
    written = 0
    for rows in staged.figures:
        if before:
            fresh.update((employee_id, month) for employee_id, month, *_values in rows)
        written += monthly_metrics_upsert(rows, source=source, params_json=params_json)
    if before:
        stale = [pk for pk, employee_id, month in before if (employee_id, month) not in fresh]
        for i in range(0, len(stale), 5000):
            batch = MonthlyMetric.objects.filter(id__in=stale[i : i + 5000])
            # A row that also holds monthly-sheet figures keeps them; only its interaction figures go.
            with_sheet = Q()
            for name in SHEET_ONLY_FIELDS:
                with_sheet |= Q(**{f"{name}__isnull": False})
            batch.filter(with_sheet).update(**dict.fromkeys(METRIC_COLUMNS))
            batch.exclude(with_sheet).delete()
    return written


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
) -> InteractionImportReport:
    """Import raw interaction records into the store and recompute the monthly figures they affect.

    All or nothing: a bad value or an unknown agent rejects the file (ImportRejected, with every row, column
    and value) unless `skip_unmatched` leaves the unknown agents' rows out. Rows are keyed by interaction_id;
    a repeated id replaces the earlier row. One audit event per import.
    """
    if actor.user is not None:
        require_import(actor.user, "interactions")
    if replace_month is not None and not _MONTH.fullmatch(replace_month):
        raise ValidationFailed(BAD_MONTH, value=replace_month)
    path = Path(path)
    if not isinstance(mapping, Mapping):
        mapping = mapping_load(mapping)
    root = store_root()
    lookup = _employee_lookup()
    with store_lock(root):
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
        )
        commit = partial(
            _interactions_commit,
            actor=actor,
            path=path,
            mapping=mapping,
            params=params,
            replace_month=replace_month,
            digest=digest,
            hasher=hasher,
            reason=reason,
        )
        try:
            try:
                report = commit(staged=stage())
            except FirstImportNotClean:
                # Only a first import into an empty store gets here: nothing else was touched.
                report = commit(staged=stage(careful=True))
        finally:
            if hasher is not None:
                hasher.join()
    if progress:
        progress("done", 1.0)
    return report


def _interactions_commit(
    *, actor, staged: Staged, path, mapping, params, replace_month, digest, hasher, reason
) -> InteractionImportReport:
    """Write the staged figures (run by run, while the next run is computed), the rankings and the audit
    row in one transaction, then swap the staged partitions in; on any failure neither side changes."""
    try:
        with transaction.atomic():
            written = _monthly_metrics_write(staged=staged, params=params)
            staged.settle()
            rankings_compute(actor=None, months=staged.months_recomputed)
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
                months_touched=staged.months_touched,
                months_recomputed=staged.months_recomputed,
                metric_rows=written,
                params=params.as_json(),
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
    dry_run: bool = False,
    reason: str = "",
    progress: Progress | None = None,
) -> SheetImportReport:
    """Import a monthly KPI sheet (CSV or XLSX, one row per employee-month); all rows or none.

    A row replaces that employee-month's sheet figures: the columns the sheet gives overwrite the stored
    values (interaction-computed ones included), figures an earlier sheet gave and this one does not are
    cleared, and interaction figures the sheet does not mention stay. One audit event per import, plus one
    per changed value of an employee-month that already had figures (none for brand-new rows). Rankings
    of the touched months are recomputed in the same transaction.
    """
    from serviceladder.metrics.sheet import BAD_SCALE, CSAT_SCALES, check_sheet
    from serviceladder.org.imports.reader import read_sheet
    from serviceladder.org.imports.report import ErrorCollector

    if actor.user is not None:
        require_import(actor.user, "metrics")
    if csat_scale not in CSAT_SCALES:
        raise ValidationFailed(BAD_SCALE)
    report = SheetImportReport(
        file=file_name, sha256=hashlib.sha256(data).hexdigest(), csat_scale=csat_scale, dry_run=dry_run
    )
    if progress:
        progress("reading", 0.05)
    sheet = read_sheet("metrics", data, file_name)
    if progress:
        progress("checking", 0.3)
    errors = ErrorCollector(file_name)
    rows, fields = check_sheet(sheet, errors, csat_scale=csat_scale)
    errors.raise_if_any()
    report.rows, report.fields = len(rows), fields
    report.months_touched = sorted({r.month for r in rows})
    if progress:
        progress("saving", 0.6)
    provenance = {"file": file_name, "sha256": report.sha256, "csat_scale": csat_scale}
    with transaction.atomic():
        existing = {
            (m.employee_id, m.month): m
            for m in MonthlyMetric.objects.select_for_update().filter(month__in=report.months_touched)
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
                        params={"sheet": provenance, "sheet_fields": fields},
                        **row.values,
                    )
                )
                continue
            wanted = dict(row.values)
            for name in metric.params.get("sheet_fields", []):
                wanted.setdefault(name, None)  # an earlier sheet's figure that this sheet no longer gives
            moved = {name: value for name, value in wanted.items() if getattr(metric, name) != value}
            if not moved:
                report.unchanged += 1
                continue
            for name, value in moved.items():
                changes.append(
                    {
                        "employee": row.employee,
                        "before": {"month": row.month, "field": name, "value": getattr(metric, name)},
                        "after": {"month": row.month, "field": name, "value": value, "file": file_name},
                    }
                )
                setattr(metric, name, value)
            metric.params = {**metric.params, "sheet": provenance, "sheet_fields": fields}
            touched_fields.update(moved)
            updated.append(metric)
        MonthlyMetric.objects.bulk_create(created, batch_size=1000)
        if updated:
            MonthlyMetric.objects.bulk_update(updated, [*sorted(touched_fields), "params"], batch_size=500)
        report.created, report.updated = len(created), len(updated)
        report.changed_values = audit_record_many(
            actor=actor, action="metrics.sheet_value_change", entries=changes, reason=reason
        )
        if not dry_run:
            report.ranked_months = rankings_compute(actor=None, months=report.months_touched)
        audit_record(actor=actor, action="metrics.sheet_import", after=report.as_dict(), reason=reason)
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress("done", 1.0)
    return report


# --- rankings ----------------------------------------------------------------------------------------------


def _month_end(month: str) -> dt.date:
    year, mon = int(month[:4]), int(month[5:7])
    first_next = dt.date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first_next - dt.timedelta(days=1)


def _score_rule(policy) -> tuple[ScoreRule, str]:
    """The policy's score rule and peer group (the first rank_streak's, else same level + department)."""
    spec = policy.performance_score
    weights = {name: float(w) for name, w in spec.weights.items()}
    rule = ScoreRule(
        method=spec.method,
        normalisation=spec.normalisation,
        weights=weights,
        lower_is_better=frozenset(
            name for name in weights if name in METRICS and METRICS[name].lower_is_better
        ),
    )
    peer_group = next(
        (
            t.conditions.rank_streak.peer_group
            for t in policy.transitions
            if t.conditions.rank_streak is not None
        ),
        "level_department",
    )
    return rule, peer_group


def _levels_at(date: dt.date) -> dict[int, str]:
    levels: dict[int, str] = {}
    assignments = (
        LevelAssignment.objects.filter(effective_from__lte=date)
        .order_by("employee_id", "effective_from")
        .values_list("employee_id", "level__code")
    )
    for employee_id, code in assignments.iterator(chunk_size=5000):
        levels[employee_id] = code  # the latest effective assignment wins
    return levels


def _peer_keys(kind: str, levels: dict[int, str]) -> dict[int, str]:
    """Employee id -> peer group key (level, level@team or level@department); no level, no group."""
    places = {
        pk: (team or "-", department or "-")
        for pk, team, department in Employee.objects.values_list("pk", "team__code", "team__department__code")
    }
    keys = {}
    for pk, level in levels.items():
        team, department = places.get(pk, ("-", "-"))
        if kind == "level_company":
            keys[pk] = level
        elif kind == "level_team":
            keys[pk] = f"{level}@{team}"
        else:
            keys[pk] = f"{level}@{department}"
    return keys


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _rankings_write(results, groups: dict) -> None:
    qn = connection.ops.quote_name
    table = qn(MonthlyMetric._meta.db_table)
    sql = (
        f"UPDATE {table} SET {qn('performance_score')} = %s, {qn('rank')} = %s, "  # noqa: S608
        f"{qn('peer_size')} = %s, {qn('percentile')} = %s, {qn('peer_group')} = %s WHERE {qn('id')} = %s"
    )
    params = [
        (_round(x.score), x.rank, x.peer_size, _round(x.percentile), groups[x.key], x.key) for x in results
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i : i + 5000])


def rankings_compute(*, actor: Actor | None, months: list[str] | None = None, reason: str = "") -> list[str]:
    """Score and rank every employee-month of `months` (default: all) per the policy in force at each
    month's end; store performance_score, rank, peer_size, percentile and peer_group. Months without a
    policy in force are left as they are. Returns the months ranked. With an actor, one audit event."""
    from serviceladder.policy.errors import NoPolicyInForce
    from serviceladder.policy.selectors import policy_in_force

    if months is None:
        months = sorted(set(MonthlyMetric.objects.values_list("month", flat=True).distinct()))
    ranked: list[str] = []
    rows_written = 0
    with transaction.atomic():
        for month in months:
            try:
                policy = policy_in_force(_month_end(month))
            except NoPolicyInForce:
                continue
            rule, peer_kind = _score_rule(policy)
            metric_fields = [METRICS[name].data_field for name in rule.weights if name in METRICS]
            names = [name for name in rule.weights if name in METRICS]
            rows = list(
                MonthlyMetric.objects.filter(month=month).values_list(
                    "pk", "employee_id", "imported_score", *metric_fields
                )
            )
            groups = _peer_keys(peer_kind, _levels_at(_month_end(month)))
            candidates = [
                Candidate(r[0], groups.get(r[1]), dict(zip(names, r[3:], strict=True)), r[2]) for r in rows
            ]
            _rankings_write(rank_all(candidates, rule), {c.key: c.group or "" for c in candidates})
            rows_written += len(rows)
            ranked.append(month)
        if actor is not None:
            audit_record(
                actor=actor,
                action="metrics.rank",
                after={"months": ranked, "rows": rows_written},
                reason=reason,
            )
    return ranked
