"""Reading performance pay, already scoped (accounts.scoping): HR and management read every month, line and
team total; a person reads their own lines of approved months only; nobody else reads anything of it.
Leads and heads see nothing of pay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from serviceladder.accounts.scoping import (
    can_manage_bonus,
    can_see_team_pay_totals,
    user_employee,
    user_roles,
)
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.recognition.models import BonusCorrection, BonusLine, BonusMonth
from serviceladder.recognition.selectors.standing import month_end

APPROVED = BonusMonth.State.APPROVED


def can_open_pay(user) -> bool:
    """The performance-pay pages (months, lines, totals): HR and management."""
    return can_see_team_pay_totals(user)


def months_for(user) -> QuerySet[BonusMonth]:
    """Bonus months the user may open: every month for HR and management, none for anyone else."""
    if not can_open_pay(user):
        return BonusMonth.objects.none()
    return BonusMonth.objects.annotate(
        line_count=Count("lines", distinct=True), total=Sum("lines__amount")
    ).select_related("policy_version", "approved_by", "proposed_by")


def access_month(user, month: str) -> BonusMonth:
    found = months_for(user).filter(month=month).first()
    if found is None:
        raise NotFoundOrForbidden()
    return found


def lines_of(
    user, bonus_month: BonusMonth, *, team=None, status: str = "", q: str = ""
) -> QuerySet[BonusLine]:
    """The month's lines the user may read (HR and management: all), filtered."""
    if not can_open_pay(user):
        return BonusLine.objects.none()
    lines = bonus_month.lines.select_related("employee", "team", "adjusted_by")
    if team:
        lines = lines.filter(team__code=team)
    if status:
        lines = lines.filter(status=status)
    if q:
        lines = lines.filter(Q(employee__number__icontains=q) | Q(employee__name__icontains=q))
    return lines.order_by("employee__number")


def access_line(user, bonus_month: BonusMonth, pk: int) -> BonusLine:
    """A line HR may act on (adjust); anyone else: not found."""
    if not can_manage_bonus(user):
        raise NotFoundOrForbidden()
    line = bonus_month.lines.select_related("employee", "team").filter(pk=pk).first()
    if line is None:
        raise NotFoundOrForbidden()
    return line


@dataclass(frozen=True)
class TeamTotal:
    team_id: int | None
    team_code: str
    team_name: str
    people: int
    held: int
    total: Decimal


def team_totals(user, bonus_month: BonusMonth) -> list[TeamTotal]:
    """Per team: people, held lines and the amount (HR and management only)."""
    if not can_see_team_pay_totals(user):
        return []
    from serviceladder.org.models import Team

    rows = list(
        bonus_month.lines.values("team_id")
        .annotate(
            people=Count("pk"),
            held=Count("pk", filter=Q(status=BonusLine.Status.HELD)),
            total=Sum("amount"),
        )
        .order_by("team_id")
    )
    teams = Team.objects.in_bulk([r["team_id"] for r in rows if r["team_id"]])
    out = []
    for r in rows:
        team = teams.get(r["team_id"])
        out.append(
            TeamTotal(
                r["team_id"],
                team.code if team else "",
                team.name if team else "",
                r["people"],
                r["held"],
                (r["total"] or Decimal(0)).quantize(Decimal("0.01")),
            )
        )
    return sorted(out, key=lambda t: (t.team_code == "", t.team_code))


def own_lines(user, employee) -> list[BonusLine]:
    """A person's bonus lines of approved months, newest first: for the person themselves, and for HR and
    management (who read everyone's). Nobody else (leads and heads see nothing of pay)."""
    me = user_employee(user)
    is_self = me is not None and me.pk == employee.pk and bool(user_roles(user))
    if not (is_self or can_see_team_pay_totals(user)):
        return []
    return list(
        BonusLine.objects.filter(employee=employee, bonus_month__state=APPROVED)
        .select_related("bonus_month")
        .order_by("-bonus_month__month")
    )


def own_corrections(user, employee) -> list[BonusCorrection]:
    me = user_employee(user)
    is_self = me is not None and me.pk == employee.pk and bool(user_roles(user))
    if not (is_self or can_see_team_pay_totals(user)):
        return []
    return list(
        BonusCorrection.objects.filter(employee=employee, original__state=APPROVED)
        .select_related("original", "settled_in")
        .order_by("-created_at")
    )


def corrections_of(user, bonus_month: BonusMonth) -> dict[str, list[BonusCorrection]]:
    """{"made": corrections to this month, "settled": corrections paid in this month} (HR, management)."""
    if not can_open_pay(user):
        return {"made": [], "settled": []}
    base = BonusCorrection.objects.select_related("employee", "original", "settled_in", "created_by")
    return {
        "made": list(base.filter(original=bonus_month)),
        "settled": list(base.filter(settled_in=bonus_month)),
    }


def month_not_proposed(on: dt.date) -> str | None:
    """Last month (ended before `on`) when no bonus month exists for it yet, else None."""
    first = on.replace(day=1)
    last = first - dt.timedelta(days=1)
    month = f"{last.year:04d}-{last.month:02d}"
    if month_end(month) >= on or BonusMonth.objects.filter(month=month).exists():
        return None
    return month


@dataclass(frozen=True)
class WaitingStars:
    """Lines of a proposed month held because the star period that pays in it is not published yet."""

    period: object  # the StarPeriod
    held: int


def held_for_unpublished_stars(bonus_month: BonusMonth) -> list[WaitingStars]:
    """The unpublished star periods that hold lines of a month not yet approved, with the number held: what HR
    must publish before proposing the month again. Empty for an approved month (frozen)."""
    from serviceladder.recognition.models import StarPeriod

    if bonus_month.state == APPROVED:
        return []
    held: dict[str, int] = {}
    rules = bonus_month.lines.filter(status=BonusLine.Status.HELD).values_list("rule", flat=True)
    for rule in rules:
        rule = rule or {}
        if rule.get("missing") == "no_stars" and rule.get("star_period"):
            held[rule["star_period"]] = held.get(rule["star_period"], 0) + 1
    periods = StarPeriod.objects.filter(code__in=held).exclude(state=StarPeriod.State.PUBLISHED)
    return [WaitingStars(period=p, held=held[p.code]) for p in periods.order_by("code")]
