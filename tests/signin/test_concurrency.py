"""Several app processes failing at once count exactly (PostgreSQL: row locks and an upsert)."""

import threading

import pytest
from django.db import connections

from serviceladder.accounts import signin
from serviceladder.accounts.models import SignInCounter
from serviceladder.audit.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,  # needs concurrent connections
]


def run_at_once(count, fn):
    barrier = threading.Barrier(count)
    errors = []

    def work(i):
        try:
            barrier.wait()
            fn(i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_eight_simultaneous_failures_count_eight_and_lock_once(settings):
    settings.SERVICELADDER_SIGNIN_ACCOUNT_FAILURES = 5
    run_at_once(8, lambda i: signin.signin_failure_record(username="lina", address=f"10.0.0.{i}"))
    row = SignInCounter.objects.get(kind="account", key="lina")
    assert row.failures == 8 and row.locked_until is not None
    assert AuditEvent.objects.filter(action="signin.failure").count() == 8
    assert AuditEvent.objects.filter(action="signin.lockout").count() == 1
    assert SignInCounter.objects.filter(kind="address").count() == 8


def test_simultaneous_failures_from_one_address_count_exactly(settings):
    settings.SERVICELADDER_SIGNIN_ADDRESS_FAILURES = 100
    run_at_once(10, lambda i: signin.signin_failure_record(username=f"user{i}", address="10.9.9.9"))
    assert SignInCounter.objects.get(kind="address", key="10.9.9.9").failures == 10
    run_at_once(6, lambda i: signin.api_key_failure_record(address="10.9.9.9"))
    assert SignInCounter.objects.get(kind="api_address", key="10.9.9.9").failures == 6
