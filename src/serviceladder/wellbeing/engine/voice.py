"""Response-time figures of the voice channel (issue 16 item 5: "HR sees response-time figures"). Pure: plain
rows in, figures out; the working days come from workcalendar.workdays (no Django).

An item counts towards "answered on time" once it is decided: answered (on time when answered on or before
its due date), or still open past its due date (late). Items still open within their deadline are not judged
yet; withdrawn items never count. The response time is the working days from the day after submission to the
day of the answer (answered the same day: 0)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from serviceladder.workcalendar.workdays import WorkCalendar, working_days_between

ANSWERED, WITHDRAWN = "answered", "withdrawn"


@dataclass(frozen=True)
class VoiceRow:
    month: str  # YYYY-MM of submission
    addressee: str  # "hr" or a department code
    submitted_on: dt.date
    due_on: dt.date
    state: str
    answered_on: dt.date | None = None


@dataclass(frozen=True)
class Figures:
    key: str  # a month or an addressee
    submitted: int
    answered: int
    decided: int
    on_time: int
    overdue: int  # open past the due date
    median_days: float | None  # working days to the answer

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


def response_days(row: VoiceRow, calendar: WorkCalendar) -> int | None:
    if row.answered_on is None:
        return None
    return working_days_between(row.submitted_on + dt.timedelta(days=1), row.answered_on, calendar)


def _figures(key: str, rows: list[VoiceRow], today: dt.date, calendar: WorkCalendar) -> Figures:
    rows = [r for r in rows if r.state != WITHDRAWN]
    answered = [r for r in rows if r.state == ANSWERED and r.answered_on is not None]
    late_open = [r for r in rows if r.state != ANSWERED and r.due_on < today]
    on_time = [r for r in answered if r.answered_on <= r.due_on]
    days = [response_days(r, calendar) for r in answered]
    return Figures(
        key=key,
        submitted=len(rows),
        answered=len(answered),
        decided=len(answered) + len(late_open),
        on_time=len(on_time),
        overdue=len(late_open),
        median_days=float(median(days)) if days else None,
    )


def figures_by(rows: list[VoiceRow], *, by: str, today: dt.date, calendar: WorkCalendar) -> list[Figures]:
    """Figures per `by` ("month" or "addressee"), in key order."""
    groups: dict[str, list[VoiceRow]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, by)].append(row)
    return [_figures(key, groups[key], today, calendar) for key in sorted(groups)]


def figures_total(rows: list[VoiceRow], *, today: dt.date, calendar: WorkCalendar) -> Figures:
    return _figures("", rows, today, calendar)
