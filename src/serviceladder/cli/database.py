"""The database before a command uses it: every command that needs it passes through `database_ready`.

- An empty database (no `django_migrations` table and none of the product's tables: a fresh
  $SERVICELADDER_HOME, a new PostgreSQL database) gets the committed migrations, so the first command works.
- A database that holds tables but lacks some committed migrations (an upgrade; a shared PostgreSQL that
  another server uses) is never migrated behind anyone's back: the command stops with one line naming
  `serviceladder migrate` (exit 2).
- `serviceladder migrate` applies them and says which.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import DomainError

MIGRATIONS_PENDING = _(
    "The database was set up by an earlier version and needs %(count)s migration(s) (%(names)s); "
    "nothing was changed. Back it up, then run: serviceladder migrate"
)
DATABASE_PROBLEM = _("The database cannot be used: %(problem)s")
APPLIED = _("Applied %(count)s migration(s): %(names)s. The database is up to date.")
UP_TO_DATE = _("The database is up to date; no migration to apply.")
WOULD_APPLY = _("%(count)s migration(s) to apply: %(names)s")
CREATED = _("The database was empty: applied the %(count)s committed migrations.")

NAMES_SHOWN = 4


class MigrationsPending(DomainError):
    code = "migrations_pending"
    message = MIGRATIONS_PENDING


class DatabaseUnusable(Exception):  # noqa: N818 - reported as one line, exit 1 (not bad input)
    def __init__(self, problem: str) -> None:
        super().__init__(str(DATABASE_PROBLEM % {"problem": problem}))


def pending_migrations() -> list[str]:
    """The committed migrations not yet applied, as app.name, in the order they would be applied."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]


def every_migration_recorded() -> bool:
    """True when every committed migration file is recorded as applied: the usual case, answered from the
    file names and the `django_migrations` table without importing the ~150 migration modules that building
    the migration plan does (a tenth of a second at every command's start). Anything else (a migration not
    recorded, a squashed one, a migrations package that does not import) is for `pending_migrations`."""
    import pkgutil
    from importlib import import_module

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = set(recorder.applied_migrations())
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        if module_name is None:
            continue
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # an app without migrations, as the loader treats it
                continue
            return False
        except Exception:  # noqa: BLE001 - the full check reports it
            return False
        if not hasattr(module, "__path__"):
            continue
        for _finder, name, is_pkg in pkgutil.iter_modules(module.__path__):
            if not is_pkg and name[0] not in "_~" and (app_config.label, name) not in applied:
                return False
    return True


def database_is_empty() -> bool:
    """No `django_migrations` table and none of the installed models' tables (other software's tables in
    the same PostgreSQL schema do not count)."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    tables = set(connection.introspection.table_names())
    if MigrationRecorder.Migration._meta.db_table in tables:
        return False
    ours = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return not (ours & tables)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f", … (+{len(names) - NAMES_SHOWN})" if len(names) > NAMES_SHOWN else "")


def migrations_apply() -> list[str]:
    """Apply the committed migrations; returns the ones applied (none when the database was up to date)."""
    from django.core.management import call_command

    pending = pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return pending


def database_ready() -> str | None:
    """Make sure the database can serve a command: migrate it when empty, refuse when it has pending
    migrations (MigrationsPending). Returns a line to print when it did something (else None).
    Raises DatabaseUnusable when the database cannot be opened or migrated."""
    from django.db import DatabaseError

    try:
        if every_migration_recorded():
            return None
        pending = pending_migrations()
        if not pending:
            return None
        if not database_is_empty():
            raise MigrationsPending(count=len(pending), names=_names(pending))
        migrations_apply()
    except DatabaseError as exc:
        raise DatabaseUnusable(first_line(exc)) from exc
    return str(CREATED % {"count": len(pending)})


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def describe(names: list[str], *, plan: bool = False) -> str:
    """What `serviceladder migrate` did (or, with `plan`, would do)."""
    if not names:
        return str(UP_TO_DATE)
    message = WOULD_APPLY if plan else APPLIED
    return str(message % {"count": len(names), "names": ", ".join(names)})
