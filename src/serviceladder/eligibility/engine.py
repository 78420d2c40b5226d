"""Decisions: for each transition open from a person's current level, is the person eligible, and if not,
what is missing and when could it be met at the earliest?

The policy is compiled once into plain tuples (`compile_policy`) so that evaluating thousands of people
never touches pydantic objects in the hot loop. Explanations stay structured (message code + values);
explain.py renders them to zh or en text only when shown.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from typing import NamedTuple

from serviceladder.policy.schema import Policy
from serviceladder.rules import clauses
from serviceladder.rules.clauses import INSUFFICIENT, PASS, CheckResult
from serviceladder.rules.facts import PersonFacts
from serviceladder.rules.metrics import METRICS, to_data_units
from serviceladder.rules.periods import window
from serviceladder.rules.thresholds import MetricRule, check_metric_rule, metric_rule

ELIGIBLE = "eligible"
NOT_YET = "not_yet"
BLOCKED = "blocked"
INSUFFICIENT_DATA = "insufficient_data"

# Worst first; used by the properties ("never makes a decision worse") and for sorting lists.
STATUS_ORDER = (BLOCKED, INSUFFICIENT_DATA, NOT_YET, ELIGIBLE)


class TeamRule(NamedTuple):
    metric: str
    field: str
    op: str
    value: float | None
    improvement: float | None
    window: int
    lower_is_better: bool


class CompiledTransition(NamedTuple):
    from_level: str
    to_level: str
    kind: str  # promotion | lateral (policy file)
    track: str  # management | expert | transfer (the target level's track)
    min_months_in_level: int
    min_months_of_service: int
    metrics: tuple[MetricRule, ...]
    rank: tuple[float, int, str] | None  # (top percent, months, peer group)
    exam: tuple[float, int, str | None, str] | None  # (min score, within months, exam code, counts)
    competency_profile: dict | None  # target level's profile when a confirmation is required
    violation_months: int | None
    trainings: tuple[str, ...]
    min_degree: str | None
    caps: tuple[tuple[str, str], ...]  # (below degree, highest level) caps that close the target level
    team: tuple[TeamRule, ...]


class CompiledPolicy(NamedTuple):
    name: str
    version: str | None
    transitions: dict[str, tuple[CompiledTransition, ...]]  # from level → transitions


class Projection(NamedTuple):
    items: tuple[tuple[str, str, dt.date], ...]  # (clause, key, earliest date) of time-bound failures
    ready_on: dt.date | None  # every time-bound condition met (None if effort is needed as well)
    rest_met: bool  # every other condition is met now (no effort needed, no data missing)


class Decision(NamedTuple):
    employee: str
    from_level: str
    to_level: str
    kind: str
    track: str
    status: str
    earliest: dt.date | None
    checks: tuple[CheckResult, ...]
    projection: Projection
    policy_version: str | None
    as_of: dt.date


def compile_policy(policy: Policy, version: str | None = None) -> CompiledPolicy:
    """The policy's transitions as plain tuples, thresholds already in data units and floats."""
    levels = policy.levels()
    exam_counts = {e.code: e.counts for e in policy.exams}
    by_from: dict[str, list[CompiledTransition]] = {}
    for t in policy.transitions:
        c = t.conditions
        track, target, target_rank = levels[t.to_level]
        metrics = tuple(
            metric_rule(m.metric, m.comparison, m.value, m.window, m.aggregation, m.min_sample)
            for m in c.metric_thresholds
        )
        caps = []
        for cap in policy.education_caps:
            cap_track, _lvl, cap_rank = levels[cap.highest_level]
            if cap_track.code == track.code and target_rank > cap_rank:
                caps.append((cap.below, cap.highest_level))
        team = tuple(
            TeamRule(
                tc.metric,
                METRICS[tc.metric].data_field,
                tc.comparison,
                None if tc.value is None else float(to_data_units(tc.metric, tc.value)),
                None if tc.improvement is None else float(to_data_units(tc.metric, tc.improvement)),
                tc.window,
                METRICS[tc.metric].lower_is_better,
            )
            for tc in c.team_conditions
        )
        by_from.setdefault(t.from_level, []).append(
            CompiledTransition(
                t.from_level,
                t.to_level,
                t.kind,
                track.kind,
                c.min_months_in_level,
                c.min_months_of_service,
                metrics,
                (float(c.rank_streak.top_percent), c.rank_streak.months, c.rank_streak.peer_group)
                if c.rank_streak
                else None,
                (
                    float(c.exam.min_score),
                    c.exam.within_months,
                    c.exam.exam,
                    exam_counts.get(c.exam.exam, "best"),
                )
                if c.exam
                else None,
                dict(target.competencies) if c.competency_confirmation else None,
                c.no_violations.months if c.no_violations else None,
                tuple(c.trainings),
                c.education.min_degree if c.education else None,
                tuple(caps),
                team,
            )
        )
    return CompiledPolicy(policy.name, version, {k: tuple(v) for k, v in by_from.items()})


_compiled: dict[int, tuple[Policy, str | None, CompiledPolicy]] = {}


def _compiled_policy(policy: Policy | CompiledPolicy, version: str | None) -> CompiledPolicy:
    if isinstance(policy, CompiledPolicy):
        return policy if version is None or version == policy.version else policy._replace(version=version)
    hit = _compiled.get(id(policy))
    if hit is None or hit[0] is not policy or hit[1] != version:
        hit = (policy, version, compile_policy(policy, version))
        if len(_compiled) > 32:
            _compiled.clear()
        _compiled[id(policy)] = hit
    return hit[2]


def check_transition(
    person: PersonFacts, t: CompiledTransition, level_start, as_of: dt.date, memo: dict | None = None
) -> list[CheckResult]:
    """Every condition of one transition, in the policy file's order.

    `memo` (one per person and date) shares identical checks between the transitions of one person."""
    if memo is None:
        memo = {}
    out = []
    if t.min_months_in_level:
        key = ("tenure", t.min_months_in_level)
        r = memo.get(key)
        if r is None:
            r = memo[key] = clauses.min_months_in_level(level_start, t.min_months_in_level, as_of)
        out.append(r)
    if t.min_months_of_service:
        key = ("service", t.min_months_of_service)
        r = memo.get(key)
        if r is None:
            r = memo[key] = clauses.min_months_of_service(
                person.hire_date, person.prior_experience_months, t.min_months_of_service, as_of
            )
        out.append(r)
    figures = person.metrics
    for m in t.metrics:
        r = memo.get(id(m))
        if r is None:
            r = memo[id(m)] = check_metric_rule(figures, m, as_of)
        out.append(r)
    if t.rank is not None:
        r = memo.get(id(t.rank))
        if r is None:
            top, months, group = t.rank
            ranks = person.ranks_by_peer_group.get(group)
            if ranks is None:
                ranks = person.ranks if group == "level_department" else {}
            r = memo[id(t.rank)] = clauses.rank_streak(ranks, window(as_of, months), top_percent=top)
        out.append(r)
    if t.exam is not None:
        r = memo.get(id(t.exam))
        if r is None:
            min_score, within, exam, counts = t.exam
            r = memo[id(t.exam)] = clauses.exam_score(
                person.exams, min_score=min_score, within_months=within, as_of=as_of, exam=exam, counts=counts
            )
        out.append(r)
    if t.competency_profile is not None:
        out.append(
            clauses.competency_confirmation(
                person.competency_confirmations, target_level=t.to_level, profile=t.competency_profile
            )
        )
    if t.violation_months is not None:
        key = ("violations", t.violation_months)
        r = memo.get(key)
        if r is None:
            r = memo[key] = clauses.no_violations(person.violations, months=t.violation_months, as_of=as_of)
        out.append(r)
    if t.trainings:
        out.append(clauses.required_trainings(person.trainings, codes=t.trainings, as_of=as_of))
    if t.min_degree is not None:
        out.append(clauses.education_requirement(person.education, min_degree=t.min_degree, as_of=as_of))
    for below, highest in t.caps:
        out.append(
            clauses.education_cap(
                person.education, below=below, highest_level=highest, target_level=t.to_level, as_of=as_of
            )
        )
    for r in t.team:
        out.append(
            clauses.team_metric(
                person.team_metrics,
                window(as_of, r.window),
                metric=r.metric,
                field=r.field,
                op=r.op,
                value=r.value,
                improvement=r.improvement,
                lower_is_better=r.lower_is_better,
            )
        )
    return out


def decide(
    person: PersonFacts,
    t: CompiledTransition,
    level_start,
    as_of: dt.date,
    version: str | None,
    memo: dict | None = None,
) -> Decision:
    checks = check_transition(person, t, level_start, as_of, memo)
    blocked = insufficient = failed = False
    untimed_fail = False
    items = []
    for c in checks:
        s = c.status
        if s == PASS:
            continue
        if s == INSUFFICIENT:
            insufficient = True
            continue
        failed = True
        if c.blocking:
            blocked = True
        if c.earliest is None:
            untimed_fail = True
        else:
            items.append((c.clause, c.key, c.earliest))
    rest_met = not (insufficient or untimed_fail)
    # When the time-bound conditions are met at the earliest; with data still missing this is only a
    # lower bound (rest_met says so), and the decision's own date stays empty.
    ready_on = max(i[2] for i in items) if items and not untimed_fail else None
    if blocked:
        status = BLOCKED
    elif insufficient:
        status = INSUFFICIENT_DATA
    elif failed:
        status = NOT_YET
    else:
        status = ELIGIBLE
    return Decision(
        person.employee,
        t.from_level,
        t.to_level,
        t.kind,
        t.track,
        status,
        ready_on if status == NOT_YET else None,
        tuple(checks),
        Projection(tuple(items), ready_on, rest_met),
        version,
        as_of,
    )


def evaluate(
    person: PersonFacts, policy: Policy | CompiledPolicy, as_of: dt.date, *, policy_version: str | None = None
) -> list[Decision]:
    """One decision per transition open from the person's level on `as_of` (none without a level)."""
    compiled = _compiled_policy(policy, policy_version)
    current = person.level_on(as_of)
    if current is None:
        return []
    level, start = current
    memo: dict = {}
    return [
        decide(person, t, start, as_of, compiled.version, memo) for t in compiled.transitions.get(level, ())
    ]


def _evaluate_chunk(args) -> list[Decision]:
    people, compiled, as_of = args
    out: list[Decision] = []
    # The batch allocates many small tuples and dicts but no reference cycles; the cyclic collector
    # would only rescan them again and again (a third of the time on 10,000 people).
    enabled = gc.isenabled()
    gc.disable()
    try:
        for p in people:
            out.extend(evaluate(p, compiled, as_of))
    finally:
        if enabled:
            gc.enable()
    return out


def evaluate_many(
    people: Sequence[PersonFacts],
    policy: Policy | CompiledPolicy,
    as_of: dt.date,
    *,
    policy_version: str | None = None,
    processes: int = 1,
) -> list[Decision]:
    """Decisions for everyone, in the order of `people`.

    Single process by default: sending 10,000 people's decisions back from worker processes costs more
    (pickling ~150,000 checks) than evaluating them. `processes=N` splits the batch over N forked workers,
    which pays off only when the caller keeps little of each decision."""
    compiled = _compiled_policy(policy, policy_version)
    if processes <= 1 or len(people) < 2:
        return _evaluate_chunk((people, compiled, as_of))
    import multiprocessing

    size = -(-len(people) // processes)
    chunks = [(people[i : i + size], compiled, as_of) for i in range(0, len(people), size)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_evaluate_chunk, chunks)
    return [d for part in parts for d in part]


def status_rank(decision: Decision) -> tuple[int, float]:
    """Orderable goodness of a decision: status first, then an earlier date is better."""
    rank = STATUS_ORDER.index(decision.status)
    date = decision.earliest.toordinal() if decision.earliest else float("inf")
    return rank, -date
