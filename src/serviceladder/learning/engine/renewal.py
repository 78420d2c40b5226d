"""When a certification's holder is enrolled again (issue 17: renewal before a completion lapses). Pure dates,
no Django: the daily step learning.renewals asks `renewal_due` for each completion about to expire."""

from __future__ import annotations

import datetime as dt

ONE_DAY = dt.timedelta(days=1)


def renewal_opens_on(
    expires_on: dt.date, renewal_days: int, completed_on: dt.date | None = None
) -> dt.date | None:
    """The first day of the renewal window: `renewal_days` days before the completion expires, and never
    before the day after it was completed (a window longer than the validity, say from a policy's short
    certification, does not enrol anyone on the day they complete). None: the course renews nothing."""
    if renewal_days <= 0:
        return None
    opens_on = expires_on - dt.timedelta(days=renewal_days)
    if completed_on is not None and opens_on <= completed_on:
        opens_on = completed_on + ONE_DAY
    return opens_on


def renewal_due(
    day: dt.date, *, expires_on: dt.date, renewal_days: int, completed_on: dt.date | None = None
) -> bool:
    """Whether a completion expiring on `expires_on` is in its renewal window on `day`: from the day the
    window opens up to the day before it expires (on that day it stops counting and learning.expiry takes
    over)."""
    opens_on = renewal_opens_on(expires_on, renewal_days, completed_on)
    return opens_on is not None and opens_on <= day < expires_on
