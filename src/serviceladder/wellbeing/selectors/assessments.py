"""Reads of the stored wellbeing assessments (issue 16 items 1–2): a person's latest stage and signals with
their explanations, a team's people over the last months, the counts behind the Wellbeing landing, and the
organisation's heat map (team × signal, no names, small teams suppressed). Already scoped through
accounts.scoping; the page, the API and any export call these and never decide access themselves.

Every explanation is a stored kernel check (`rules.goals.explanation`), rendered here with the kernel's own
`rules.explain` in the reader's language, so a new message code needs only its entry in rules/messages.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from serviceladder.accounts.scoping import (
    can_see_wellbeing,
    employees_with_wellbeing_visible_to,
    may_see_wellbeing_risk,
    user_employee,
    wellbeing_heat_map_teams,
)
from serviceladder.org.models import Employee, Team
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.schema import Wellbeing
from serviceladder.policy.selectors import policy_in_force
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS
from serviceladder.rules.explain import render_check
from serviceladder.rules.goals import check_from_explanation
from serviceladder.rules.periods import first_day, month_index
from serviceladder.wellbeing.errors_assessments import BAD_MONTH, UnknownAssessmentMonth
from serviceladder.wellbeing.models import Case, WellbeingAssessment
from serviceladder.wellbeing.models.assessment import Risk

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
HISTORY_MONTHS = 6  # the team page's "signals over time"
DEFAULT_MIN_GROUP = 5  # policy wellbeing.pulse.min_group when no policy is in force
RISK_ORDER = (Risk.ACT, Risk.WATCH, Risk.UNKNOWN, Risk.NONE)


def wellbeing_policy() -> Wellbeing:
    """The policy's wellbeing section in force today (its defaults when no policy is in force): who sees
    their own risk level, and the minimum group of the heat map (pulse.min_group)."""
    try:
        return policy_in_force(today()).wellbeing
    except NoPolicyInForce:
        return Wellbeing()


# --- explaining one stored check ---------------------------------------------------------------------------


def check_text(stored: dict, language: str) -> str:
    """A stored check in words; a message code this build does not know shows as the code (never a 500)."""
    check = check_from_explanation(stored)
    if check is None:
        return ""
    try:
        return render_check(check, language)
    except (KeyError, IndexError, ValueError, TypeError):
        return check.code


@dataclass(frozen=True)
class StageReason:
    rule: str
    status: str  # pass | fail | insufficient_data
    decisive: bool
    text: str
    months: tuple[str, ...]


@dataclass(frozen=True)
class SignalLine:
    code: str
    kind: str
    level: str  # watch | act
    status: str  # pass: fired; fail: did not fire; insufficient_data: could not be judged
    text: str
    months: tuple[str, ...]
    metric: str = ""

    @property
    def fired(self) -> bool:
        return self.status == PASS

    @property
    def unknown(self) -> bool:
        return self.status == INSUFFICIENT


@dataclass(frozen=True)
class Explained:
    """One assessment as a reader sees it: `risk` is None when the reader may not see the level."""

    assessment: WellbeingAssessment
    stage: str
    stage_reasons: list[StageReason]  # the decisive rule first, then the others in the policy's order
    risk: str | None
    fired: list[SignalLine]
    unknown: list[SignalLine]  # could not be judged: missing or too few figures
    quiet: list[SignalLine]  # judged, did not fire

    @property
    def month(self) -> str:
        return self.assessment.month

    @property
    def decisive(self) -> StageReason | None:
        return next((r for r in self.stage_reasons if r.decisive), None)


def explain(assessment: WellbeingAssessment, language: str, *, show_risk: bool = True) -> Explained:
    """The assessment's stage (decisive rule first) and signals, each in words in `language`."""
    reasons = [
        StageReason(
            rule=str(c.get("rule", "")),
            status=str(c.get("status", "")),
            decisive=bool(c.get("decisive")),
            text=check_text(c, language),
            months=tuple(c.get("months") or ()),
        )
        for c in (assessment.stage_checks or [])
    ]
    reasons.sort(key=lambda r: not r.decisive)  # stable: the others keep the policy's order
    lines = [
        SignalLine(
            code=str(s.get("signal", "")),
            kind=str(s.get("kind", "")),
            level=str(s.get("level", "watch")),
            status=str(s.get("status", "")),
            text=check_text(s, language),
            months=tuple(s.get("months") or ()),
            metric=str((s.get("values") or {}).get("metric") or ""),
        )
        for s in (assessment.signals or [])
    ]
    # A signal listed as fired on the row counts as fired even if its stored check was trimmed.
    fired_codes = set(assessment.fired or [])
    fired = [s for s in lines if s.fired or s.code in fired_codes]
    fired.sort(key=lambda s: s.level != "act")
    return Explained(
        assessment=assessment,
        stage=assessment.stage,
        stage_reasons=reasons,
        risk=assessment.risk if show_risk else None,
        fired=fired,
        unknown=[s for s in lines if s.unknown and s not in fired],
        quiet=[s for s in lines if s.status == FAIL and s not in fired],
    )


# --- one person --------------------------------------------------------------------------------------------


def latest_assessment(user, employee: Employee) -> WellbeingAssessment | None:
    """The person's newest assessment, for a reader who may see their wellbeing (else None)."""
    if not can_see_wellbeing(user, employee):
        return None
    return WellbeingAssessment.objects.filter(employee=employee).order_by("-month").first()


def person_explained(
    user, employee: Employee, language: str, *, agents_see_own_risk: bool
) -> Explained | None:
    """The person's newest assessment explained for this reader (their own risk level as the policy says)."""
    assessment = latest_assessment(user, employee)
    if assessment is None:
        return None
    show_risk = may_see_wellbeing_risk(user, employee, agents_see_own_risk=agents_see_own_risk)
    return explain(assessment, language, show_risk=show_risk)


# --- counts for the landing ---------------------------------------------------------------------------------


@dataclass
class TeamCounts:
    team: Team
    counts: dict[str, int] = field(default_factory=dict)  # risk → people

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def flagged(self) -> int:
        return self.counts.get(Risk.ACT, 0) + self.counts.get(Risk.WATCH, 0)


@dataclass
class RiskCounts:
    month: str
    totals: dict[str, int]  # risk → people in the reader's scope
    teams: list[TeamCounts]  # the teams of the reader's scope whose page they may open, most flagged first


def latest_month(employees) -> str:
    """The newest month assessed among `employees` (a queryset), or ""."""
    return WellbeingAssessment.objects.filter(employee__in=employees).aggregate(m=Max("month"))["m"] or ""


def risk_counts(user, teams) -> RiskCounts | None:
    """The people in the reader's wellbeing scope by risk level in the newest assessed month, in total and
    per team of `teams` (the teams whose page the reader opens). None when nobody in scope is assessed. The
    reader's own row is left out: their risk is theirs to see (may_see_wellbeing_risk)."""
    people = employees_with_wellbeing_visible_to(user)
    me = user_employee(user)
    if me is not None:
        people = people.exclude(pk=me.pk)
    month = latest_month(people)
    if not month:
        return None
    rows = (
        WellbeingAssessment.objects.filter(employee__in=people, month=month)
        .values("employee__team_id", "risk")
        .annotate(n=Count("pk"))
    )
    totals: Counter = Counter()
    per_team: dict[int, Counter] = defaultdict(Counter)
    for r in rows:
        totals[r["risk"]] += r["n"]
        if r["employee__team_id"] is not None:
            per_team[r["employee__team_id"]][r["risk"]] += r["n"]
    team_rows = [
        TeamCounts(t, dict(per_team.get(t.pk, {})))
        for t in teams.select_related("department").order_by("department__code", "code")
    ]
    team_rows.sort(key=lambda t: (-t.counts.get(Risk.ACT, 0), -t.flagged))
    return RiskCounts(month=month, totals=dict(totals), teams=team_rows)


# --- a team -----------------------------------------------------------------------------------------------


@dataclass
class PersonRow:
    employee: Employee
    latest: WellbeingAssessment | None
    history: list[WellbeingAssessment | None]  # one per team month, oldest first
    open_cases: list[Case] = field(default_factory=list)
    show_risk: bool = True  # False on the reader's own row when the policy keeps their risk from them


@dataclass
class TeamView:
    team: Team
    months: list[str]  # the last HISTORY_MONTHS stored months of the team, oldest first
    rows: list[PersonRow]
    signals: list[tuple[str, str]]  # (code, kind) of every signal in those months, in the policy's order


def team_members(team: Team, on: dt.date) -> Q:
    """The team's members on a day: in the team and not left before it."""
    return Q(team=team) & (Q(leave_date__isnull=True) | Q(leave_date__gte=on))


def team_view(user, team: Team, *, today: dt.date, agents_see_own_risk: bool = True) -> TeamView:
    """The team's members (in the reader's wellbeing scope) with their newest assessment, the last months'
    assessments and their open cases: four queries whatever the team's size. The caller got `team` from
    accounts.scoping.access_team_wellbeing."""
    people = list(
        employees_with_wellbeing_visible_to(user).filter(team_members(team, today)).order_by("name", "number")
    )
    ids = [p.pk for p in people]
    months = sorted(
        WellbeingAssessment.objects.filter(employee_id__in=ids)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")[:HISTORY_MONTHS]
    )
    by_person: dict[int, dict[str, WellbeingAssessment]] = defaultdict(dict)
    signals: dict[str, str] = {}
    if months:
        for a in WellbeingAssessment.objects.filter(employee_id__in=ids, month__in=months).order_by("month"):
            by_person[a.employee_id][a.month] = a
            for s in a.signals or []:
                signals.setdefault(str(s.get("signal", "")), str(s.get("kind", "")))
            for code in a.fired or []:
                signals.setdefault(code, "")
    me = user_employee(user)
    cases: dict[int, list[Case]] = defaultdict(list)
    # Never the reader's own case (accounts.scoping: a case is for the person's lead, head and HR).
    case_ids = [i for i in ids if me is None or i != me.pk]
    for c in Case.objects.filter(employee_id__in=case_ids, state=Case.State.OPEN).order_by("opened_at", "pk"):
        cases[c.employee_id].append(c)
    rows = []
    for p in people:
        history = [by_person[p.pk].get(m) for m in months]
        latest = next((a for a in reversed(history) if a is not None), None)
        own = me is not None and me.pk == p.pk
        rows.append(PersonRow(p, latest, history, cases.get(p.pk, []), not own or agents_see_own_risk))
    return TeamView(team=team, months=months, rows=rows, signals=list(signals.items()))


# --- the heat map -----------------------------------------------------------------------------------------


@dataclass
class HeatRow:
    team: Team
    members: int
    counts: dict[str, int]  # signal code → people with it fired; empty when suppressed
    suppressed: bool = False
    small: bool = False  # suppressed because the team itself is under the minimum (not complementary)

    def share(self, code: str) -> float:
        return self.counts.get(code, 0) / self.members if self.members else 0.0


@dataclass
class HeatMap:
    months: list[str]  # the months with assessments, newest first
    month: str
    signals: list[tuple[str, str]]  # (code, kind)
    rows: list[HeatRow]
    min_group: int


def heat_map_months(user) -> list[str]:
    """The months the heat map can show this reader, newest first (none for a reader without it)."""
    teams = wellbeing_heat_map_teams(user)
    return list(
        WellbeingAssessment.objects.filter(employee__team__in=teams)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")
    )


def suppress(members: dict[int, int], min_group: int) -> set[int]:
    """The teams (id → members) of one department whose counts are hidden: every team under `min_group`
    members, and — when the hidden teams together have fewer than `min_group` members (a single hidden team
    always does) — the next smallest until they have at least `min_group`, so that the department's shown
    teams can never be subtracted from anything to reveal a small group (complementary suppression)."""
    hidden = {t for t, n in members.items() if 0 < n < min_group}
    if hidden:
        rest = sorted(((t, n) for t, n in members.items() if n >= min_group), key=lambda x: (x[1], x[0]))
        for t, _n in rest:
            if sum(members[h] for h in hidden) >= min_group:
                break
            hidden.add(t)
    return hidden | {t for t, n in members.items() if n == 0}  # an empty team has nothing to show


def heat_map(user, month: str | None = None, *, min_group: int = DEFAULT_MIN_GROUP, strict=False) -> HeatMap:
    """Team × signal for one month (the newest by default): the number of people with each signal fired, no
    names. Teams under `min_group` members show no counts, and complementary suppression within each
    department (see `suppress`). Five queries whatever the organisation's size. A month without
    assessments falls back to the newest, or raises UnknownAssessmentMonth when `strict`."""
    teams = list(
        wellbeing_heat_map_teams(user).select_related("department").order_by("department__code", "code")
    )
    months = heat_map_months(user)
    if month and month not in months and strict:
        if not _MONTH.fullmatch(month):
            raise UnknownAssessmentMonth(BAD_MONTH, month=month)
        raise UnknownAssessmentMonth(month=month, months=", ".join(months[:12]) or "—")
    if month not in months:
        month = months[0] if months else ""
    if not month:
        return HeatMap(months=[], month="", signals=[], rows=[], min_group=min_group)
    on = first_day(month_index(month))
    team_ids = [t.pk for t in teams]
    members = dict(
        Employee.objects.filter(team_id__in=team_ids)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=on))
        .values_list("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    fired: dict[int, Counter] = defaultdict(Counter)
    month_rows = WellbeingAssessment.objects.filter(employee__team_id__in=team_ids, month=month)
    # The columns: the signal rules of the month's policy, read from one row (every row of a month lists
    # every rule), then any other code that fired; the counts read only the short `fired` lists.
    sample = month_rows.order_by("-policy_version_id").values_list("signals", flat=True).first() or []
    signals: dict[str, str] = {str(s.get("signal", "")): str(s.get("kind", "")) for s in sample}
    for team_id, codes in month_rows.values_list("employee__team_id", "fired"):
        for code in set(codes or []):
            signals.setdefault(code, "")
            fired[team_id][code] += 1
    by_department: dict[int, dict[int, int]] = defaultdict(dict)
    for t in teams:
        by_department[t.department_id][t.pk] = members.get(t.pk, 0)
    hidden: set[int] = set()
    for dept_members in by_department.values():
        hidden |= suppress(dept_members, min_group)
    out = []
    for t in teams:
        n = members.get(t.pk, 0)
        if t.pk in hidden:
            out.append(HeatRow(t, n, {}, suppressed=True, small=n < min_group))
        else:
            out.append(HeatRow(t, n, dict(fired.get(t.pk, {}))))
    return HeatMap(months=months, month=month, signals=list(signals.items()), rows=out, min_group=min_group)


def open_case_count(employee_ids) -> int:
    return Case.objects.filter(employee_id__in=employee_ids, state=Case.State.OPEN).count()
