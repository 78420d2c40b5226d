"""A partial update (`import interactions FILE --columns csat,resolved`): only the named columns of contacts
already stored change, so a workbook's second sheet (ratings, resolutions) never replaces the first.

The file carries interaction_id and the named columns (the mapping's other columns may be absent, and
agent_id and started_at are not required). Every id must be stored already: one that is not refuses the
file (each listed with its row), or with `skip_unmatched` is left out and counted. The stored rows of those
ids take the file's values for the named columns and keep every other value; the months holding them (and
the months whose FCR window reaches into them) are recomputed like after any import.

interaction_id, agent_id and started_at cannot be named: the id is the key, and a new agent or start time
would move a contact to another agent or month, which only a full import of the rows may do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed
from serviceladder.core.limits import PROBLEMS_SHOWN
from serviceladder.metrics.interactions.agents import EmployeeLookup
from serviceladder.metrics.interactions.compute import (
    PROBLEMS_LISTED,
    FigureStream,
    ImportRejected,
    Progress,
    Staged,
    affected_months,
    connect,
)
from serviceladder.metrics.interactions.definitions import DEFAULT_PARAMS, MetricParams
from serviceladder.metrics.interactions.mapping import Mapping
from serviceladder.metrics.interactions.reader import (
    Problem,
    durations_check,
    lit,
    problems_find,
    source_open,
)
from serviceladder.metrics.interactions.schema import COLUMN_NAMES
from serviceladder.metrics.interactions.store import (
    COPY_OPTIONS,
    MONTH_KEY_SQL,
    StagedStore,
    files_lacking,
    partition_files,
    store_read,
    stored_months,
)

# The key, and the two columns that place a contact with an agent in a month.
FIXED_COLUMNS = ("interaction_id", "agent_id", "started_at")
UPDATABLE_COLUMNS = tuple(c for c in COLUMN_NAMES if c not in FIXED_COLUMNS)

COLUMNS_EMPTY = _("Name at least one column to update (allowed: %(allowed)s).")
COLUMN_UNKNOWN = _("%(column)s is not a canonical column (allowed: %(allowed)s).")
COLUMN_FIXED = _(
    "%(column)s cannot be updated with --columns: interaction_id identifies the contact, and a new agent or "
    "start time would move it to another agent or month; import the full rows for that (allowed: "
    "%(allowed)s)."
)
COLUMN_NOT_READ = _(
    "The mapping does not read %(column)s from the file (it is absent there), so there is nothing to "
    "update it with."
)
COLUMNS_WITH_REPLACE = _("--columns cannot be combined with --replace-month.")
IDS_NOT_STORED = _(
    "%(path)s was not imported: %(count)s interaction id(s) are not stored, and --columns updates only "
    "stored contacts."
)
ID_NOT_STORED = _("No contact with this interaction id is stored; import its full row first.")
NOTHING_TO_UPDATE = _("%(path)s names no stored contact to update.")


class ColumnsInvalid(ValidationFailed):
    code = "columns_invalid"
    message = COLUMN_UNKNOWN


class IdsNotStored(ValidationFailed):
    """Ids of the file that no stored contact has; `problems` lists the first (row, column, value)."""

    code = "interaction_ids_not_stored"
    message = IDS_NOT_STORED

    def __init__(self, *, path: str, total: int, problems: list[Problem]):
        self.problem_total = total
        self.problems = problems
        super().__init__(path=path, count=total)


def columns_parse(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """The named columns (comma-separated text or a list), checked, in canonical order."""
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [n.strip() for n in names if n.strip()]
    allowed = ", ".join(UPDATABLE_COLUMNS)
    if not names:
        raise ColumnsInvalid(COLUMNS_EMPTY, allowed=allowed)
    for name in names:
        if name in FIXED_COLUMNS:
            raise ColumnsInvalid(COLUMN_FIXED, column=name, allowed=allowed)
        if name not in UPDATABLE_COLUMNS:
            raise ColumnsInvalid(COLUMN_UNKNOWN, column=name, allowed=allowed)
    return [c for c in UPDATABLE_COLUMNS if c in names]


def mapping_restrict(mapping: Mapping, columns: list[str]) -> Mapping:
    """The mapping with interaction_id and the named columns only (the file need not have the others)."""
    for name in columns:
        if mapping.spec(name).absent:
            raise ColumnsInvalid(COLUMN_NOT_READ, column=name)
    keep = {"interaction_id", *columns}
    return mapping.model_copy(update={"columns": {k: v for k, v in mapping.columns.items() if k in keep}})


@dataclass
class ColumnsStaged(Staged):
    columns: list[str] = field(default_factory=list)
    ids_not_stored: int = 0
    ids_not_stored_examples: list[str] = field(default_factory=list)

    def report_fields(self) -> dict:
        """What the import report adds for a partial update."""
        return {
            "columns": self.columns,
            "ids_not_stored": self.ids_not_stored,
            "ids_not_stored_examples": self.ids_not_stored_examples,
        }


def stage_columns(
    *,
    path: Path,
    mapping: Mapping,
    columns: list[str],
    employees: EmployeeLookup,
    root: Path,
    skip_unmatched: bool = False,
    params: MetricParams = DEFAULT_PARAMS,
    progress: Progress | None = None,
    careful: bool = False,  # noqa: ARG001 - the full import's retry flag; a partial update has one path
) -> ColumnsStaged:
    """Stage the months holding the file's ids with the named columns replaced; the figures are computed
    while the caller reads `figures` (as for `stage_import`)."""
    con = connect(root)
    try:
        return _stage(
            con,
            path,
            mapping_restrict(mapping, columns),
            columns,
            employees,
            root,
            skip_unmatched,
            params,
            progress,
        )
    except BaseException:
        con.close()
        raise


def _stage(con, path, mapping, columns, employees, root, skip_unmatched, params, progress) -> ColumnsStaged:
    if progress:
        progress("reading", 0.0)
    source = source_open(con, path, mapping)
    return source.staged_within_limits(
        lambda: _stage_source(
            con, source, path, mapping, columns, employees, root, skip_unmatched, params, progress
        )
    )


def _stage_source(
    con, source, path, mapping, columns, employees, root, skip_unmatched, params, progress
) -> ColumnsStaged:
    durations_check(con, source, mapping, path)
    if progress:
        progress("checking", 0.1)
    problem_total, problems = problems_find(con, source, mapping)
    if problem_total:
        raise ImportRejected(
            path=str(path), problem_total=problem_total, problems=problems[:PROBLEMS_LISTED], unmatched={}
        )
    named = ", ".join(columns)
    # A repeated id: the later row wins, as in a full import.
    con.execute(
        f"CREATE TEMP TABLE updates AS SELECT interaction_id, {named}, _row FROM parsed "
        "QUALIFY row_number() OVER (PARTITION BY interaction_id ORDER BY _row DESC) = 1"
    )
    rows_read = con.execute("SELECT count(*) FROM parsed").fetchone()[0]
    distinct = con.execute("SELECT count(*) FROM updates").fetchone()[0]
    if progress:
        progress("merging", 0.2)
    files = partition_files(root, stored_months(root))
    if files:
        con.execute(
            "CREATE TEMP TABLE stored AS SELECT interaction_id, strftime(started_at, '%Y-%m') AS month "
            f"FROM {_read(files)} WHERE interaction_id IN (SELECT interaction_id FROM updates)"
        )
    else:
        con.execute("CREATE TEMP TABLE stored (interaction_id VARCHAR, month VARCHAR)")
    not_stored = con.execute(
        "SELECT count(*) FROM updates ANTI JOIN stored USING (interaction_id)"
    ).fetchone()[0]
    examples = con.execute(
        "SELECT _row, interaction_id FROM updates ANTI JOIN stored USING (interaction_id) "
        f"ORDER BY _row LIMIT {int(PROBLEMS_LISTED)}"
    ).fetchall()
    if not_stored and not skip_unmatched:
        label = mapping.spec("interaction_id").label
        raise IdsNotStored(
            path=str(path),
            total=not_stored,
            problems=[Problem(row=r, column=label, value=v, message=ID_NOT_STORED) for r, v in examples],
        )
    touched = sorted(m for (m,) in con.execute("SELECT DISTINCT month FROM stored").fetchall())
    if not touched:
        raise ValidationFailed(NOTHING_TO_UPDATE, path=str(path))
    updated = con.execute("SELECT count(DISTINCT interaction_id) FROM stored").fetchone()[0]
    staged = StagedStore(root=root, months=set(touched))
    try:
        select = ", ".join(
            f"CASE WHEN u._row IS NULL THEN s.{c} ELSE u.{c} END AS {c}" if c in columns else f"s.{c}"
            for c in COLUMN_NAMES
        )
        if progress:
            progress("storing", 0.3)
        stored_files = partition_files(root, touched)
        con.execute(
            f"COPY (SELECT {select}, {MONTH_KEY_SQL} AS month "
            f"FROM {store_read(stored_files, files_lacking(con, stored_files))} s "
            "LEFT JOIN updates u ON s.interaction_id = u.interaction_id) "
            f"TO {lit(str(staged.staging))} ({COPY_OPTIONS})"
        )
        staged.name_partitions()
        recompute = affected_months(set(touched), params.fcr_window_days)
    except BaseException:
        staged.finish()
        raise
    return ColumnsStaged(
        rows_read=rows_read,
        imported=updated,
        duplicates=rows_read - distinct,
        unanswered=0,
        no_customer_id=0,
        unmatched={},
        months_touched=touched,
        months_recomputed=sorted(recompute),
        figures=FigureStream(
            con, staged, recompute, params, employees.by_number, progress=progress, span=(0.5, 0.98)
        ),
        store=staged,
        columns=list(columns),
        ids_not_stored=not_stored,
        ids_not_stored_examples=[v for _r, v in examples[:PROBLEMS_SHOWN]],
    )


def _read(files: list[str]) -> str:
    return "read_parquet([" + ", ".join(lit(f) for f in files) + "], hive_partitioning = false)"
