"""The metrics a policy may name, and the one place where policy units become data units.

People write thresholds the way they speak about them: response time in minutes, rates as 0.95 or "95%",
CSAT on the 1–5 scale. The monthly data keeps rates as shares in 0..1 and times in seconds
(see metrics.models.MonthlyMetric). `to_data_units` is the only conversion; nothing else multiplies by 60.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Unit(StrEnum):
    RATE = "rate"  # share 0..1 (a policy may write "95%")
    CSAT = "csat"  # 1..5
    SECONDS = "seconds"
    MINUTES = "minutes"  # written in minutes, stored in seconds
    COUNT = "count"
    SCORE = "score"  # 0..100 points
    RATING = "rating"  # 1..5 rating by a person


@dataclass(frozen=True)
class MetricSpec:
    name: str
    unit: Unit
    data_field: str  # column of metrics.MonthlyMetric (or the exam table for exam_score)
    minimum: Decimal
    maximum: Decimal
    lower_is_better: bool = False


def _spec(name, unit, lo, hi, *, field=None, lower=False) -> MetricSpec:
    return MetricSpec(name, unit, field or name, Decimal(str(lo)), Decimal(str(hi)), lower)


METRICS: dict[str, MetricSpec] = {
    m.name: m
    for m in (
        _spec("csat_mean", Unit.CSAT, 1, 5),
        _spec("csat_top2_share", Unit.RATE, 0, 1),
        _spec("fcr_rate", Unit.RATE, 0, 1),
        _spec("aht_seconds", Unit.SECONDS, 1, 7200, lower=True),
        _spec(
            "first_response_minutes", Unit.MINUTES, 0, 1440, field="first_response_seconds_mean", lower=True
        ),
        _spec("on_time_response_rate", Unit.RATE, 0, 1),
        _spec("resolution_rate", Unit.RATE, 0, 1),
        _spec("complaint_rate", Unit.RATE, 0, 1, lower=True),
        # After-call work per contact (0 is possible: no wrap-up) and the share of contacts flagged abusive.
        _spec("acw_seconds", Unit.SECONDS, 0, 7200, lower=True),
        _spec("abusive_rate", Unit.RATE, 0, 1, lower=True),
        # KPI completion may exceed 100 % (a target beaten by half is 1.5).
        _spec("kpi_completion", Unit.RATE, 0, 3),
        _spec("attendance_rate", Unit.RATE, 0, 1),
        _spec("kb_contributions", Unit.COUNT, 0, 10000),
        _spec("qa_score", Unit.SCORE, 0, 100),
        _spec("exam_score", Unit.SCORE, 0, 100),
        _spec("supervisor_rating", Unit.RATING, 1, 5),
        _spec("performance_score", Unit.SCORE, 0, 100),
        # Handled contacts in the month: the workload a wellbeing signal compares with the team's median.
        _spec("contacts", Unit.COUNT, 0, 1_000_000),
    )
}

RATE_UNITS = {Unit.RATE}


def parse_policy_value(metric: str, raw: object) -> Decimal:
    """Turn what the file says (4.5, 0.95, "95%", 3) into a Decimal in policy units.

    Raises ValueError for text that is not a number; a percent sign is only meaningful for rates.
    """
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text.endswith("%"):
            spec = METRICS.get(metric)
            if spec is not None and spec.unit not in RATE_UNITS:
                raise ValueError(raw)
            return Decimal(text[:-1].strip()) / 100
        return Decimal(text)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    raise ValueError(raw)


def to_data_units(metric: str, value: Decimal) -> Decimal:
    """The threshold as the monthly data stores it (minutes → seconds; everything else unchanged)."""
    if METRICS[metric].unit is Unit.MINUTES:
        return value * 60
    return value


def describe_range(metric: str) -> str:
    spec = METRICS[metric]
    if spec.unit is Unit.RATE:
        return f"{spec.minimum}..{spec.maximum} (or {spec.minimum * 100:.0f}%..{spec.maximum * 100:.0f}%)"
    return f"{spec.minimum}..{spec.maximum} ({spec.unit.value})"


# The sample size behind each metric: CSAT figures rest on rated contacts, the others on handled contacts.
_SAMPLE_FIELDS = {"csat_mean": "csat_rated", "csat_top2_share": "csat_rated"}


def sample_field(metric: str) -> str:
    """The monthly figure that counts the sample behind `metric` (for a threshold's minimum sample)."""
    return _SAMPLE_FIELDS.get(metric, "contacts")
