"""The adapter between the database and the engine (the only module of the package that imports Django).

`load_facts` builds PersonFacts for a queryset of employees with a fixed number of queries, whatever the
number of people: employees, level assignments, monthly metrics, exams, violations, trainings, education,
and for the rank streak the peers' levels and figures, for team conditions the led teams' figures.
Competency ratings come through development.selectors (the latest superior rating per target level); a
policy that asks for one the superior has not given reports "not yet confirmed", never a silent pass.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from serviceladder.development.selectors.confirmations import competency_ratings_as_of
from serviceladder.eligibility.engine import Decision, compile_policy, evaluate_many
from serviceladder.eligibility.ranking import peer_group_ranks
from serviceladder.learning.models import Completion
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.metrics.selectors import FIGURE_FIELDS, monthly_figures
from serviceladder.org.models import (
    Education,
    Employee,
    ExamResult,
    LevelAssignment,
    Team,
    Violation,
)
from serviceladder.policy.schema import Policy
from serviceladder.policy.selectors import exam_code_for, exam_names_to_codes
from serviceladder.rules.facts import EducationFact, ExamFact, PersonFacts, TrainingFact, ViolationFact
from serviceladder.rules.metrics import METRICS
from serviceladder.rules.periods import date_month_index, month_label

TEAM_FIELDS = tuple(f for f in FIGURE_FIELDS if f not in ("contacts", "csat_rated", "kb_contributions"))


def _months_back(policy: Policy) -> tuple[int, int]:
    """How many months of figures the policy's windows need: (person, rank)."""
    person = rank = 1
    for t in policy.transitions:
        c = t.conditions
        for m in c.metric_thresholds:
            person = max(person, m.window)
        if c.rank_streak:
            rank = max(rank, c.rank_streak.months)
    return person, rank


def _exam_facts(rows, by_name: dict[str, str]) -> tuple[ExamFact, ...]:
    return tuple(
        fact._replace(exam=exam_code_for(fact.exam, (name, name_alt), by_name))
        for fact, name, name_alt in rows
    )


def _policy_metrics(policies: Sequence[Policy]) -> set[str]:
    """The metrics the policies' thresholds read (their sample sizes come with them)."""
    return {
        m.metric for policy in policies for t in policy.transitions for m in t.conditions.metric_thresholds
    }


def _team_months_back(policies: Sequence[Policy]) -> int:
    """How many months of a led team's figures the team conditions need (an improvement compares the
    latest month with the same month one window earlier). Read for team leads only."""
    months = 1
    for policy in policies:
        for t in policy.transitions:
            for tc in t.conditions.team_conditions:
                months = max(months, tc.window * 2 + 1 if tc.improvement is not None else tc.window)
    return months


def _score_fields(policies: Sequence[Policy]) -> tuple[str, ...]:
    """The figures the performance scores rank by (everyone's, for every month of the streak: read only
    those)."""
    fields: dict[str, None] = {}
    for policy in policies:
        score = policy.performance_score
        if score.method == "imported":
            fields["performance_score"] = None
        else:
            fields.update(dict.fromkeys(METRICS[m].data_field for m in score.weights))
    return tuple(fields)


def _training_codes(policy: Policy) -> dict[str, str]:
    """Training names as recorded (code, Chinese or English name, any case) → the policy's code."""
    out = {}
    for t in policy.trainings:
        for name in (t.code, t.name_zh, t.name_en):
            out[name.strip().lower()] = t.code
    return out


def _training_code(codes: dict[str, str], name: str, name_alt: str) -> str:
    """The policy code a completion outside the catalogue counts under: its name's, else its other-language
    name's, else the name itself (which no condition asks for)."""
    for n in (name, name_alt):
        code = codes.get(n.strip().lower())
        if code is not None:
            return code
    return name


def _peer_key(group: str, level: str, department_id, team_id):
    if group == "level_team":
        return (level, "team", team_id)
    if group == "level_company":
        return (level,)
    return (level, "department", department_id)


def _level_at(history: list[tuple[dt.date, str]], date: dt.date) -> str | None:
    i = bisect.bisect_right(history, (date, "\uffff"))
    return history[i - 1][1] if i else None


def _rank_inputs(policies: Sequence[Policy], employees: list[Employee], as_of: dt.date, months: int):
    """The monthly figures and levels of everyone who may be a peer, for the peer groups the policies use:
    (month, employee id, department id, team id, level code, figures) rows. Read once for all policies;
    peers are everyone in the same group, visible or not (only the percentile of the people asked about
    leaves this module)."""
    groups = {
        t.conditions.rank_streak.peer_group
        for p in policies
        for t in p.transitions
        if t.conditions.rank_streak
    }
    if not groups:
        return []
    last = date_month_index(as_of) - 1
    labels = [month_label(i) for i in range(last - months + 1, last + 1)]
    if "level_company" in groups:
        peers_q = Q()
    else:
        departments = {e.team.department_id for e in employees if e.team_id}
        peers_q = Q(employee__team__department_id__in=departments)
    rows = list(
        MonthlyMetric.objects.filter(peers_q, month__in=labels).values(
            "employee_id",
            "month",
            "employee__team_id",
            "employee__team__department_id",
            *_score_fields(policies),
        )
    )
    peer_ids = {r["employee_id"] for r in rows}
    history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for emp_id, code, start in (
        LevelAssignment.objects.filter(employee_id__in=peer_ids)
        .order_by("employee_id", "effective_from")
        .values_list("employee_id", "level__code", "effective_from")
    ):
        history[emp_id].append((start, code))
    month_end = {}
    for m in labels:
        i = date_month_index(dt.date(int(m[:4]), int(m[5:]), 1)) + 1
        month_end[m] = dt.date(i // 12, i % 12 + 1, 1) - dt.timedelta(days=1)
    out = []
    for r in rows:
        level = _level_at(history.get(r["employee_id"], []), month_end[r["month"]])
        if level is not None:
            out.append(
                (
                    r["month"],
                    r["employee_id"],
                    r["employee__team__department_id"],
                    r["employee__team_id"],
                    level,
                    r,
                )
            )
    return out


def _rank_records(policy: Policy, inputs) -> dict[str, dict[int, dict[str, float]]]:
    """Percentiles per peer group the policy uses, ranked by the policy's performance score."""
    groups = {t.conditions.rank_streak.peer_group for t in policy.transitions if t.conditions.rank_streak}
    score = policy.performance_score
    weights = {k: float(v) for k, v in score.weights.items()}
    out = {}
    for group in groups:
        records = [
            (month, _peer_key(group, level, department_id, team_id), emp_id, row)
            for month, emp_id, department_id, team_id, level, row in inputs
        ]
        out[group] = peer_group_ranks(
            records, method=score.method, weights=weights, normalisation=score.normalisation
        )
    return out


def load_facts(employees: QuerySet[Employee], *, as_of: dt.date, policy: Policy) -> list[PersonFacts]:
    """PersonFacts for these employees as known on `as_of` (records dated later are left out)."""
    return load_facts_many(employees, as_of=as_of, policies=(policy,))[0]


def load_facts_many(
    employees: QuerySet[Employee], *, as_of: dt.date, policies: Sequence[Policy]
) -> list[list[PersonFacts]]:
    """The same people's facts for each policy (a what-if compares two), reading the database once.

    The months read cover every policy's windows; what depends on the policy itself (recorded training
    names mapped onto its codes, the peer groups and performance score of the rank streak) is worked out
    per policy from the same rows. Returns one list per policy, in the order of `policies`."""
    people = list(employees.select_related("team__department").order_by("number"))
    ids = [e.pk for e in people]
    windows = [_months_back(p) for p in policies]
    person_months = max(w[0] for w in windows)
    rank_months = max(w[1] for w in windows)
    last = date_month_index(as_of) - 1
    labels = [month_label(i) for i in range(last - person_months + 1, last + 1)]

    levels = defaultdict(list)
    for emp_id, code, start in LevelAssignment.objects.filter(
        employee_id__in=ids, effective_from__lte=as_of
    ).values_list("employee_id", "level__code", "effective_from"):
        levels[emp_id].append((code, start))

    figures = monthly_figures(ids, months=labels, metrics=_policy_metrics(policies))

    # Exam results keep their exam's code (an attempt in the product, or an import that matched one); a
    # result without a code is mapped per policy by its name (_exam_facts).
    exams = defaultdict(list)
    for emp_id, date, score, max_score, code, name, name_alt in ExamResult.objects.filter(
        employee_id__in=ids, date__lte=as_of
    ).values_list("employee_id", "date", "score", "max_score", "exam_code", "name", "name_alt"):
        exams[emp_id].append((ExamFact(date, float(score), float(max_score), code), name, name_alt))
    exam_codes = {id(p): exam_names_to_codes(p) for p in policies}

    violations = defaultdict(list)
    for emp_id, date, kind in Violation.objects.filter(employee_id__in=ids, date__lte=as_of).values_list(
        "employee_id", "date", "kind"
    ):
        violations[emp_id].append(ViolationFact(date, kind))

    # Completions (learning.Completion): a catalogue course's completion counts under the course's code; one
    # outside the catalogue (an imported certificate) under the policy code its name maps to.
    training_rows = defaultdict(list)
    for emp_id, course_code, name, name_alt, done, expires in Completion.objects.filter(
        employee_id__in=ids, completed_on__lte=as_of
    ).values_list("employee_id", "course__code", "name", "name_alt", "completed_on", "expires_on"):
        training_rows[emp_id].append((course_code, name, name_alt, done, expires))

    education = defaultdict(list)
    for emp_id, degree, done in Education.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "degree", "completed_on"
    ):
        education[emp_id].append(EducationFact(degree, done))

    team_figures: dict[int, dict[str, dict]] = {}
    if any(t.conditions.team_conditions for p in policies for t in p.transitions):
        team_last = [month_label(i) for i in range(last - _team_months_back(policies) + 1, last + 1)]
        led = dict(Team.objects.filter(lead_id__in=ids).values_list("pk", "lead_id"))
        sums: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for row in MonthlyMetric.objects.filter(employee__team_id__in=led, month__in=team_last).values(
            "employee__team_id", "month", *TEAM_FIELDS
        ):
            bucket = sums[(led[row["employee__team_id"]], row["month"])]
            for f in TEAM_FIELDS:
                if row[f] is not None:
                    bucket[f].append(row[f])
        for (lead_id, month), bucket in sums.items():
            team_figures.setdefault(lead_id, {})[month] = {f: sum(v) / len(v) for f, v in bucket.items()}

    confirmations = competency_ratings_as_of(ids, as_of)

    rank_inputs = _rank_inputs(policies, people, as_of, rank_months)
    ranked: dict[tuple, dict] = {}
    out = []
    for policy in policies:
        codes = _training_codes(policy)
        # A draft that keeps the performance score and peer groups ranks exactly as the policy in force.
        score = policy.performance_score
        same_ranks = (
            score.method,
            score.normalisation,
            tuple(sorted(score.weights.items())),
            frozenset(
                t.conditions.rank_streak.peer_group for t in policy.transitions if t.conditions.rank_streak
            ),
        )
        ranks = ranked.get(same_ranks)
        if ranks is None:
            ranks = ranked[same_ranks] = _rank_records(policy, rank_inputs)
        facts = []
        for e in people:
            by_group = {group: found[e.pk] for group, found in ranks.items() if e.pk in found}
            trainings = tuple(
                TrainingFact(course_code or _training_code(codes, name, name_alt), done, expires)
                for course_code, name, name_alt, done, expires in training_rows.get(e.pk, ())
            )
            facts.append(
                PersonFacts(
                    employee=e.number,
                    hire_date=e.hire_date,
                    prior_experience_months=e.prior_experience_months,
                    levels=tuple(levels.get(e.pk, ())),
                    metrics=figures.get(e.pk, {}),
                    ranks=by_group.get("level_department", {}),
                    ranks_by_peer_group=by_group,
                    exams=_exam_facts(exams.get(e.pk, ()), exam_codes[id(policy)]),
                    violations=tuple(violations.get(e.pk, ())),
                    trainings=trainings,
                    education=tuple(education.get(e.pk, ())),
                    competency_confirmations=confirmations.get(e.pk, {}),
                    team_metrics=team_figures.get(e.pk, {}),
                    department=e.team.department.code if e.team_id else None,
                    team=e.team.code if e.team_id else None,
                )
            )
        out.append(facts)
    return out


@dataclass(frozen=True)
class EligibilityReport:
    as_of: dt.date
    policy_version: str  # "v3"
    policy_name: str
    decisions: list[Decision]
    people: dict[str, Employee]  # employee number → employee (with team and department loaded)


def evaluated_employees(
    user, *, as_of: dt.date, department: str | None = None, numbers: list[str] | None = None
) -> QuerySet[Employee]:
    """Everyone whose performance `user` may see (accounts.scoping), employed on `as_of` (only these
    employee `numbers` when given)."""
    from serviceladder.accounts.scoping import employees_with_performance_visible_to
    from serviceladder.org.selectors import employed_on

    employees = employees_with_performance_visible_to(user).filter(employed_on(as_of))
    if department:
        employees = employees.filter(team__department__code=department)
    if numbers is not None:
        employees = employees.filter(number__in=numbers)
    return employees


def eligibility_report(
    user, *, as_of: dt.date, department: str | None = None, numbers: list[str] | None = None
) -> EligibilityReport:
    """Decisions for everyone whose performance `user` may see (accounts.scoping), employed on `as_of`,
    under the policy version in force on that date (only these employee `numbers` when given)."""
    from serviceladder.policy.selectors import policy_parsed, policy_version_in_force

    version = policy_version_in_force(as_of)
    policy = policy_parsed(version)
    employees = evaluated_employees(user, as_of=as_of, department=department, numbers=numbers)
    facts = load_facts(employees, as_of=as_of, policy=policy)
    decisions = evaluate_many(facts, compile_policy(policy, version.label), as_of)
    people = {e.number: e for e in employees.select_related("team__department")}
    return EligibilityReport(as_of, version.label, policy.name, decisions, people)
