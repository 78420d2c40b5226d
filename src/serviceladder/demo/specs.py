"""Plain data shapes of a demo organisation (no Django): what the generator builds and the loader writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class TrackSpec:
    code: str
    kind: str
    name_zh: str
    name_en: str
    order: int


@dataclass(frozen=True)
class LevelSpec:
    code: str
    track: str
    rank: int
    name_zh: str
    name_en: str
    is_supervisory: bool = False


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name_zh: str
    name_en: str
    head: str = ""  # employee number


@dataclass(frozen=True)
class TeamSpec:
    code: str
    department: str
    name_zh: str
    name_en: str
    channels: tuple[str, ...]
    lead: str = ""  # employee number


@dataclass(frozen=True)
class LevelChange:
    level: str
    effective_from: dt.date
    reason: str


@dataclass(frozen=True)
class EducationSpec:
    degree: str
    completed_on: dt.date
    institution: str


@dataclass(frozen=True)
class PaySpec:
    monthly_amount: Decimal
    effective_from: dt.date
    reason: str
    currency: str = "CNY"


@dataclass(frozen=True)
class ViolationSpec:
    date: dt.date
    kind: str
    description: str


@dataclass(frozen=True)
class ExamSpec:
    date: dt.date
    name: str
    score: Decimal
    max_score: Decimal = Decimal("100")
    name_alt: str = ""
    exam_code: str = ""  # the policy's exam this round belongs to (as an import with an exam code column)


@dataclass(frozen=True)
class TrainingSpec:
    name: str
    kind: str  # "training" | "certification"
    completed_on: dt.date
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class MetricSpec:
    month: str
    contacts: int
    csat_mean: float
    csat_rated: int
    csat_top2_share: float
    fcr_rate: float
    aht_seconds: float
    first_response_seconds_mean: float
    on_time_response_rate: float
    resolution_rate: float
    complaint_rate: float
    kpi_completion: float
    attendance_rate: float
    kb_contributions: int
    qa_score: float
    supervisor_rating: float
    # After-call work and the abusive-contact rate (wellbeing: strain and exposure).
    acw_seconds: float | None = None
    abusive_rate: float | None = None


@dataclass
class PersonSpec:
    number: str
    name: str
    role: str  # "agent" | "lead" | "head" | "staff"
    team: str | None
    hire_date: dt.date
    prior_experience_months: int
    channels: list[str]
    languages: list[str]
    email: str
    manager: str | None = None
    trend: str = "steady"
    levels: list[LevelChange] = field(default_factory=list)
    education: list[EducationSpec] = field(default_factory=list)
    pay: list[PaySpec] = field(default_factory=list)
    violations: list[ViolationSpec] = field(default_factory=list)
    exams: list[ExamSpec] = field(default_factory=list)
    trainings: list[TrainingSpec] = field(default_factory=list)
    metrics: list[MetricSpec] = field(default_factory=list)

    @property
    def current_level(self) -> str | None:
        return self.levels[-1].level if self.levels else None


@dataclass(frozen=True)
class LoginSpec:
    username: str
    roles: tuple[str, ...]
    employee: str  # employee number


@dataclass
class DemoOrganisation:
    seed: int
    today: dt.date
    months: list[str]
    tracks: list[TrackSpec]
    levels: list[LevelSpec]
    departments: list[DepartmentSpec]
    teams: list[TeamSpec]
    people: list[PersonSpec]
    logins: list[LoginSpec]
    # Numbers of the people given strong results near a next step (the login agent first), see generator.
    showcase: list[str] = field(default_factory=list)

    def person(self, number: str) -> PersonSpec:
        return next(p for p in self.people if p.number == number)


@dataclass(frozen=True)
class ConfirmationSpec:
    """A superior's competency confirmation of a person against a target level's profile."""

    employee: str  # employee number
    target_level: str
    ratings: dict[str, int]
    confirmed_on: dt.date
    hour: int  # local time of day it was recorded
    confirmed_by: str  # employee number of the superior
