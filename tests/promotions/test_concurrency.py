"""Two people acting on one application at the same moment: exactly one wins, the other is told who moved it.

Runs on PostgreSQL (SQLite serialises every write transaction anyway, and its in-memory test database is not
shared between threads, so the race cannot even start there).

How the lock matters: both HR reviewers load the application while it awaits the HR review, then a barrier
releases their two review calls together. workflow.transition_apply locks the row (`select_for_update`)
and re-reads the state after the lock: the second reviewer waits for the first to commit, finds the new
state and gets ApplicationMoved. Without the lock both re-read the old state before either commits, both
pass the check, and PostgreSQL lets the second UPDATE overwrite the first: two "successes", two history
rows, and this test fails. To see it fail, run it with the lock switched off:

    SERVICELADDER_TEST_NO_LOCK=1 DATABASE_URL=postgres://… pytest tests/promotions/test_concurrency.py
"""

import datetime as dt
import os
import threading

import pytest
from django.db import connection, connections

from serviceladder.promotions import workflow
from serviceladder.promotions.errors import ALREADY_MOVED, ApplicationMoved
from serviceladder.promotions.models import PromotionApplication, StageOpinion, TransitionLog
from serviceladder.promotions.services import promotion_cycle_open, promotion_review_hr
from serviceladder.promotions.states import State
from tests.promotions.conftest import FORM, build_org

ROUNDS = 20


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the row-lock race needs PostgreSQL (SQLite serialises writers; run with DATABASE_URL)")


@pytest.fixture
def no_lock_when_asked(monkeypatch):
    if os.environ.get("SERVICELADDER_TEST_NO_LOCK") == "1":
        monkeypatch.setattr(workflow, "USE_ROW_LOCK", False)


def _review(org, pk: int, key: str, approve: bool, barrier: threading.Barrier, results: dict) -> None:
    try:
        seen = PromotionApplication.objects.get(pk=pk)  # each reviewer opened the case page
        barrier.wait(timeout=10)
        promotion_review_hr(actor=org.actor(key), application=seen, approve=approve, opinion=key)
        results[key] = "ok"
    except ApplicationMoved as exc:
        results[key] = exc
    except Exception as exc:  # noqa: BLE001 - reported by the assertion in the test
        results[key] = repr(exc)
    finally:
        connections.close_all()  # this thread's connection


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_hr_reviewers_at_once_one_wins_one_is_told(postgres_only, no_lock_when_asked, today):
    org = build_org()
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"), name="race", opens_on=dt.date(2025, 9, 1), closes_on=dt.date(2025, 9, 30)
    )
    for round_no in range(ROUNDS):
        app = PromotionApplication.objects.create(
            cycle=org.cycle,
            applicant=org.employees["applicant"],
            from_level=org.level("L1"),
            target_level=org.level("L2"),
            state=State.DEPT_APPROVED,
            **FORM,
        )
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}
        threads = [
            threading.Thread(target=_review, args=(org, app.pk, "hr", True, barrier, results)),
            threading.Thread(target=_review, args=(org, app.pk, "hr2", False, barrier, results)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)

        winners = [k for k, v in results.items() if v == "ok"]
        losers = {k: v for k, v in results.items() if isinstance(v, ApplicationMoved)}
        assert len(winners) == 1 and len(losers) == 1, (round_no, results)
        (loser_error,) = losers.values()
        app.refresh_from_db()
        expected_state = State.HR_APPROVED if winners == ["hr"] else State.REJECTED
        assert app.state == expected_state and app.version == 2
        assert loser_error.message == ALREADY_MOVED
        # The one who moved it first is named as people read names (name and role), not by login.
        who = org.users[winners[0]]
        named = loser_error.data["actor"]
        assert named.startswith(who.employee.name) and named != who.username
        assert TransitionLog.objects.filter(application=app).count() == 1
        assert StageOpinion.objects.filter(application=app).count() == 1
        # free the applicant's place for the next round
        PromotionApplication.objects.filter(pk=app.pk).update(state=State.WITHDRAWN)
