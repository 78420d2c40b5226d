"""Reads of development plans: the steps a plan may target, a person's plan (in force and draft) with its
goals, actions and their latest status, the version history, and the landing lists and counts. Callers
check access (accounts.scoping) before asking about a person; the list selectors take the user and scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from serviceladder.core.i18n import pick
from serviceladder.development.models import ActionUpdate, DevelopmentPlan, PlanAction, PlanVersion
from serviceladder.org.models import Employee
from serviceladder.org.selectors import level_as_of
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_in_force

KIND_LABELS = {"promotion": _("promotion"), "lateral": _("lateral move")}


@dataclass(frozen=True)
class OfferedStep:
    to_level: str
    name: str
    kind: str  # "promotion" or "lateral"
    track: str  # the target level's track name

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def offered_steps(employee: Employee, as_of: dt.date) -> list[OfferedStep]:
    """The steps the policy in force on `as_of` offers from the person's level then (empty without a policy
    or a level)."""
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    current = level_as_of(employee, as_of)
    if current is None:
        return []
    levels = policy.levels()
    out = []
    for t in policy.transitions:
        if t.from_level != current.level.code or t.to_level not in levels:
            continue
        track, level, _rank = levels[t.to_level]
        out.append(
            OfferedStep(
                t.to_level, pick(level.name_zh, level.name_en), t.kind, pick(track.name_zh, track.name_en)
            )
        )
    return out


def level_name(code: str, as_of: dt.date) -> str:
    """A level's name in the reader's language (the code itself when the policy no longer has it)."""
    if not code:
        return ""
    try:
        found = policy_in_force(as_of).levels().get(code)
    except NoPolicyInForce:
        found = None
    return pick(found[1].name_zh, found[1].name_en) if found else code


def target_text(version: PlanVersion, as_of: dt.date) -> str:
    return level_name(version.target_level_code, as_of) if version.target_level_code else version.aspiration


def _versions_prefetched() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.select_related("lead_accepted_by", "created_by").prefetch_related(
        "goals",
        Prefetch("actions", queryset=PlanAction.objects.select_related("host_team", "host_lead")),
    )


def latest_action_updates(lineages) -> dict:
    """lineage → the latest ActionUpdate (its status is the action's status)."""
    out: dict = {}
    for u in ActionUpdate.objects.filter(lineage__in=list(lineages)).select_related("recorded_by"):
        out.setdefault(u.lineage, u)  # ordered newest first
    return out


@dataclass
class PlanView:
    plan: DevelopmentPlan | None
    in_force: PlanVersion | None = None
    draft: PlanVersion | None = None
    updates: dict = field(default_factory=dict)  # lineage → latest ActionUpdate
    closed: list[DevelopmentPlan] = field(default_factory=list)


def plan_view(employee: Employee) -> PlanView:
    """The person's open plan with the version in force and the draft (goals and actions prefetched), the
    latest status of each action, and their closed plans."""
    plans = list(
        DevelopmentPlan.objects.filter(employee=employee)
        .select_related("closed_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=_versions_prefetched().filter(
                    state__in=[PlanVersion.State.DRAFT, PlanVersion.State.AGREED]
                ),
                to_attr="open_versions",
            )
        )
    )
    plan = next((p for p in plans if p.status != DevelopmentPlan.Status.CLOSED), None)
    view = PlanView(plan=plan, closed=[p for p in plans if p.status == DevelopmentPlan.Status.CLOSED])
    if plan is None:
        return view
    for v in plan.open_versions:
        if v.state == PlanVersion.State.AGREED:
            view.in_force = v
        else:
            view.draft = v
    lineages = {a.lineage for v in (view.in_force, view.draft) if v for a in v.actions.all()}
    view.updates = latest_action_updates(lineages)
    return view


def plan_versions(plan: DevelopmentPlan) -> list[PlanVersion]:
    """Every version of a plan, newest first, prefetched."""
    return list(_versions_prefetched().filter(plan=plan).order_by("-number"))


def version_snapshot(version: PlanVersion) -> dict:
    """What a version says, for comparing versions (development.plan_changes) and fingerprinting a draft."""
    return {
        "target": version.target_level_code or version.aspiration,
        "horizons": {
            "short": version.horizon_short,
            "mid": version.horizon_mid,
            "long": version.horizon_long,
        },
        "goals": {
            str(g.lineage): {
                "statement": g.statement,
                "due_date": g.due_date.isoformat(),
                "horizon": g.horizon,
                "measure": g.measure,
                "clause": g.clause,
                "done_when": g.done_when,
            }
            for g in version.goals.all()
        },
        "actions": {
            str(a.lineage): {
                "title": a.title,
                "kind": a.kind,
                "horizon": a.horizon,
                "start_date": a.start_date.isoformat() if a.start_date else "",
                "end_date": a.end_date.isoformat() if a.end_date else "",
                "course_code": a.course_code,
                "host_team": a.host_team_id,
                "host_lead": a.host_lead_id,
                "role": a.role,
                "task": a.task,
            }
            for a in version.actions.all()
        },
    }


def draft_fingerprint(version: PlanVersion) -> str:
    """A short hash of what a draft says: an acceptance names the fingerprint it read, so nobody accepts
    words that changed under them."""
    text = json.dumps(version_snapshot(version), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Landing lists -------------------------------------------------------------------------------------------

STATE_NONE, STATE_DRAFT, STATE_ACTIVE, STATE_REVISING, STATE_CLOSED = (
    "none",
    "draft",
    "active",
    "revising",
    "closed",
)
STATE_LABELS = {
    STATE_NONE: _("no plan"),
    STATE_DRAFT: _("draft, not agreed yet"),
    STATE_ACTIVE: _("active"),
    STATE_REVISING: _("active, a new draft under discussion"),
    STATE_CLOSED: _("closed"),
}


@dataclass
class PlanRow:
    employee: Employee
    state: str
    last_agreed: dt.datetime | None
    awaiting: str  # "person", "lead", "" : whose acceptance the draft waits for

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def plan_rows(people: QuerySet[Employee]) -> list[PlanRow]:
    """One row per person (already scoped by the caller): their plan's state, the last agreement, and
    whose acceptance an open draft still waits for."""
    people = list(people.select_related("team", "team__department").order_by("team__code", "number"))
    ids = [p.pk for p in people]
    plans: dict[int, DevelopmentPlan] = {}
    for p in DevelopmentPlan.objects.filter(employee_id__in=ids).order_by("created_at", "pk"):
        if p.employee_id not in plans or p.status != DevelopmentPlan.Status.CLOSED:
            plans[p.employee_id] = p
    plan_ids = [p.pk for p in plans.values()]
    agreed = dict(
        PlanVersion.objects.filter(plan_id__in=plan_ids, agreed_at__isnull=False)
        .values_list("plan_id")
        .annotate(last=Max("agreed_at"))
    )
    drafts = {
        v.plan_id: v for v in PlanVersion.objects.filter(plan_id__in=plan_ids, state=PlanVersion.State.DRAFT)
    }
    rows = []
    for person in people:
        plan = plans.get(person.pk)
        if plan is None:
            rows.append(PlanRow(person, STATE_NONE, None, ""))
            continue
        draft = drafts.get(plan.pk)
        awaiting = draft_awaiting(plan, draft)
        rows.append(PlanRow(person, plan_state(plan, draft), agreed.get(plan.pk), awaiting))
    return rows


def plan_state(plan: DevelopmentPlan | None, draft: PlanVersion | None) -> str:
    """The landing's state code of a plan (STATE_*), given its open draft version if any."""
    if plan is None:
        return STATE_NONE
    if plan.status == DevelopmentPlan.Status.CLOSED:
        return STATE_CLOSED
    if plan.status == DevelopmentPlan.Status.ACTIVE:
        return STATE_REVISING if draft else STATE_ACTIVE
    return STATE_DRAFT


def draft_awaiting(plan: DevelopmentPlan, draft: PlanVersion | None) -> str:
    """Whose acceptance an open plan's draft still waits for when one side has accepted: "person" or
    "lead"; "" otherwise."""
    if draft is None or plan.status == DevelopmentPlan.Status.CLOSED:
        return ""
    if draft.lead_accepted_at and not draft.agent_accepted_at:
        return "person"
    if draft.agent_accepted_at and not draft.lead_accepted_at:
        return "lead"
    return ""


@dataclass(frozen=True)
class DepartmentCounts:
    name: str
    people: int
    by_state: dict
    with_active: int
    actions: int = 0  # actions of the plans in force
    actions_done: int = 0
    code: str = ""  # the department's code ("" for the whole organisation and for people with no team)
    department_id: int | None = None

    @property
    def done_share(self) -> float | None:
        return self.actions_done / self.actions if self.actions else None

    @property
    def active_share(self) -> float | None:
        return self.with_active / self.people if self.people else None


def plan_counts(as_of: dt.date) -> list[DepartmentCounts]:
    """Counts only (HR and management): per department, people on the roster on `as_of`, their plans by
    state (open plans; closed ones by outcome count as closed) and how many have an active plan. The last
    row is the whole organisation."""
    people = Employee.objects.filter(hire_date__lte=as_of).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gt=as_of)
    )
    totals = dict(
        people.values_list("team__department_id")
        .annotate(n=Count("pk"))
        .values_list("team__department_id", "n")
    )
    states: dict = {}
    for dept, status, n in (
        DevelopmentPlan.objects.filter(employee__in=people)
        .values_list("employee__team__department_id", "status")
        .annotate(n=Count("employee", distinct=True))
    ):
        states.setdefault(dept, {})[status] = n
    latest = ActionUpdate.objects.filter(lineage=OuterRef("lineage")).order_by("-recorded_at", "-pk")
    actions: dict = {}
    for dept, status in (
        PlanAction.objects.filter(
            version__state=PlanVersion.State.AGREED,
            version__plan__status=DevelopmentPlan.Status.ACTIVE,
            version__plan__employee__in=people,
        )
        .annotate(status=Subquery(latest.values("status")[:1]))
        .values_list("version__plan__employee__team__department_id", "status")
    ):
        total, done = actions.get(dept, (0, 0))
        actions[dept] = (total + 1, done + (status == ActionUpdate.Status.DONE))
    from serviceladder.org.models import Department

    departments = {d.pk: d for d in Department.objects.filter(pk__in=[k for k in totals if k])}
    names = {pk: pick(d.name_zh, d.name_en) for pk, d in departments.items()}
    out = []
    for dept in sorted(totals, key=lambda k: (k is None, names.get(k, ""))):
        by = states.get(dept, {})
        out.append(
            DepartmentCounts(
                names.get(dept, str(_("no department"))),
                totals[dept],
                by,
                by.get("active", 0),
                *actions.get(dept, (0, 0)),
                code=departments[dept].code if dept in departments else "",
                department_id=dept,
            )
        )
    whole: dict = {}
    for row in out:
        for k, n in row.by_state.items():
            whole[k] = whole.get(k, 0) + n
    out.append(
        DepartmentCounts(
            str(_("whole organisation")),
            sum(totals.values()),
            whole,
            whole.get("active", 0),
            sum(row.actions for row in out),
            sum(row.actions_done for row in out),
        )
    )
    return out
