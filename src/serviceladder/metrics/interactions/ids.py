"""Repeated interaction ids that change agent or start time.

A repeated id replaces the earlier row: right for a re-export, which repeats a contact exactly. A repeat with
another agent or start time is more likely two contacts sharing an id (an id that restarts daily, a missing
part of a composite id): the report counts and lists those, and strict ids refuse the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed

IDS_CONFLICT = _(
    "%(path)s was not imported: %(count)s interaction id(s) come again with a different agent or start "
    "time (strict ids). A re-export of the same contact repeats its agent and start time too; check how the "
    "export builds its ids (a composite interaction_id may be needed)."
)
# Repeated ids with another agent or start time listed in a report (all of them are counted).
CONFLICTS_LISTED = 20
# Repeated ids kept in a strict-ids rejection (the page shows the first, the download every one kept).
CONFLICTS_KEPT = 1000


@dataclass(frozen=True)
class IdConflict:
    """An interaction id that came again with another agent or start time: first as `agent` at `at`
    (row `first_row` of this file, or already stored when None), then as `then_agent` at `then_at` (row
    `row`)."""

    interaction_id: str
    agent: str
    at: str
    then_agent: str
    then_at: str
    row: int
    first_row: int | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.interaction_id,
            "agent": self.agent,
            "at": self.at,
            "then_agent": self.then_agent,
            "then_at": self.then_at,
            "row": self.row,
            "first_row": self.first_row,
        }

    def __str__(self) -> str:
        return (
            f"id {self.interaction_id} seen with agent {self.agent} at {self.at} and agent {self.then_agent} "
            f"at {self.then_at}"
        )


class IdsConflict(ValidationFailed):
    """With strict ids, a repeated interaction id with another agent or start time refuses the file."""

    code = "interaction_ids_conflict"
    message = IDS_CONFLICT

    def __init__(self, *, path: str, total: int, conflicts: list[IdConflict]):
        self.total = total
        self.conflicts = conflicts
        super().__init__(path=path, count=total)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else ""


_CONFLICT_COLUMNS = "interaction_id, first_agent, first_at, then_agent, then_at, later_row, first_row"


@dataclass
class Conflicts:
    """Repeated interaction ids that changed agent or start time: each is counted once, and the first
    CONFLICTS_KEPT (in file order) are kept as examples.

    A re-export repeats a contact exactly (replacing the stored row is right); a repeat with another agent
    or time is more likely two contacts sharing an id (an id that restarts daily, a missing part of a
    composite id), which the report points out, and strict ids refuse."""

    total: int = 0
    examples: list[IdConflict] = field(default_factory=list)
    file_checked: bool = False

    def within_file(self, con) -> None:
        """Ids repeated in this file: the first row of each against its first row that differs."""
        con.execute(
            "CREATE TEMP TABLE file_conflicts AS "
            # arg_min_null: a first row without an agent (a queue contact) keeps its NULL.
            "WITH firsts AS (SELECT interaction_id, arg_min_null(agent_id, _row) AS first_agent, "
            "arg_min(started_at, _row) AS first_at, min(_row) AS first_row FROM matched "
            "GROUP BY interaction_id HAVING count(*) > 1) "
            "SELECT f.interaction_id, f.first_agent, f.first_at, f.first_row, m.agent_id AS then_agent, "
            "m.started_at AS then_at, m._row AS later_row "
            "FROM firsts f JOIN matched m USING (interaction_id) "
            "WHERE m.agent_id IS DISTINCT FROM f.first_agent OR m.started_at IS DISTINCT FROM f.first_at "
            "QUALIFY row_number() OVER (PARTITION BY f.interaction_id ORDER BY m._row) = 1"
        )
        self.file_checked = True
        self.total += con.execute("SELECT count(*) FROM file_conflicts").fetchone()[0]
        rows = con.execute(
            f"SELECT {_CONFLICT_COLUMNS} FROM file_conflicts ORDER BY first_row LIMIT {CONFLICTS_KEPT}"
        ).fetchall()
        self._keep(rows)

    def with_store(self, con) -> None:
        """Ids already stored (`stored_again`) that this file brings with another agent or start time; an
        id already counted within the file is not counted again."""
        exclude = ""
        if self.file_checked:
            exclude = " AND n.interaction_id NOT IN (SELECT interaction_id FROM file_conflicts)"
        con.execute(
            "CREATE TEMP TABLE store_conflicts AS SELECT n.interaction_id, s.agent_id AS first_agent, "
            "s.started_at AS first_at, NULL::BIGINT AS first_row, n.agent_id AS then_agent, "
            "n.started_at AS then_at, n._row AS later_row "
            "FROM stored_again s JOIN new_rows n USING (interaction_id) "
            "WHERE (s.agent_id IS DISTINCT FROM n.agent_id OR s.started_at IS DISTINCT FROM n.started_at)"
            + exclude
        )
        self.total += con.execute("SELECT count(*) FROM store_conflicts").fetchone()[0]
        room = max(0, CONFLICTS_KEPT - len(self.examples))
        rows = con.execute(
            f"SELECT {_CONFLICT_COLUMNS} FROM store_conflicts ORDER BY later_row LIMIT {room}"
        ).fetchall()
        self._keep(rows)

    def agents_as_named(self, con, by_name: dict[str, list[str]]) -> None:
        """With `match: name`, the examples name each agent as the file does, the employee number beside
        it ("Joe Smith (E101)"): the comparison above is by employee, so two spellings of one name are no
        conflict, but a report in employee numbers would not say what the file holds. An agent already
        stored (no row in this file) is named as the employee is."""
        if not self.examples:
            return
        rows = sorted({r for c in self.examples for r in (c.row, c.first_row) if r is not None})
        found = con.execute(
            "SELECT _row, agent_id FROM parsed WHERE _row IN (SELECT unnest(?::BIGINT[]))", [rows]
        ).fetchall()
        in_file = dict(found)
        employee_name = {n: name for name, numbers in by_name.items() for n in numbers}

        def shown(number: str, row: int | None) -> str:
            if not number:
                return number  # a queue contact has no agent
            name = in_file.get(row) if row is not None else employee_name.get(number)
            return f"{name} ({number})" if name else number

        self.examples = [
            replace(c, agent=shown(c.agent, c.first_row), then_agent=shown(c.then_agent, c.row))
            for c in self.examples
        ]

    def _keep(self, rows) -> None:
        self.examples += [
            IdConflict(i, a or "", _when(t), b or "", _when(u), row, first)
            for i, a, t, b, u, row, first in rows
        ]
