"""The audit log refuses UPDATE, DELETE and TRUNCATE in the database itself; flush and wipe still work."""

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, transaction

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor, audit_record
from serviceladder.audit.triggers import audit_triggers_drop, audit_triggers_present
from serviceladder.audit.wipe import WIPE_ACTION
from serviceladder.cli.main import main
from tests.factories import EmployeeFactory, user_with_roles

TABLE = AuditEvent._meta.db_table
postgres_only = pytest.mark.postgres_only


def _event() -> AuditEvent:
    return audit_record(actor=Actor(user=None, channel="cli"), action="calendar.seed", reason="why")


def _raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: the test's transaction lives on
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_raw_update_is_refused():
    event = _event()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {TABLE} SET reason = 'rewritten' WHERE id = %s", [event.pk])  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).reason == "why"


@pytest.mark.django_db
def test_raw_delete_of_one_row_is_refused():
    event = _event()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])  # noqa: S608
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_raw_delete_of_every_row_is_refused():
    """SQLite's truncate is DELETE without WHERE: the delete trigger covers it."""
    _event()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE}")  # noqa: S608
    assert AuditEvent.objects.count() == 1


@postgres_only
@pytest.mark.django_db
def test_raw_truncate_is_refused_on_postgresql():
    _event()
    _raw("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses for the insert's pending FK checks
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"TRUNCATE {TABLE}")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_deleting_an_audited_employee_is_refused_before_any_sql():
    from django.db.models import ProtectedError

    employee = EmployeeFactory()
    audit_record(actor=Actor(user=None), action="calendar.seed", employee=employee)
    with pytest.raises(ProtectedError):
        employee.delete()


@pytest.mark.django_db(transaction=True)
def test_flush_erases_the_log_and_puts_the_triggers_back():
    _event()
    assert audit_triggers_present(connection)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert audit_triggers_present(connection)
    _event()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE}")  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_triggers_a_rebuilt_table_lost():
    audit_triggers_drop(connection)
    assert not audit_triggers_present(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert audit_triggers_present(connection)


@pytest.mark.django_db(transaction=True)
def test_wipe_needs_yes(capsys):
    _event()
    assert main(["wipe"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_wipe_erases_everything_and_records_who_did_it():
    user_with_roles("admin1")
    EmployeeFactory()
    _event()
    assert main(["wipe", "--yes", "--as", "admin1", "--reason", "fresh start"]) == 0
    from django.contrib.auth import get_user_model

    from serviceladder.org.models import Employee

    assert not get_user_model().objects.exists()
    assert not Employee.objects.exists()
    wipe = AuditEvent.objects.get()
    assert (wipe.action, wipe.after["requested_by"], wipe.reason) == (WIPE_ACTION, "admin1", "fresh start")
    assert audit_triggers_present(connection)
