"""Pulse results (issue 16 item 4): what may be shown of closed cycles, to whom.

The only cuts: the organisation, each department, each team, for one closed cycle (every question's
distribution of a shown group), and a trend of the shown groups across closed cycles. Which groups are shown
is decided by the pure engine (wellbeing.engine.pulse_suppression) over the whole organisation; a reader's
scope (accounts.scoping.pulse_results_scope) then leaves groups out, never adds one. A folded group is
listed with the reason, never with a number. Answers shared with a lead are never here (they are not
PulseResponse rows). The page, the export and the trend all read `cycle_results`, so they show the same."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from serviceladder.accounts.scoping import can_manage_pulse, pulse_results_scope
from serviceladder.core.i18n import pick
from serviceladder.org.models import Department, Employee, Team
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force
from serviceladder.wellbeing.engine import pulse_suppression as engine
from serviceladder.wellbeing.errors_pulse import NOT_CLOSED, PulseInvalid
from serviceladder.wellbeing.models import PulseCycle, PulseResponse

ORGANISATION, DEPARTMENT, TEAM = "organisation", "department", "team"
BENCHMARK_THEME = "exhaustion"
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Distribution:
    code: str
    text: str
    counts: tuple[int, ...]  # answers of 1..5

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def shares(self) -> tuple[Decimal, ...]:
        return tuple(_percent(c, self.total) for c in self.counts)

    @property
    def high_share(self) -> Decimal:
        """The share answering 4 or 5, in per cent."""
        return _percent(self.counts[3] + self.counts[4], self.total)

    @property
    def mean(self) -> Decimal:
        weighted = sum(v * c for v, c in zip(SCALE, self.counts, strict=True))
        return (Decimal(weighted) / Decimal(self.total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _percent(part: int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class ShownGroup:
    level: str
    key: int | None
    name: str
    department: str  # a team's department; empty otherwise
    answers: int
    distributions: tuple[Distribution, ...]
    benchmark: Decimal | None  # the share answering 4–5 on the exhaustion question, per cent


@dataclass(frozen=True)
class FoldedGroup:
    level: str
    key: int
    name: str
    department: str
    reason: str  # an engine state: few_answers, few_members, complementary, parent_hidden


@dataclass
class CycleResults:
    cycle: PulseCycle
    min_group: int
    benchmark_percent: Decimal
    benchmark_question: str  # its text, empty when the cycle asks none on exhaustion
    nothing_shown: bool
    shown: list[ShownGroup] = field(default_factory=list)
    folded: list[FoldedGroup] = field(default_factory=list)


def closed_cycles():
    return PulseCycle.objects.filter(state=PulseCycle.State.CLOSED).order_by("-month")


def _policy_numbers(cycle: PulseCycle) -> tuple[int, Decimal]:
    try:
        pulse = policy_in_force(cycle.closes_on).wellbeing.pulse
    except NoPolicyInForce:
        return 5, Decimal("48.7")
    return pulse.min_group, pulse.benchmark_percent


def _members(cycle: PulseCycle) -> Counter:
    """Each team's members on the cycle's last day (the roster as it is kept: current teams)."""
    day = cycle.closes_on
    active = Employee.objects.filter(hire_date__lte=day, team__isnull=False).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=day)
    )
    return Counter(active.values_list("team_id", flat=True))


def _question_text(q: dict) -> str:
    return pick(q.get("zh", ""), q.get("en", "")) or q["code"]


def _distributions(cycle: PulseCycle, rows: list[dict]) -> tuple[Distribution, ...]:
    out = []
    for q in cycle.questions:
        counter = Counter(r.get(q["code"]) for r in rows)
        out.append(Distribution(q["code"], _question_text(q), tuple(counter.get(v, 0) for v in SCALE)))
    return tuple(out)


def _benchmark(cycle: PulseCycle, distributions) -> Decimal | None:
    code = next((q["code"] for q in cycle.questions if q.get("theme") == BENCHMARK_THEME), None)
    found = next((d for d in distributions if d.code == code), None)
    return found.high_share if found is not None and found.total else None


def cycle_results(user, cycle: PulseCycle) -> CycleResults:
    """The shown and folded groups of a closed cycle within the reader's scope."""
    if cycle.state != PulseCycle.State.CLOSED:
        raise PulseInvalid(NOT_CLOSED)
    min_group, benchmark_percent = _policy_numbers(cycle)
    see_org, dept_scope = pulse_results_scope(user)

    by_bucket: dict[tuple, list[dict]] = defaultdict(list)
    for dept_id, team_id, values in PulseResponse.objects.filter(cycle=cycle).values_list(
        "department_id", "team_id", "values"
    ):
        by_bucket[(dept_id, team_id)].append(values)
    members = _members(cycle)
    teams = {t.pk: t for t in Team.objects.select_related("department")}
    departments = {d.pk: d for d in Department.objects.all()}
    # A team is keyed by (department at the time of answering, team): a team moved since keeps its
    # answers where they were given.
    team_counts: dict[tuple, engine.TeamCount] = {}
    teamless: Counter = Counter()
    for (dept_id, team_id), rows in by_bucket.items():
        if team_id is None:
            teamless[dept_id] += len(rows)
        else:
            team_counts[(dept_id, team_id)] = engine.TeamCount(dept_id, len(rows), members.get(team_id, 0))
    for team_id, team in teams.items():
        key = (team.department_id, team_id)
        if key not in team_counts and members.get(team_id, 0) > 0:
            team_counts[key] = engine.TeamCount(team.department_id, 0, members[team_id])
    plan = engine.suppression_plan(teams=team_counts, departments=dict(teamless), min_group=min_group)

    benchmark_question = next(
        (_question_text(q) for q in cycle.questions if q.get("theme") == BENCHMARK_THEME), ""
    )
    result = CycleResults(
        cycle, min_group, benchmark_percent, benchmark_question, plan.organisation != engine.SHOWN
    )

    def shown(level, key, name, department, rows):
        distributions = _distributions(cycle, rows)
        result.shown.append(
            ShownGroup(
                level, key, name, department, len(rows), distributions, _benchmark(cycle, distributions)
            )
        )

    if plan.organisation == engine.SHOWN and see_org:
        shown(ORGANISATION, None, "", "", [v for rows in by_bucket.values() for v in rows])
    for dept_id in sorted(plan.departments, key=lambda d: _dept_name(departments, d)):
        if dept_id is None or (dept_scope is not None and dept_id not in dept_scope):
            continue
        name = _dept_name(departments, dept_id)
        state = plan.departments[dept_id]
        if state == engine.SHOWN:
            shown(
                DEPARTMENT,
                dept_id,
                name,
                "",
                [v for (d, _t), rows in by_bucket.items() if d == dept_id for v in rows],
            )
        else:
            result.folded.append(FoldedGroup(DEPARTMENT, dept_id, name, "", state))
    for dept_id, team_id in sorted(
        plan.teams, key=lambda k: (_dept_name(departments, k[0]), _team_name(teams, k[1]))
    ):
        if dept_scope is not None and dept_id not in dept_scope:
            continue
        name, dept_name = _team_name(teams, team_id), _dept_name(departments, dept_id)
        state = plan.teams[(dept_id, team_id)]
        if state == engine.SHOWN:
            shown(TEAM, team_id, name, dept_name, by_bucket.get((dept_id, team_id), []))
        else:
            result.folded.append(FoldedGroup(TEAM, team_id, name, dept_name, state))
    return result


def _dept_name(departments, dept_id) -> str:
    d = departments.get(dept_id)
    return pick(d.name_zh, d.name_en) if d is not None else ""


def _team_name(teams, team_id) -> str:
    t = teams.get(team_id)
    return pick(t.name_zh, t.name_en) if t is not None else ""


@dataclass(frozen=True)
class TrendRow:
    level: str
    name: str
    department: str
    points: tuple[Decimal | None, ...]  # the benchmark share per cycle, None where folded or not asked


def trend(user, cycles: list[PulseCycle]) -> list[TrendRow]:
    """The exhaustion share of every group shown in at least one of `cycles` (oldest first), per cycle; a
    cycle where the group was folded shows no figure."""
    per_cycle = [cycle_results(user, c) for c in cycles]
    keys: dict[tuple, tuple[str, str]] = {}
    for results in per_cycle:
        for g in results.shown:
            keys.setdefault((g.level, g.key), (g.name, g.department))
    order = {ORGANISATION: 0, DEPARTMENT: 1, TEAM: 2}
    rows = []
    for (level, key), (name, department) in sorted(keys.items(), key=lambda kv: (order[kv[0][0]], kv[1])):
        points = []
        for results in per_cycle:
            found = next((g for g in results.shown if (g.level, g.key) == (level, key)), None)
            points.append(found.benchmark if found is not None else None)
        rows.append(TrendRow(level, name, department, tuple(points)))
    return rows


def comments_by_department(user, results: CycleResults) -> list[tuple[str, list[str]]]:
    """HR only: the comments of a closed cycle by shown department, in a new random order each time; the
    comments of folded departments together as the rest of the organisation. Nothing while the
    organisation itself is not shown."""
    if not can_manage_pulse(user) or results.nothing_shown:
        return []
    shown_departments = {g.key: g.name for g in results.shown if g.level == DEPARTMENT}
    groups: dict[int | None, list[str]] = defaultdict(list)
    for dept_id, comment in (
        PulseResponse.objects.filter(cycle=results.cycle)
        .exclude(comment="")
        .values_list("department_id", "comment")
    ):
        groups[dept_id if dept_id in shown_departments else None].append(comment)
    shuffle = random.SystemRandom().shuffle
    out = []
    for dept_id, name in sorted(shown_departments.items(), key=lambda kv: kv[1]):
        if groups.get(dept_id):
            shuffle(groups[dept_id])
            out.append((name, groups[dept_id]))
    if groups.get(None):
        shuffle(groups[None])
        out.append(("", groups[None]))
    return out
