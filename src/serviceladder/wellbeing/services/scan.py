"""The wellbeing scan (issue 16 items 1–2): judge everyone's lifecycle stage and early-warning signals for
one complete month with the policy's `wellbeing:` section, and store one WellbeingAssessment per person and
month (the contract the person's page, the team page, the heat map and the API read).

Idempotent: a second scan of the same month rewrites the same rows (one per person and month, bulk upsert).
The people judged are those employed in the month with monthly figures in any month the rules look at (a
person whose latest month is missing is judged, and their risk is "unknown", never "none"). The audit log
gets one summary row with counts only — never anyone's stage, signals or risk.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from serviceladder.audit.services import Actor, audit_record
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.selectors import today as local_today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.rules.periods import date_month_index, first_day, month_index, month_label
from serviceladder.wellbeing.engine.signals import assess_many, compile_section, months_needed
from serviceladder.wellbeing.errors_signals import BAD_MONTH, WellbeingInvalid
from serviceladder.wellbeing.models import WellbeingAssessment
from serviceladder.wellbeing.selectors.facts import load_facts, people_in_month

UPDATED_FIELDS = ["policy_version", "stage", "stage_checks", "risk", "signals", "fired", "computed_at"]


@dataclass
class ScanResult:
    month: str
    enabled: bool = True
    people: int = 0
    risks: Counter = field(default_factory=Counter)
    stages: Counter = field(default_factory=Counter)


def last_complete_month(today: dt.date) -> str:
    return month_label(date_month_index(today) - 1)


def parse_month(text: str | None, today: dt.date) -> str:
    """'YYYY-MM' of a month that has ended, else WellbeingInvalid."""
    raw = (text or "").strip()
    try:
        if len(raw) != 7 or raw[4] != "-" or not raw[:4].isdigit() or not raw[5:].isdigit():
            raise ValueError
        index = month_index(raw)
        first_day(index)
    except (ValueError, IndexError):
        raise WellbeingInvalid(BAD_MONTH, found=raw or "—") from None
    if index >= date_month_index(today):
        raise WellbeingInvalid(BAD_MONTH, found=raw)
    return month_label(index)


def _version_on(day: dt.date):
    try:
        return policy_version_in_force(day)
    except NoPolicyInForce:
        return None


def wellbeing_scan(
    *, month: str | None = None, acting_user=None, today: dt.date | None = None, actor: Actor | None = None
) -> ScanResult:
    """Judge `month` (default: the last complete month) with the policy in force today and store everyone's
    assessment. Nothing is written while the policy does not switch wellbeing on."""
    today = today or local_today()
    month = parse_month(month, today) if month else last_complete_month(today)
    actor = actor or Actor(acting_user, "web" if acting_user is not None else "system")
    result = ScanResult(month)
    version = _version_on(today)
    policy = policy_parsed(version) if version is not None else None
    if policy is None or not policy.wellbeing.enabled:
        result.enabled = False
        return result
    compiled = compile_section(policy.wellbeing)
    looked_at = months_needed(compiled, month)
    with_figures = MonthlyMetric.objects.filter(month__in=looked_at).values("employee_id")
    people = list(
        people_in_month(month)
        .filter(pk__in=with_figures)
        .only("pk", "number", "hire_date", "team_id")
        .order_by("pk")
    )
    facts = load_facts(policy, compiled, month, people)
    assessments = assess_many(compiled, facts, month)
    now = timezone.now()
    rows = []
    for person, assessment in zip(people, assessments, strict=True):
        stored = assessment.as_stored()
        rows.append(
            WellbeingAssessment(
                employee_id=person.pk,
                month=month,
                policy_version=version,
                computed_at=now,
                **stored,
            )
        )
        result.risks[stored["risk"]] += 1
        result.stages[stored["stage"]] += 1
    result.people = len(rows)
    with transaction.atomic():
        WellbeingAssessment.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["employee", "month"],
            update_fields=UPDATED_FIELDS,
        )
        audit_record(
            actor=actor,
            action="wellbeing.scan",
            after={
                "month": month,
                "people": result.people,
                "policy_version": version.pk,
                "risks": dict(sorted(result.risks.items())),
                "stages": dict(sorted(result.stages.items())),
            },
        )
    return result


def scan_due(day: dt.date) -> dict:
    """The daily step: scan the last complete month once it has figures; again while people with figures
    in it have no assessment yet (figures imported late). Changed figures of people already judged are
    re-judged by `serviceladder wellbeing scan --month`. Counts only."""
    month = last_complete_month(day)
    with_figures = MonthlyMetric.objects.filter(month=month).values("employee_id").distinct().count()
    if not with_figures:
        return {"month": month, "scanned": 0}
    judged = WellbeingAssessment.objects.filter(
        month=month, employee_id__in=MonthlyMetric.objects.filter(month=month).values("employee_id")
    ).count()
    if judged >= with_figures:
        return {"month": month, "scanned": 0}
    result = wellbeing_scan(month=month, today=day, actor=Actor(None, "system"))
    return {"month": month, "scanned": result.people, "enabled": result.enabled}
