"""The promotion process's rules as pure functions over plain values (no database, no clock).

Each is named after the policy clause it implements (policy 001 §6–8 and the policy file's `process`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from serviceladder.workcalendar.workdays import WorkCalendar, WorkingDaysResult, add_working_days

CENT = Decimal("0.01")


# --- process.application_months (policy 001 §6.1: applications in fixed months each year) -------------------


def months_spanned(opens_on: dt.date, closes_on: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `opens_on` to `closes_on`, both included."""
    out, y, m = [], opens_on.year, opens_on.month
    while (y, m) <= (closes_on.year, closes_on.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def application_window_check(
    opens_on: dt.date, closes_on: dt.date, application_months: Iterable[int]
) -> list[tuple[int, int]]:
    """Clause `process.application_months`: every day of a cycle's window lies in an application month.

    Returns the (year, month) pairs of the window that are NOT application months; empty means the window is
    allowed. A window that closes before it opens is the caller's error (checked separately)."""
    allowed = set(application_months)
    return [(y, m) for y, m in months_spanned(opens_on, closes_on) if m not in allowed]


def application_window_open(opens_on: dt.date, closes_on: dt.date, today: dt.date) -> bool:
    """Clause `process.application_months`: a submission is accepted on the window's days only."""
    return opens_on <= today <= closes_on


# --- process.notice_period_working_days, publication_day_counts, holiday_calendar (policy 001 §6.5) ---------


def notice_end_date(
    published_on: dt.date, *, working_days: int, publication_day_counts: bool, calendar: WorkCalendar
) -> WorkingDaysResult:
    """Clause `process.notice_period_working_days`: the last day of the public notice.

    Counted in working days of the policy's holiday calendar; with `publication_day_counts` the day of
    publication is day 1 (when it is a working day), otherwise counting starts the next day. A period that
    touches a year whose calendar is not official is `provisional` (weekends only) and says which years.
    Known answer (CN 2025, National Day): published Mon 2025-09-29, 5 days → Sat 2025-10-11 (an adjusted
    working day) when the publication day counts, Mon 2025-10-13 when it does not.
    Raises OverflowError for a period beyond the last representable date.
    """
    return add_working_days(
        published_on, working_days, count_start_day=publication_day_counts, calendar=calendar
    )


def notice_running(ends_on: dt.date, today: dt.date) -> bool:
    """The notice is running up to and including its end date (appeals may be filed until then)."""
    return today <= ends_on


# --- process.pay_rule (policy 001 §8: pay of the new level) -------------------------------------------------


class PayProposal(NamedTuple):
    amount: Decimal
    capped: bool  # the band maximum cut the rule's amount: HR decides (policy: cap_and_flag)
    no_previous_pay: bool  # nothing to multiply: the band minimum (or nothing) is proposed


def pay_proposal(
    old_pay: Decimal | None, *, min_ratio: Decimal, band_min: Decimal | None, band_max: Decimal | None
) -> PayProposal:
    """Clause `process.pay_rule`: new pay = max(band minimum, old pay × min_ratio), capped at the band
    maximum and flagged when the cap bites. Amounts are rounded half-up to the cent.

    Without previous pay the band minimum is proposed (0 when the level has no band either)."""
    if old_pay is None:
        amount = band_min if band_min is not None else Decimal("0")
        return PayProposal(amount.quantize(CENT, ROUND_HALF_UP), False, True)
    amount = (Decimal(old_pay) * Decimal(min_ratio)).quantize(CENT, ROUND_HALF_UP)
    if band_min is not None:
        amount = max(amount, Decimal(band_min).quantize(CENT))
    capped = band_max is not None and amount > band_max
    if capped:
        amount = Decimal(band_max).quantize(CENT)
    return PayProposal(amount, capped, False)


def pay_within_band(amount: Decimal, *, band_min: Decimal | None, band_max: Decimal | None) -> bool:
    """HR may adjust the proposed pay only within the new level's band (both ends included)."""
    if amount < 0:
        return False
    if band_min is not None and amount < band_min:
        return False
    return not (band_max is not None and amount > band_max)


# --- process.pay_rule.effective: first_day_of_next_month (policy 001 §8) ------------------------------------


def first_day_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def effective_date(notice_ends_on: dt.date, last_appeal_answered_on: dt.date | None = None) -> dt.date:
    """Clause `process.pay_rule.effective` (first_day_of_next_month): the new level and pay apply from the
    first day of the month after the notice ended — or after the last appeal was answered, if later."""
    settled = max(notice_ends_on, last_appeal_answered_on or notice_ends_on)
    return first_day_of_next_month(settled)


# --- process.quotas (policy 001 §6.4: management approves against the company's needs) ----------------------


class QuotaUse(NamedTuple):
    quota: int | None  # None: no quota for the level
    used: int  # approvals already counted against it

    @property
    def remaining(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.used, 0)

    @property
    def full(self) -> bool:
        """One more approval would go over the quota."""
        return self.quota is not None and self.used >= self.quota


def quota_override_needed(quota: int | None, used: int) -> bool:
    """Clause `process.quotas`: approving one more when `used` approvals already fill the quota needs an
    explicit override reason. No quota for the level: never needed."""
    return QuotaUse(quota, used).full


def quota_changes(
    before: dict[str, int], after: dict[str, int]
) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """The levels whose quota differs between two quota maps, as (before, after) per level; None is "no
    quota". Levels are in code order, so an audit row reads the same way every time."""
    levels = sorted(code for code in set(before) | set(after) if before.get(code) != after.get(code))
    return {c: before.get(c) for c in levels}, {c: after.get(c) for c in levels}


def quotas_below_approved(
    before: dict[str, int], after: dict[str, int], approved: dict[str, int]
) -> list[tuple[str, int, int]]:
    """Clause `process.quotas`: a quota that changes may not be set below the approvals management already
    gave for its level (they hold places that cannot be taken back by a number). A level whose quota does
    not change is left alone even when an override already took it over; removing a quota (no limit) is
    always allowed. Returns (level, approved, asked quota) for every refused level, in code order."""
    out = []
    for code in sorted(after):
        quota = after[code]
        if before.get(code) != quota and quota < approved.get(code, 0):
            out.append((code, approved.get(code, 0), quota))
    return out


def cycle_closed(closes_on: dt.date, today: dt.date, awaiting_decision: int) -> bool:
    """A cycle is closed once its application window is over and no application of it still awaits a
    decision (reviews and management approval run after the window, so the window alone does not close
    it)."""
    return today > closes_on and awaiting_decision == 0


# --- ranking for management (policy 001 §6.4: equal conditions → the better performer first) ----------------


class Candidate(NamedTuple):
    key: Hashable
    eligible: bool  # met every condition at submission (not an exception)
    score: float | None  # performance score (mean over recent months); None: no score


def rank_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates for one target level in the order management sees them: those who met the conditions
    before exceptions, and among equal conditions the better performance score first (no score last);
    remaining ties keep the order given (submission order)."""
    indexed = list(enumerate(candidates))
    indexed.sort(key=lambda ic: (not ic[1].eligible, ic[1].score is None, -(ic[1].score or 0.0), ic[0]))
    return [c for _i, c in indexed]


def mean_score(scores: Iterable[float | None]) -> float | None:
    present = [float(s) for s in scores if s is not None]
    return sum(present) / len(present) if present else None
