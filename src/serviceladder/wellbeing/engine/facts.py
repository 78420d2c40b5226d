"""What the wellbeing engine knows about one person: plain, immutable values (no Django, no database).

Months are 'YYYY-MM'; figures are in data units (rules.facts conventions), keyed by the monthly figure's
field, with their sample sizes ("contacts", "csat_rated"). A percentile is the peer ranking's (smaller is
better: recognition.selectors.standing.peer_standing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from serviceladder.rules.clauses import PulseAnswerFact, SetbackFact

__all__ = ["PulseAnswerFact", "SetbackFact", "WellbeingFacts"]


@dataclass(frozen=True, slots=True)
class WellbeingFacts:
    employee_id: int
    hire_date: dt.date
    level_code: str | None = None
    level_start: dt.date | None = None  # start of the unbroken stay in the current level
    min_months: int = 0  # the level's minimum time before its next step (policy transitions), 0: none
    # month → {data field: value, "contacts": n, "csat_rated": n}
    figures: Mapping[str, Mapping[str, float | int | None]] = field(default_factory=dict)
    # data field → month → (the person's team's median, how many members had the figure)
    team_medians: Mapping[str, Mapping[str, tuple[float, int]]] = field(default_factory=dict)
    pcts: Mapping[str, float] = field(default_factory=dict)  # month → peer-group percentile
    open_goals: int = 0  # development goals not yet judged, in the agreed plan
    last_conversation: dt.date | None = None
    setbacks: tuple[SetbackFact, ...] = ()
    pulse: tuple[PulseAnswerFact, ...] = ()  # answers the person shared with their lead
