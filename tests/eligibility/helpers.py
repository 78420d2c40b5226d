"""Policies and people for the engine tests (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from serviceladder.policy.schema import Policy
from serviceladder.rules.facts import PersonFacts

PRESET = Path(__file__).resolve().parents[2] / "src/serviceladder/policy/presets/cn-standard.yaml"


def policy_with(conditions: dict, *, caps: list | None = None, weights: dict | None = None) -> Policy:
    """A two-level policy (L1 → L2, plus L3 for caps) whose only transition has `conditions`."""
    return Policy.model_validate(
        {
            "name": "test",
            "tracks": [
                {
                    "code": "service",
                    "kind": "management",
                    "name_zh": "服务",
                    "name_en": "Service",
                    "levels": [
                        {"code": "L1", "name_zh": "一", "name_en": "One"},
                        {
                            "code": "L2",
                            "name_zh": "二",
                            "name_en": "Two",
                            "competencies": {"communication": 3, "coaching": 2},
                        },
                        {"code": "L3", "name_zh": "三", "name_en": "Three"},
                    ],
                }
            ],
            "transitions": [{"from": "L1", "to": "L2", "conditions": conditions}],
            "education_caps": caps or [],
            "performance_score": {"weights": weights or {"csat_mean": 1}},
            "process": {
                "application_months": [3],
                "notice_period_working_days": 5,
                "appeal_deadline_days": 7,
            },
        }
    )


def example_policy() -> Policy:
    """The worked example of issue 5."""
    return policy_with(
        {
            "min_months_in_level": 12,
            "metric_thresholds": [
                {"metric": "csat_mean", "comparison": ">=", "value": 4.5, "window": 3, "min_sample": 30},
                {
                    "metric": "complaint_rate",
                    "comparison": "<=",
                    "value": "2%",
                    "window": 3,
                    "aggregation": "every_month",
                },
            ],
            "rank_streak": {"top_percent": 20, "months": 3},
            "no_violations": {"months": 6},
        }
    )


def preset_policy() -> Policy:
    return Policy.model_validate(yaml.safe_load(PRESET.read_text(encoding="utf-8")))


MONTHS = ("2026-04", "2026-05", "2026-06")


def example_person(
    since: dt.date = dt.date(2025, 1, 1),
    *,
    csat=(4.6, 4.7, 4.5),
    rated=(40, 35, 50),
    complaints=(0.010, 0.015, 0.020),
    ranks=(10, 20, 15),
    violations=(),
    **extra,
) -> PersonFacts:
    from serviceladder.rules.facts import ViolationFact

    metrics = {
        m: {"csat_mean": c, "csat_rated": r, "complaint_rate": k, "contacts": 500}
        for m, c, r, k in zip(MONTHS, csat, rated, complaints, strict=True)
    }
    return PersonFacts(
        employee=extra.pop("employee", "P"),
        hire_date=extra.pop("hire_date", dt.date(2020, 1, 1)),
        levels=(("L1", since),),
        metrics=metrics,
        ranks={m: r for m, r in zip(MONTHS, ranks, strict=True) if r is not None},
        violations=tuple(ViolationFact(d) for d in violations),
        **extra,
    )
