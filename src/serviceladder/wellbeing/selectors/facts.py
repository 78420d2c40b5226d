"""The wellbeing engine's facts for many people at once (issue 16 item 2): ORM rows → plain
`WellbeingFacts`, in a bounded number of queries whatever the number of people.

Everything comes through the selectors that own it: monthly figures from `metrics.selectors.monthly_figures`
(the person's and their team's, for the team medians), the peer-group percentile from
`recognition.selectors.standing.peer_standing` (grouped by the policy's `improvement_plans.peer_group`),
level histories (org.LevelAssignment) with the level's minimum time from the policy's transitions, open
development goals and the last career conversation from the development selectors, rejected applications
and lost appeals from the promotions selectors, and the pulse answers a person chose to share with their
lead (wellbeing.PulseShared). Below the scoping layer: callers pass people they have scoped (the scan:
everyone).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from serviceladder.development.selectors.conversations import last_conversations
from serviceladder.development.selectors.goals import open_goal_counts
from serviceladder.metrics.selectors import monthly_figures
from serviceladder.org.models import Employee, LevelAssignment
from serviceladder.policy.schema import Policy
from serviceladder.promotions.selectors import setbacks_of
from serviceladder.recognition.selectors.standing import peer_standing
from serviceladder.rules.clauses import PulseAnswerFact, SetbackFact
from serviceladder.rules.facts import PersonFacts
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.periods import add_months, first_day, month_index
from serviceladder.wellbeing.engine.facts import WellbeingFacts
from serviceladder.wellbeing.engine.signals import Compiled, metrics_needed, months_needed, signal_months
from serviceladder.wellbeing.engine.stages import judgement_day, month_window
from serviceladder.wellbeing.models import PulseShared

# How far back a setback may count: the longest signal window allowed by the policy schema.
SETBACK_MONTHS_MAX = 24


def people_in_month(month: str, people: QuerySet[Employee] | None = None) -> QuerySet[Employee]:
    """The people employed during `month` (hired before its end, not gone before its start)."""
    start, end = first_day(month_index(month)), judgement_day(month)
    qs = Employee.objects.all() if people is None else people
    return qs.filter(hire_date__lt=end).filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start))


def _min_months(policy: Policy) -> dict[str, int]:
    """level code → its minimum time before the next step (the shortest positive `min_months_in_level` of
    the transitions from it), for the stage rule "rising while within the minimum time"."""
    out: dict[str, int] = {}
    for t in policy.transitions:
        months = t.conditions.min_months_in_level
        if months:
            out[t.from_level] = min(months, out.get(t.from_level, months))
    return out


def _team_medians(team_of: dict[int, int | None], fields: tuple[str, ...], months: tuple[str, ...]):
    """team id → data field → month → (median, members with the figure), from every member's figures."""
    if not fields or not months:
        return {}
    teams = {t for t in team_of.values() if t is not None}
    members = dict(Employee.objects.filter(team_id__in=teams).values_list("pk", "team_id"))
    metrics = [name for name, spec in METRICS.items() if spec.data_field in fields]
    figures = monthly_figures(list(members), months=months, metrics=metrics)
    values: dict[tuple[int, str, str], list[float]] = defaultdict(list)
    for emp_id, rows in figures.items():
        team = members[emp_id]
        for month, row in rows.items():
            for field in fields:
                v = row.get(field)
                if v is not None:
                    values[(team, field, month)].append(v)
    out: dict[int, dict[str, dict[str, tuple[float, int]]]] = defaultdict(lambda: defaultdict(dict))
    for (team, field, month), vals in values.items():
        out[team][field][month] = (float(statistics.median(vals)), len(vals))
    return out


def _pulse_answers(ids: list[int], months: Iterable[str]) -> dict[int, list[PulseAnswerFact]]:
    out: dict[int, list[PulseAnswerFact]] = defaultdict(list)
    rows = PulseShared.objects.filter(employee_id__in=ids, cycle__month__in=list(months)).values_list(
        "employee_id", "cycle__month", "cycle__questions", "values"
    )
    for emp_id, month, questions, values in rows:
        themes = {q.get("code"): q for q in questions or []}
        for code, value in (values or {}).items():
            q = themes.get(code)
            if q is None or not isinstance(value, int):
                continue
            theme = q.get("theme", "other")
            high_is_bad = q.get("high_is_bad", theme == "exhaustion")
            out[emp_id].append(PulseAnswerFact(month, code, theme, value, bool(high_is_bad)))
    return out


def load_facts(
    policy: Policy, compiled: Compiled, month: str, people: Iterable[Employee]
) -> list[WellbeingFacts]:
    """The facts of `people` for judging `month` (a complete month) with `compiled` (the policy's section)."""
    people = list(people)
    ids = [p.pk for p in people]
    if not ids:
        return []
    as_of = judgement_day(month)
    months = months_needed(compiled, month)
    figures = monthly_figures(ids, months=months, metrics=metrics_needed(compiled))
    workload = [c for c in compiled.signals if c.kind == "workload"]
    workload_fields = tuple(dict.fromkeys(c.field for c in workload))
    workload_months = tuple(sorted({m for c in workload for m in signal_months(c, month)}))
    medians = _team_medians({p.pk: p.team_id for p in people}, workload_fields, workload_months)
    trend = month_window(month, compiled.stages.trend_months)
    standing = peer_standing(policy, months=trend, peer_group=policy.improvement_plans.peer_group)
    levels: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for emp_id, code, start in LevelAssignment.objects.filter(
        employee_id__in=ids, effective_from__lt=as_of
    ).values_list("employee_id", "level__code", "effective_from"):
        levels[emp_id].append((code, start))
    min_months = _min_months(policy)
    goals = open_goal_counts(ids, as_of) if any(c.kind == "plateau" for c in compiled.signals) else {}
    talks = last_conversations(ids, as_of) if any(c.kind == "plateau" for c in compiled.signals) else {}
    setback_rules = [c.months for c in compiled.signals if c.kind == "setback"]
    setbacks = (
        setbacks_of(ids, add_months(as_of, -max(setback_rules)), as_of - dt.timedelta(days=1))
        if setback_rules
        else {}
    )
    pulse_months = {m for c in compiled.signals if c.kind == "pulse" for m in signal_months(c, month)}
    pulse = _pulse_answers(ids, pulse_months) if pulse_months else {}
    out = []
    last_day = as_of - dt.timedelta(days=1)
    for p in people:
        current = PersonFacts(p.number, p.hire_date, levels=tuple(levels.get(p.pk, ()))).level_on(last_day)
        code, start = current if current is not None else (None, None)
        out.append(
            WellbeingFacts(
                employee_id=p.pk,
                hire_date=p.hire_date,
                level_code=code,
                level_start=start,
                min_months=min_months.get(code, 0) if code else 0,
                figures=figures.get(p.pk, {}),
                team_medians=medians.get(p.team_id, {}) if p.team_id else {},
                pcts={m: s.pct for m, s in standing.get(p.pk, {}).items()},
                open_goals=goals.get(p.pk, 0),
                last_conversation=talks.get(p.pk),
                setbacks=tuple(SetbackFact(d, k) for d, k in setbacks.get(p.pk, ())),
                pulse=tuple(pulse.get(p.pk, ())),
            )
        )
    return out
