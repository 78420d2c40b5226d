"""The renewal window (learning.engine.renewal), pure: it opens exactly `renewal_days` days before a
completion expires and closes the day it expires; 0 days renews nothing."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.learning.engine.renewal import renewal_due, renewal_opens_on

EXPIRES = dt.date(2026, 3, 31)

# (day asked about, renewal days, due)
TABLE = [
    (dt.date(2026, 2, 28), 30, False),  # 31 days before: not yet
    (dt.date(2026, 3, 1), 30, True),  # exactly 30 days before: the window opens
    (dt.date(2026, 3, 30), 30, True),  # the last day the completion counts
    (dt.date(2026, 3, 31), 30, False),  # the expiry day: expiry's, not renewal's
    (dt.date(2026, 4, 1), 30, False),
    (dt.date(2026, 3, 30), 1, True),  # a one-day window
    (dt.date(2026, 3, 29), 1, False),
    (dt.date(2026, 3, 30), 0, False),  # no automatic renewal
    (dt.date(2025, 3, 31), 365, True),
]


@pytest.mark.parametrize(("day", "days", "due"), TABLE)
def test_the_window_table(day, days, due):
    assert renewal_due(day, expires_on=EXPIRES, renewal_days=days) is due


def test_no_window_without_renewal_days():
    assert renewal_opens_on(EXPIRES, 0) is None
    assert renewal_opens_on(EXPIRES, 30) == dt.date(2026, 3, 1)


@given(
    expires_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    days=st.integers(min_value=1, max_value=365),
)
def test_the_window_is_exactly_renewal_days_long_and_ends_the_day_before_expiry(expires_on, days):
    window = [
        expires_on + dt.timedelta(days=offset)
        for offset in range(-days - 5, 5)
        if renewal_due(expires_on + dt.timedelta(days=offset), expires_on=expires_on, renewal_days=days)
    ]
    assert len(window) == days
    assert window[0] == renewal_opens_on(expires_on, days) == expires_on - dt.timedelta(days=days)
    assert window[-1] == expires_on - dt.timedelta(days=1)


@given(
    expires_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    day=st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2101, 1, 1)),
)
def test_zero_days_never_renews(expires_on, day):
    assert not renewal_due(day, expires_on=expires_on, renewal_days=0)


@given(
    completed_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    span=st.integers(min_value=1, max_value=400),
    days=st.integers(min_value=1, max_value=365),
)
def test_the_window_never_opens_on_or_before_the_day_of_completion(completed_on, span, days):
    expires_on = completed_on + dt.timedelta(days=span)
    assert not renewal_due(completed_on, expires_on=expires_on, renewal_days=days, completed_on=completed_on)
    opens_on = renewal_opens_on(expires_on, days, completed_on)
    assert opens_on > completed_on
    if span > days:  # a window shorter than the validity is exactly as long as asked
        assert opens_on == expires_on - dt.timedelta(days=days)


def test_a_window_longer_than_the_validity_opens_the_day_after_completion():
    done = dt.date(2026, 3, 1)
    expires = dt.date(2026, 4, 1)  # one month
    assert renewal_opens_on(expires, 60, done) == dt.date(2026, 3, 2)
    assert not renewal_due(done, expires_on=expires, renewal_days=60, completed_on=done)
    assert renewal_due(dt.date(2026, 3, 2), expires_on=expires, renewal_days=60, completed_on=done)
