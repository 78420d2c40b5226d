"""Everyone's stage and signals as of a day, judged live by the engine for the people a reader may see
(issue 16 "API and CLI"): the command line's `wellbeing signals --as-of`. The judged month is the last
complete month before the day; the policy is the one in force on the day; people are those employed in
the month with figures in a month the rules look at (as the scan judges them). The risk level of one's own
row shows only when the policy lets agents see their own risk (accounts.scoping decides everything else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from serviceladder.accounts.scoping import employees_with_wellbeing_visible_to, user_employee
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.rules.explain import render_check
from serviceladder.rules.periods import date_month_index, month_label
from serviceladder.wellbeing.engine.signals import Assessment, assess_many, compile_section, months_needed
from serviceladder.wellbeing.errors_signals import UNKNOWN_TEAM, WellbeingInvalid
from serviceladder.wellbeing.selectors.facts import load_facts, people_in_month


@dataclass
class PersonSignals:
    employee: Employee
    assessment: Assessment
    risk_shown: bool  # False for one's own row when the policy keeps the risk level from agents


@dataclass
class SignalsReport:
    as_of: dt.date
    month: str
    enabled: bool = False
    policy_name: str = ""
    policy_version: str = ""
    rows: list[PersonSignals] = field(default_factory=list)


def signals_report(user, *, as_of: dt.date, team: str | None = None) -> SignalsReport:
    month = month_label(date_month_index(as_of) - 1)
    report = SignalsReport(as_of, month)
    try:
        version = policy_version_in_force(as_of)
    except NoPolicyInForce:
        return report
    policy = policy_parsed(version)
    if not policy.wellbeing.enabled:
        return report
    report.enabled = True
    report.policy_name, report.policy_version = version.name, f"v{version.number}"
    compiled = compile_section(policy.wellbeing)
    visible = employees_with_wellbeing_visible_to(user)
    if team:
        visible = visible.filter(team__code=team)
        if not visible.exists():
            raise WellbeingInvalid(UNKNOWN_TEAM, found=team)
    with_figures = MonthlyMetric.objects.filter(month__in=months_needed(compiled, month)).values(
        "employee_id"
    )
    people = list(
        people_in_month(month, visible)
        .filter(pk__in=with_figures)
        .select_related("team")
        .order_by("team__code", "number")
    )
    facts = load_facts(policy, compiled, month, people)
    me = user_employee(user)
    for person, assessment in zip(people, assess_many(compiled, facts, month), strict=True):
        own = me is not None and me.pk == person.pk
        report.rows.append(PersonSignals(person, assessment, not own or policy.wellbeing.agents_see_own_risk))
    return report


def reasons(assessment: Assessment, language: str) -> list[str]:
    """Why the risk is what it is: the fired signals' explanations, else the ones that lacked data."""
    fired = [c for _, c in assessment.signals if c.status == "pass"]
    shown = fired or [c for _, c in assessment.signals if c.status == "insufficient_data"]
    return [render_check(c, language) for c in shown]


def stage_reason(assessment: Assessment, language: str) -> str:
    return next(render_check(c, language) for _, c, decisive in assessment.stage.checks if decisive)
