"""The response-time figures of the voice channel, as a pure function (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from serviceladder.wellbeing.engine.voice import VoiceRow, figures_by, figures_total, response_days
from serviceladder.workcalendar.workdays import WorkCalendar

D = dt.date
# National Day 2025 as the calendar knows it: 1–8 October off, 28 September and 11 October worked.
NATIONAL_DAY = WorkCalendar(
    off=frozenset(D(2025, 10, d) for d in range(1, 9)),
    work=frozenset({D(2025, 9, 28), D(2025, 10, 11)}),
    official_years=frozenset({2025}),
)
TODAY = D(2025, 11, 3)
SUBMITTED, DUE = D(2025, 9, 26), D(2025, 10, 16)  # 10 working days


def row(addressee="hr", *, sub=SUBMITTED, due=DUE, state="answered", answered=None):
    return VoiceRow(
        month=sub.strftime("%Y-%m"),
        addressee=addressee,
        submitted_on=sub,
        due_on=due,
        state=state,
        answered_on=answered,
    )


def test_response_days_skip_the_holiday_and_count_make_up_days():
    # Friday 26 September → Thursday 9 October: 28, 29, 30 September and 9 October are working days.
    assert response_days(row(answered=D(2025, 10, 9)), NATIONAL_DAY) == 4
    assert response_days(row(answered=D(2025, 9, 26)), NATIONAL_DAY) == 0


def test_on_time_share_median_and_overdue():
    rows = [
        row(answered=D(2025, 10, 9)),  # on time, 4 days
        row(answered=D(2025, 10, 17)),  # a day late: 11 working days
        row(state="in_progress", due=D(2025, 10, 31)),  # open past due: late, overdue
        row(state="submitted", sub=D(2025, 10, 30), due=D(2025, 11, 13)),  # not yet judged
        row(state="withdrawn"),  # never counts
    ]
    total = figures_total(rows, today=TODAY, calendar=NATIONAL_DAY)
    assert (total.submitted, total.answered, total.decided, total.on_time, total.overdue) == (4, 2, 3, 1, 1)
    assert total.on_time_share == 1 / 3
    assert total.median_days == 7.5
    by_month = figures_by(rows, by="month", today=TODAY, calendar=NATIONAL_DAY)
    assert [f.key for f in by_month] == ["2025-09", "2025-10"]
    assert by_month[1].decided == 0 and by_month[1].on_time_share is None


def test_figures_per_addressee():
    rows = [row("hr", answered=D(2025, 10, 9)), row("dept-a", state="submitted")]
    by = {f.key: f for f in figures_by(rows, by="addressee", today=TODAY, calendar=NATIONAL_DAY)}
    assert by["hr"].on_time == 1 and by["dept-a"].overdue == 1 and by["dept-a"].median_days is None


@given(st.integers(min_value=0, max_value=40))
def test_answering_later_never_raises_the_on_time_share(extra):
    early = [row(answered=D(2025, 10, 9))]
    late = [row(answered=D(2025, 10, 9) + dt.timedelta(days=extra))]
    a = figures_total(early, today=TODAY, calendar=NATIONAL_DAY).on_time_share
    b = figures_total(late, today=TODAY, calendar=NATIONAL_DAY).on_time_share
    assert b <= a
