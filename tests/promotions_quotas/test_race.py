"""HR lowers a quota while management approves one more candidate for that level: never both.

Runs on PostgreSQL only (SQLite serialises writers and its in-memory test database is not shared between
threads). The order is forced: HR's change holds the cycle's row lock (taken first thing in
promotion_cycle_quotas_set) while management's approval loads the application — and with it the cycle as it
was — and then waits for the same lock. Once HR commits, the approval must count against the quota HR just
set (read from the locked row), not the one it loaded: quota 1 with 1 approval is full, so the approval
without an override reason is refused. Reading the stale copy would approve a second candidate under a
quota of 1 with no override.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from serviceladder.promotions import rules
from serviceladder.promotions.errors import QuotaExceeded
from serviceladder.promotions.models import PromotionApplication, PromotionCycle
from serviceladder.promotions.services import (
    promotion_approve_management,
    promotion_cycle_open,
    promotion_cycle_quotas_set,
)
from serviceladder.promotions.states import State
from tests.promotions.conftest import advance, build_org, submitted


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the row-lock race needs PostgreSQL (SQLite serialises writers; run with DATABASE_URL)")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_lowering_a_quota_and_approving_at_once_never_both_pass(postgres_only, today, monkeypatch):
    org = build_org()
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"), name="race", opens_on=dt.date(2025, 9, 1), closes_on=dt.date(2025, 9, 30)
    )
    promotion_cycle_quotas_set(actor=org.actor("hr"), cycle=org.cycle, quotas={"L2": 2}, reason="两个名额")
    advance(org, submitted(org), State.MGMT_APPROVED)  # L2: 1 of 2
    waiting = advance(org, submitted(org, "colleague"), State.HR_APPROVED)

    hr_holds_lock, approval_started = threading.Event(), threading.Event()
    real_check = rules.quotas_below_approved

    def slow_check(*args, **kwargs):  # runs while HR's transaction holds the cycle's row lock
        hr_holds_lock.set()
        approval_started.wait(timeout=10)
        time.sleep(0.5)  # let the approval load the application and block on the cycle's lock
        return real_check(*args, **kwargs)

    monkeypatch.setattr(rules, "quotas_below_approved", slow_check)
    results: dict[str, object] = {}

    def lower() -> None:
        try:
            promotion_cycle_quotas_set(
                actor=org.actor("hr"), cycle=org.cycle, quotas={"L2": 1}, reason="预算收紧"
            )
            results["hr"] = "ok"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results["hr"] = repr(exc)
        finally:
            connections.close_all()

    def approve() -> None:
        try:
            hr_holds_lock.wait(timeout=10)
            seen = PromotionApplication.objects.get(pk=waiting.pk)
            approval_started.set()
            promotion_approve_management(
                actor=org.actor("management"), application=seen, approve=True, opinion="同意"
            )
            results["management"] = "ok"
        except QuotaExceeded as exc:
            results["management"] = exc
        except Exception as exc:  # noqa: BLE001
            results["management"] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lower), threading.Thread(target=approve)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results["hr"] == "ok", results
    assert isinstance(results["management"], QuotaExceeded), results
    assert results["management"].data == {"used": 2, "quota": 1, "level": "Level 2"}
    assert PromotionCycle.objects.get(pk=org.cycle.pk).quotas == {"L2": 1}
    assert PromotionApplication.objects.get(pk=waiting.pk).state == State.HR_APPROVED
