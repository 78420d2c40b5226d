"""Builders for the improvement-plan tests: a policy with a bottom band, a peer group with imported
performance scores, and a proposal made by the scan itself."""

from __future__ import annotations

import datetime as dt

import yaml

from serviceladder.audit.services import Actor
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.policy.presets import preset_text
from serviceladder.policy.services import policy_load
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    LevelAssignmentFactory,
    LevelFactory,
    TeamFactory,
    TrackFactory,
)

BAND = {
    "enabled": True,
    "bottom_percent": 10,
    "months": 3,
    "peer_group": "level_department",
    "min_peer_group": 5,
    "min_months_of_service": 6,
    "duration_months": 3,
}


def load_band_policy(**changes) -> None:
    """The standard preset, ranked by the imported performance score, with the bottom band of BAND."""
    data = yaml.safe_load(preset_text("cn-standard"))
    data["performance_score"] = {"method": "imported"}
    data["improvement_plans"] = {**BAND, **changes}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    policy_load(actor=Actor(None, channel="system"), text=text, effective=dt.date(2020, 1, 1))


def peer_group(n: int, *, team=None, hire=dt.date(2020, 1, 1), prefix="B", level_code="BAND1") -> list:
    level = LevelFactory(track=TrackFactory(code="band-track"), code=level_code, rank=1)
    team = team or TeamFactory(code="band-t", department=DepartmentFactory(code="band-d"))
    people = []
    for i in range(n):
        e = EmployeeFactory(number=f"{prefix}{i:03d}", name=f"组员{i}", team=team, hire_date=hire)
        LevelAssignmentFactory(employee=e, level=level, effective_from=dt.date(2020, 1, 1))
        people.append(e)
    return people


def score(people, months, *, last=None) -> None:
    """Everyone scores 60 + 3 × their place; `last` (a person, if given) scores 10 (the bottom)."""
    for month in months:
        for i, e in enumerate(people):
            s = 10.0 if last is not None and e.pk == last.pk else 60.0 + 3 * i
            MonthlyMetric.objects.update_or_create(employee=e, month=month, defaults={"performance_score": s})


def set_score(person, month, value) -> None:
    MonthlyMetric.objects.update_or_create(
        employee=person, month=month, defaults={"performance_score": value}
    )


def evidence(months=("2026-08", "2026-09", "2026-10"), pct=100.0, size=10) -> dict:
    """What the scan stores: the kernel's explanation of a bottom-band check that fired."""
    from serviceladder.rules.clauses import BandMonth, bottom_band
    from serviceladder.rules.goals import explanation

    check = bottom_band(
        dict.fromkeys(months, BandMonth(pct, size)),
        tuple(months),
        bottom_percent=10.0,
        min_group=5,
        hire_date=dt.date(2020, 1, 1),
        min_months_of_service=6,
    )
    return {
        **explanation(check),
        "peer_group": "level_department",
        "bottom_percent": "10",
        "min_peer_group": 5,
    }


def make_plan(org, number="E2003", *, state="proposed", lead_reviewed=False):
    """A plan of `number` at a step of its life (set up directly; the flow tests go through the services)."""
    from django.utils import timezone

    from serviceladder.recognition.models import ImprovementPlan

    today = timezone.localdate()
    fields = {"employee": org.employees[number], "entered_month": "2026-10", "evidence": evidence()}
    if lead_reviewed or state != "proposed":
        fields.update(
            lead_reviewed_by=org.users["team_lead"],
            lead_reviewed_at=timezone.now(),
            starts_on=today - dt.timedelta(days=10),
            ends_on=today + dt.timedelta(days=80),
            support_actions="每周一次旁听辅导",
        )
    if state != "proposed":
        fields.update(hr_reviewed_by=org.users["hr"], hr_reviewed_at=timezone.now())
    return ImprovementPlan.objects.create(state=state, **fields)
