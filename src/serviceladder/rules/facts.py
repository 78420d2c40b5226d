"""What the engine knows about a person: plain, immutable values (no Django, no database).

Conventions: months are 'YYYY-MM'; monthly metric values are in data units (rates 0..1, CSAT 1–5,
times in seconds, see metrics.models.MonthlyMetric) and each month also carries its sample sizes under
"contacts" and "csat_rated"; a rank is the person's percentile in their peer group that month
(rank / group size × 100, ties share the better rank, so 20 means "in the top 20 %").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

MonthFigures = Mapping[str, float | int | None]


class ExamFact(NamedTuple):
    date: dt.date
    score: float
    max_score: float = 100.0
    exam: str = ""  # the policy's exam code (`exams:`); '' for a result no exam of the policy matches


class ViolationFact(NamedTuple):
    date: dt.date
    kind: str = ""


class TrainingFact(NamedTuple):
    code: str  # the policy's training code (the adapter maps names onto codes)
    completed_on: dt.date
    expires_on: dt.date | None = None


class EducationFact(NamedTuple):
    degree: str  # one of policy.schema.DEGREE_ORDER
    completed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PersonFacts:
    employee: str  # employee number
    hire_date: dt.date
    prior_experience_months: int = 0
    # (level code, effective_from), any order; the engine sorts.
    levels: tuple[tuple[str, dt.date], ...] = ()
    # month → {data field: value, "contacts": n, "csat_rated": n}
    metrics: Mapping[str, MonthFigures] = field(default_factory=dict)
    # month → percentile in the default peer group (same level, same department)
    ranks: Mapping[str, float] = field(default_factory=dict)
    # peer group name ("level_team", "level_company", …) → month → percentile; overrides `ranks`
    ranks_by_peer_group: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    exams: tuple[ExamFact, ...] = ()
    violations: tuple[ViolationFact, ...] = ()
    trainings: tuple[TrainingFact, ...] = ()
    education: tuple[EducationFact, ...] = ()
    # target level → {competency: rating 1–5}; None when the installation records no confirmations
    competency_confirmations: Mapping[str, Mapping[str, int]] | None = None
    # month → {data field: value} of the team this person leads (supervisors only)
    team_metrics: Mapping[str, MonthFigures] = field(default_factory=dict)
    department: str | None = None
    team: str | None = None

    def level_on(self, date: dt.date) -> tuple[str, dt.date] | None:
        """(level code, start of the unbroken stay in that level) on `date`, or None."""
        # In date order (a move back down to a lower level code is still the latest stay).
        history = sorted((lv for lv in self.levels if lv[1] <= date), key=lambda lv: lv[1])
        if not history:
            return None
        code, start = history[-1][0], history[-1][1]
        for earlier_code, earlier_start in reversed(history[:-1]):
            if earlier_code != code:
                break
            start = earlier_start
        return code, start
