"""Reads of the development record (issue 14, item 7), and what a promotion application takes from the
record and the plan in force: the "achievements" and "plan for the new role" it pre-fills, and the summary
its reviewers see on the case page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from serviceladder.accounts.scoping import can_see_development, can_see_plan
from serviceladder.core.i18n import reader_reads_chinese
from serviceladder.development.models import Contribution, DevelopmentPlan, GoalJudgement, PlanVersion
from serviceladder.development.services.record import can_change_contribution, can_record_for
from serviceladder.ladder.models import Level
from serviceladder.org.models import Employee

RECENT_MONTHS = 12  # the application's "achievements" lists the record of the last year
PREFILL_MAX = 12


@dataclass(frozen=True)
class ContributionRow:
    contribution: Contribution
    can_change: bool


def contributions_of(user, employee: Employee) -> list[ContributionRow] | None:
    """The person's record, newest first; None when the user may not read it (a mentor may not)."""
    if not can_see_development(user, employee):
        return None
    rows = Contribution.objects.filter(employee=employee).select_related("recorded_by")
    return [ContributionRow(c, can_change_contribution(user, c)) for c in rows]


def may_add_to_record(user, employee: Employee) -> bool:
    return can_record_for(user, employee)


def access_contribution(user, pk) -> Contribution:
    """A contribution the user may read (its person's record is theirs to read); else NotFoundOrForbidden."""
    from serviceladder.core.errors import NotFoundOrForbidden

    try:
        c = Contribution.objects.select_related("employee__team__department").get(pk=int(pk))
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise NotFoundOrForbidden() from None
    if not can_see_development(user, c.employee):
        raise NotFoundOrForbidden()
    return c


@dataclass(frozen=True)
class GoalLine:
    statement: str
    due_date: dt.date
    horizon_label: str
    status_label: str  # the final judgement, when there is one


@dataclass(frozen=True)
class PlanSummary:
    version: PlanVersion
    target: str  # the target level's name, or the free-text aspiration
    horizons: list[tuple[str, str]]  # (label, text), only those written
    goals: list[GoalLine] = field(default_factory=list)


def plan_in_force(employee: Employee) -> PlanSummary | None:
    """The agreed version of the person's open plan (what both sides accepted), or None. Below the scoping
    layer: callers check who may see it (can_see_plan, or the case page's reviewers)."""
    version = (
        PlanVersion.objects.filter(plan__employee=employee, state=PlanVersion.State.AGREED)
        .exclude(plan__status=DevelopmentPlan.Status.CLOSED)
        .select_related("plan")
        .first()
    )
    if version is None:
        return None
    target = version.aspiration
    if version.target_level_code:
        level = Level.objects.filter(code=version.target_level_code).first()
        target = level.name if level else version.target_level_code
    horizons = [
        (str(PlanVersion._meta.get_field(name).verbose_name), text.strip())
        for name in ("horizon_short", "horizon_mid", "horizon_long")
        if (text := getattr(version, name)).strip()
    ]
    goals = list(version.goals.all())
    judged = dict(
        GoalJudgement.objects.filter(lineage__in=[g.lineage for g in goals]).values_list("lineage", "status")
    )
    lines = [
        GoalLine(
            statement=g.statement,
            due_date=g.due_date,
            horizon_label=str(g.get_horizon_display()),
            status_label=str(GoalJudgement.Status(judged[g.lineage]).label) if g.lineage in judged else "",
        )
        for g in goals
    ]
    return PlanSummary(version=version, target=target, horizons=horizons, goals=lines)


def plan_for(user, employee: Employee) -> PlanSummary | None:
    """The plan in force, for a reader who may see the person's plan (their mentor included)."""
    if not can_see_plan(user, employee):
        return None
    return plan_in_force(employee)


def recent_contributions(employee: Employee, as_of: dt.date) -> list[Contribution]:
    since = as_of - dt.timedelta(days=RECENT_MONTHS * 31)
    return list(
        Contribution.objects.filter(employee=employee, date__gte=since, date__lte=as_of).order_by(
            "-date", "-pk"
        )[:PREFILL_MAX]
    )


def _colon() -> str:
    return "：" if reader_reads_chinese() else ": "


def achievements_text(contributions: list[Contribution]) -> str:
    """One line per contribution: date, kind, title, description and evidence — editable text."""
    lines = []
    colon = _colon()
    for c in contributions:
        line = f"- {c.date.isoformat()} {Contribution.Kind(c.kind).label}{colon}{c.title}"
        if c.description:
            line += f" — {c.description}"
        if c.evidence:
            line += f" ({_('evidence')}{colon}{c.evidence})"
        lines.append(line)
    return "\n".join(lines)


def plan_text(summary: PlanSummary | None) -> str:
    """The plan in force as editable text: its target, each horizon written, and its goals."""
    if summary is None:
        return ""
    lines = []
    colon = _colon()
    if summary.target:
        lines.append(f"{_('Target')}{colon}{summary.target}")
    for label, text in summary.horizons:
        lines.append(f"{label}{colon}{text}")
    if summary.goals:
        lines.append(f"{_('Goals')}{colon.rstrip()}")
        for g in summary.goals:
            lines.append(f"- {g.statement} ({_('due')} {g.due_date.isoformat()})")
    return "\n".join(lines)


def application_prefill(user, employee: Employee, as_of: dt.date) -> dict[str, str]:
    """What a new promotion application starts with: "achievements" from the record of the last year and
    "plan" from the plan in force, for a writer who may read that person's development record (the applicant
    themselves, the lead who nominates them); empty fields otherwise."""
    if not can_see_development(user, employee):
        return {}
    out = {}
    achievements = achievements_text(recent_contributions(employee, as_of))
    if achievements:
        out["achievements"] = achievements
    plan = plan_text(plan_in_force(employee))
    if plan:
        out["plan"] = plan
    return out


@dataclass(frozen=True)
class CaseDevelopment:
    plan: PlanSummary | None
    contributions: list[Contribution]


def case_development(user, employee: Employee, *, as_of: dt.date) -> CaseDevelopment | None:
    """What a promotion case page shows of the applicant's development: the plan in force and the record of
    the last year. For the readers of their development record and for management, who decides the case
    (the caller has already checked that the user may open the case)."""
    from serviceladder.accounts.roles import Role
    from serviceladder.accounts.scoping import has_role

    if not (can_see_development(user, employee) or has_role(user, Role.MANAGEMENT)):
        return None
    return CaseDevelopment(plan_in_force(employee), recent_contributions(employee, as_of))
