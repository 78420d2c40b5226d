"""An interaction import's DuckDB side started early, on a thread, while the command line sets Django up.

Starting Python and Django takes most of a second (importing the apps and their models, checking the
migrations, finding the acting user), and a monthly update's own work is about as long. The two need not
wait for each other: the file's checks and its COPY into a staging folder of the store need neither the
database nor the apps, and the employees are only needed once the figures are computed (or, on the careful
path, once agents are matched). So the command line starts `Prefetch` before Django, and `interactions_import`
hands it the employees when it has them and takes the staged store over (metrics/services.py).

Nothing changes for what an import does or says:
- the staging folder stays invisible until the import commits, under the store lock that the thread takes
  (the import keeps it until it is done);
- the import checks permissions, the mapping and the departments first, as always; if it refuses the file,
  or fails before taking the staged store, `cancel` throws the staging away and releases the lock;
- an error in the thread that the import reports (a domain error: a bad file, rejected rows) is raised by
  `take` where the import would have raised it; any other (something that needed Django before it was
  ready, an interruption) leaves the import to do the work itself, as without a prefetch.
"""

from __future__ import annotations

import threading
from pathlib import Path

from serviceladder.core.errors import DomainError
from serviceladder.metrics.interactions.agents import EmployeeLookup
from serviceladder.metrics.interactions.compute import Progress, Staged, stage_import
from serviceladder.metrics.interactions.mapping import mapping_load
from serviceladder.metrics.interactions.store import store_lock, store_root, stored_months

# Written once every stored partition has the `queue` column (queues.QUEUE_COLUMN_MARKER); without it the
# import upgrades the store first, which the prefetch leaves to it.
_QUEUE_COLUMN_MARKER = ".queue-column"


class _Employees:
    """Stands in for the EmployeeLookup until the import provides it: reading it waits for it. A cancelled
    prefetch gets no employees: the staging then runs to its end (or to its rejection) by its usual paths,
    which clean up after themselves, and `cancel` throws away what it staged."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._lookup = EmployeeLookup(by_number={})

    @property
    def provided(self) -> bool:
        return self.__dict__["_ready"].is_set()

    def provide(self, lookup: EmployeeLookup | None) -> None:
        if lookup is not None:
            self._lookup = lookup
        self._ready.set()

    def __getattr__(self, name: str):
        self.__dict__["_ready"].wait()
        return getattr(self.__dict__["_lookup"], name)


class Prefetch:
    """Stage `path` on a thread (see the module's docstring). Use once: `take` or `cancel`."""

    def __init__(
        self,
        *,
        path: str | Path,
        mapping: str | None,
        skip_unmatched: bool,
        strict_ids: bool,
        replace_month: str | None,
        progress: Progress | None = None,
    ) -> None:
        self.path = Path(path)
        self._employees = _Employees()
        self._staged: Staged | None = None
        self._error: BaseException | None = None
        self._lock = None
        args = {
            "skip_unmatched": skip_unmatched,
            "strict_ids": strict_ids,
            "replace_month": replace_month,
            "progress": progress,
        }
        self._thread = threading.Thread(
            target=self._run, args=(mapping, args), name="interactions-prefetch", daemon=True
        )
        self._thread.start()

    def _run(self, mapping_name: str | None, args: dict) -> None:
        try:
            if not self.path.is_file():
                return
            mapping = mapping_load(mapping_name)
            root = store_root()
            if stored_months(root) and not (root / _QUEUE_COLUMN_MARKER).exists():
                return
            self._lock = store_lock(root)
            self._lock.__enter__()
            self._staged = stage_import(
                path=self.path, mapping=mapping, employees=self._employees, root=root, **args
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the importing thread by take()
            self._error = exc
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def take(self, employees: EmployeeLookup) -> Staged | None:
        """The staged import, once it has the employees (the store lock stays held: `release` after the
        commit); None when the import should stage itself. Raises the domain error the staging found."""
        self._employees.provide(employees)
        self._thread.join()
        if self._error is not None and isinstance(self._error, DomainError):
            raise self._error
        staged, self._staged = self._staged, None  # the import owns it now
        return staged

    def release(self) -> None:
        """After the import is done (committed or not): let the next import have the store."""
        self._release()

    def cancel(self) -> None:
        """The import will not take the staged store (it refused the file first, or failed): stop waiting,
        throw the staging away, release the lock. After `take`, only releases the lock."""
        if not self._employees.provided:
            self._employees.provide(None)
        self._thread.join()
        if self._staged is not None:
            self._staged.discard()
            self._staged = None
        self._release()
