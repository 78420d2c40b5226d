"""The audit log is append-only in the database too: triggers refuse UPDATE, DELETE and TRUNCATE on it.

Installed by migration 0002 and again after every `migrate` (SQLite drops a table's triggers when a migration
rebuilds the table). The only way around them is `wipe_database` (the `flush` command and `serviceladder
wipe`), which drops them, erases every table and re-creates them in one transaction.
"""

from __future__ import annotations

TABLE = "audit_auditevent"
MESSAGE = "audit events are append-only"
_PG_FUNCTION = "audit_auditevent_append_only"
_PG_ROW_TRIGGER = "audit_auditevent_no_update_delete"
_PG_TRUNCATE_TRIGGER = "audit_auditevent_no_truncate"
_SQLITE_TRIGGERS = ("audit_auditevent_no_update", "audit_auditevent_no_delete")


def _table_exists(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def _statements_install(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$""",
            f"DROP TRIGGER IF EXISTS {_PG_ROW_TRIGGER} ON {TABLE}",
            f"CREATE TRIGGER {_PG_ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
            f"DROP TRIGGER IF EXISTS {_PG_TRUNCATE_TRIGGER} ON {TABLE}",
            f"CREATE TRIGGER {_PG_TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    if vendor == "sqlite":
        # SQLite has no TRUNCATE: its "DELETE FROM t" without WHERE skips the row-by-row delete only when the
        # table has no triggers, so the DELETE trigger covers it.
        return [
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for name, op in zip(_SQLITE_TRIGGERS, ("UPDATE", "DELETE"), strict=True)
        ]
    return []


def _statements_drop(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in (_PG_ROW_TRIGGER, _PG_TRUNCATE_TRIGGER)
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
    return []


def audit_triggers_install(connection) -> None:
    """Create (or re-create) the append-only triggers; a no-op before the audit table exists."""
    if not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        for sql in _statements_install(connection.vendor):
            cursor.execute(sql)


def audit_triggers_drop(connection) -> None:
    if not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        for sql in _statements_drop(connection.vendor):
            cursor.execute(sql)


def audit_triggers_present(connection) -> bool:
    """Whether every append-only trigger is in place (the checks and tests ask)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
            expected = {_PG_ROW_TRIGGER, _PG_TRUNCATE_TRIGGER}
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            expected = set(_SQLITE_TRIGGERS)
        else:
            return False
        return expected <= {row[0] for row in cursor.fetchall()}


def migration_install(apps, schema_editor) -> None:
    audit_triggers_install(schema_editor.connection)


def migration_drop(apps, schema_editor) -> None:
    audit_triggers_drop(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()")
