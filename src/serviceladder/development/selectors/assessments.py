"""Read skill assessments (issue 14, item 1): the steps a person can be assessed for, the peers a lead may
choose, each assessment's gaps per rater group and how the gaps moved over time.

Scoped through accounts.scoping: `person_assessments` answers None for a reader who may not see the person's
development record. No reader ever gets a peer's identity next to a score: peer answers have no author, and
only the average computed at closing (from enough answers) is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from serviceladder.accounts.scoping import can_see_development, employees_visible_to, user_employee
from serviceladder.core.i18n import pick
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.org.models import Employee
from serviceladder.policy.selectors import policy_parsed

GROUPS = ("self", "superior", "peer")


def next_steps(policy, current_code: str | None) -> list[tuple[str, str]]:
    """(code, name) of the levels the policy opens from `current_code` (promotion, expert track, transfer)
    whose level has a competency profile, in the policy's order."""
    levels = policy.levels()
    codes = list(dict.fromkeys(t.to_level for t in policy.transitions if t.from_level == current_code))
    return [
        (c, pick(levels[c][1].name_zh, levels[c][1].name_en))
        for c in codes
        if c in levels and levels[c][1].competencies
    ]


def peer_candidates(employee: Employee, *, user, as_of: dt.date):
    """The colleagues `user` may ask to rate `employee`: people of the same department employed on
    `as_of` whom the user may see (accounts.scoping), not the person and not the user."""
    if employee.team_id is None:
        return Employee.objects.none()
    chooser = user_employee(user)
    qs = (
        employees_visible_to(user)
        .filter(team__department_id=employee.team.department_id, hire_date__lte=as_of)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=as_of))
    )
    qs = qs.exclude(pk=employee.pk)
    if chooser is not None:
        qs = qs.exclude(pk=chooser.pk)
    return qs.select_related("team").order_by("team__code", "number")


@dataclass(frozen=True)
class CompetencyGap:
    """One competency of an assessment: required level and each group's assessed level (None: not rated,
    or for peers not shown); the gap is required − assessed (positive: short of the profile)."""

    code: str
    name: str
    required: int
    own: int | None = None  # the self-rating
    superior: int | None = None
    peer: Decimal | None = None
    self_note: str = ""
    superior_note: str = ""

    def _gap(self, value):
        return None if value is None else self.required - value

    @property
    def self_gap(self):
        return self._gap(self.own)

    @property
    def superior_gap(self):
        return self._gap(self.superior)

    @property
    def peer_gap(self):
        return self._gap(self.peer)

    def gap(self, group: str):
        return {"self": self.self_gap, "superior": self.superior_gap, "peer": self.peer_gap}[group]


@dataclass
class AssessmentView:
    assessment: Assessment
    level_name: str
    rows: list[CompetencyGap]
    self_rating: Rating | None = None
    superior_rating: Rating | None = None
    invited: int = 0

    @property
    def on(self) -> dt.date:
        """The day the assessment is dated by: its latest rating, else its opening."""
        dates = [r.rated_at for r in (self.self_rating, self.superior_rating) if r is not None and r.rated_at]
        dates.append(self.assessment.opened_at)
        from django.utils import timezone

        return timezone.localdate(max(dates))

    @property
    def round_state(self) -> str:
        """none | open | shown (closed with enough answers) | hidden (closed with too few)."""
        a = self.assessment
        if a.peer_closes_on is None:
            return "none"
        if a.peer_closed_at is None:
            return "open"
        return "shown" if a.peer_average else "hidden"

    def groups(self) -> list[str]:
        """The rater groups with something to show, in a fixed order."""
        out = []
        if self.self_rating is not None:
            out.append("self")
        if self.superior_rating is not None:
            out.append("superior")
        if self.round_state == "shown":
            out.append("peer")
        return out


def _view(a: Assessment) -> AssessmentView:
    policy = policy_parsed(a.policy_version)
    names = {c.code: pick(c.name_zh, c.name_en) for c in policy.competencies}
    found = policy.levels().get(a.target_level_code)
    profile = dict(found[1].competencies) if found else {}
    level_name = pick(found[1].name_zh, found[1].name_en) if found else a.target_level_code
    latest: dict[str, Rating] = {}
    for r in a.ratings.all():  # prefetched; peer answers are never read here
        newer = r.group not in latest or (r.rated_at, r.pk) > (latest[r.group].rated_at, latest[r.group].pk)
        if r.group in ("self", "superior") and newer:
            latest[r.group] = r
    s, sup = latest.get("self"), latest.get("superior")
    shown = a.peer_closed_at is not None and bool(a.peer_average)
    rows = []
    for code, need in profile.items():
        peer = a.peer_average.get(code) if shown else None
        rows.append(
            CompetencyGap(
                code=code,
                name=names.get(code, code),
                required=need,
                own=s.scores.get(code) if s else None,
                superior=sup.scores.get(code) if sup else None,
                peer=Decimal(str(peer)) if peer is not None else None,
                self_note=s.evidence.get(code, "") if s else "",
                superior_note=sup.evidence.get(code, "") if sup else "",
            )
        )
    return AssessmentView(a, level_name, rows, s, sup, invited=len(a.peer_invitations.all()))


def _assessments(employee: Employee):
    return (
        Assessment.objects.filter(employee=employee)
        .select_related("policy_version", "employee")
        .prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.filter(group__in=["self", "superior"])),
            Prefetch("peer_invitations", queryset=PeerInvitation.objects.only("pk", "assessment_id")),
        )
        .order_by("opened_at", "pk")
    )


def assessment_views(employee: Employee) -> list[AssessmentView]:
    """Every assessment of the person, oldest first (below the scoping layer: callers have scoped)."""
    return [_view(a) for a in _assessments(employee)]


@dataclass
class PersonAssessments:
    """What a reader sees of a person's assessments: the latest per target level and the history."""

    latest: list[AssessmentView]
    history: dict[str, list[HistoryRow]] = field(default_factory=dict)
    level_names: dict[str, str] = field(default_factory=dict)
    all: list[AssessmentView] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryPoint:
    on: dt.date
    self_gap: object
    superior_gap: object
    peer_gap: object


@dataclass(frozen=True)
class HistoryRow:
    code: str
    name: str
    points: list[HistoryPoint]


def gap_history(views: list[AssessmentView]) -> dict[str, list[HistoryRow]]:
    """target level → one row per competency with its gaps per group at each assessment, oldest first."""
    by_target: dict[str, list[AssessmentView]] = defaultdict(list)
    for v in views:
        by_target[v.assessment.target_level_code].append(v)
    out = {}
    for target, vs in by_target.items():
        vs = sorted(vs, key=lambda v: (v.on, v.assessment.pk))
        names: dict[str, str] = {}
        points: dict[str, list[HistoryPoint]] = defaultdict(list)
        for v in vs:
            for r in v.rows:
                names.setdefault(r.code, r.name)
                points[r.code].append(HistoryPoint(v.on, r.self_gap, r.superior_gap, r.peer_gap))
        out[target] = [HistoryRow(code, names[code], points[code]) for code in names]
    return out


def person_assessments(user, employee: Employee) -> PersonAssessments | None:
    """The person's assessments as `user` may see them (None when they may not see the development record)."""
    if not can_see_development(user, employee):
        return None
    views = assessment_views(employee)
    latest: dict[str, AssessmentView] = {}
    for v in views:
        latest[v.assessment.target_level_code] = v
    return PersonAssessments(
        latest=sorted(latest.values(), key=lambda v: (v.on, v.assessment.pk), reverse=True),
        history=gap_history(views),
        level_names={v.assessment.target_level_code: v.level_name for v in views},
        all=views,
    )


def invitations_open_for(peer: Employee, today: dt.date):
    """The invitations `peer` still has to answer in rounds open on `today`."""
    return (
        PeerInvitation.objects.filter(
            peer=peer,
            answered=False,
            assessment__peer_closed_at__isnull=True,
            assessment__peer_closes_on__gte=today,
        )
        .select_related("assessment__employee")
        .order_by("assessment__peer_closes_on", "pk")
    )
