"""Ready now · ready within 3 months · not yet (eligibility.selectors.group_of), boundaries included."""

import datetime as dt

import pytest

from serviceladder.eligibility.engine import (
    BLOCKED,
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_YET,
    Decision,
    Projection,
)
from serviceladder.eligibility.selectors import LATER, READY_NOW, READY_SOON, group_of


def decision(status, earliest=None, as_of=dt.date(2026, 11, 24)):
    return Decision(
        "E1",
        "L1",
        "L2",
        "promotion",
        "management",
        status,
        earliest,
        (),
        Projection((), None, True),
        "v1",
        as_of,
    )


@pytest.mark.parametrize(
    ("as_of", "status", "earliest", "group"),
    [
        (dt.date(2026, 11, 24), ELIGIBLE, None, READY_NOW),
        (dt.date(2026, 11, 24), NOT_YET, dt.date(2026, 11, 25), READY_SOON),
        (dt.date(2026, 11, 24), NOT_YET, dt.date(2027, 2, 24), READY_SOON),  # exactly three months: in
        (dt.date(2026, 11, 24), NOT_YET, dt.date(2027, 2, 25), LATER),  # one day more: out
        (dt.date(2026, 11, 30), NOT_YET, dt.date(2027, 2, 28), READY_SOON),  # no 30 February: month end
        (dt.date(2026, 11, 30), NOT_YET, dt.date(2027, 3, 1), LATER),
        (dt.date(2026, 11, 24), NOT_YET, None, LATER),  # effort needed: no date
        (dt.date(2026, 11, 24), BLOCKED, None, LATER),
        (dt.date(2026, 11, 24), INSUFFICIENT_DATA, None, LATER),
    ],
)
def test_groups(as_of, status, earliest, group):
    assert group_of(decision(status, earliest, as_of), as_of) == group
