"""Writers for the metrics app."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import require_import
from serviceladder.audit.services import Actor, audit_record
from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.compute import EmployeeLookup, Progress, Staged, stage_import
from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS, METRIC_COLUMNS, MetricParams
from serviceladder.metrics.interactions.mapping import Mapping, mapping_load
from serviceladder.metrics.interactions.store import store_lock, store_root
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee

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


def _monthly_metrics_write(*, staged: Staged, lookup: EmployeeLookup, params: MetricParams) -> int:
    """Replace the interaction figures of the recomputed months in bulk.

    One INSERT ... SELECT over a JSON array of rows with ON CONFLICT DO UPDATE (SQLite json_each, PostgreSQL
    jsonb_to_recordset): the ORM's bulk_create spends ~100 us per row compiling SQL (12 s for a year of a
    10k-agent center) and executemany ~13 us binding parameters. Figures imported from a monthly sheet for the
    same employee-month are overwritten field by field; the other sheet fields stay.
    """
    source = str(MonthlyMetric.Source.INTERACTIONS)
    params_json = json.dumps({**params.as_json(), "source": source})
    rows = []
    fresh = set()
    for agent, month, *values in staged.metrics:
        employee_id = lookup.by_number.get(agent)
        if employee_id is None:  # stored rows of someone no longer on the roster
            continue
        fresh.add((employee_id, month))
        rows.append((employee_id, month, *values))
    stale = [
        pk
        for pk, employee_id, month in MonthlyMetric.objects.filter(
            month__in=staged.months_recomputed, source=source
        ).values_list("id", "employee_id", "month")
        if (employee_id, month) not in fresh
    ]
    for i in range(0, len(stale), 5000):
        MonthlyMetric.objects.filter(id__in=stale[i : i + 5000]).delete()
    if not rows:
        return 0
    if connection.vendor == "sqlite":
        # The DB-API cursor's executemany directly: no per-row work in Python beyond binding.
        connection.ensure_connection()
        sql = _upsert_sql().replace("%s", "?")
        connection.connection.executemany(sql, [(source, params_json, *r) for r in rows])
    else:
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 50000):
                cursor.execute(
                    _upsert_sql(json_rows=True), [source, params_json, json.dumps(rows[i : i + 50000])]
                )
    return len(rows)


def _upsert_sql(*, json_rows: bool = False) -> str:
    """INSERT ... ON CONFLICT DO UPDATE; placeholders: source, params JSON, then the row values (or, with
    json_rows on PostgreSQL, one JSON array of rows expanded by jsonb_array_elements)."""
    qn = connection.ops.quote_name
    opts = MonthlyMetric._meta
    fields = [opts.get_field(n) for n in ("employee", "month", *METRIC_COLUMNS)]
    targets = ["source", "params"] + [f.column for f in fields]
    if json_rows:
        values = ", ".join(f"(e ->> {i})::{f.db_type(connection)}" for i, f in enumerate(fields))
        rows = f"SELECT %s, %s::jsonb, {values} FROM jsonb_array_elements(%s::jsonb) AS e"  # noqa: S608
    else:
        rows = f"VALUES ({', '.join(['%s'] * len(targets))})"
    updated = [c for c in targets if c not in ("employee_id", "month")]
    return (
        f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c) for c in targets)}) {rows} "  # noqa: S608
        f"ON CONFLICT ({qn('employee_id')}, {qn('month')}) DO UPDATE SET "
        + ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in updated)
    )


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
        staged = stage_import(
            path=path,
            mapping=mapping,
            employees=lookup,
            root=root,
            skip_unmatched=skip_unmatched,
            replace_month=replace_month,
            params=params,
            progress=progress,
        )
        try:
            if progress:
                progress("saving", 0.95)
            with transaction.atomic():
                written = _monthly_metrics_write(staged=staged, lookup=lookup, params=params)
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
            staged.store.rollback()
            raise
        staged.store.finish()
    if progress:
        progress("done", 1.0)
    return report
