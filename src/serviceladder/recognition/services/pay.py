"""Performance pay (issue 15, item 3): HR proposes a month (every agent's bonus with the rule that produced
it, recognition.engine.pay), adjusts a line within the policy's bounds with a reason, approves the month —
which freezes it — and records corrections to an approved month, settled as delta lines in the next month
proposed. Every change is audited in its transaction. Only HR (accounts.scoping.can_manage_bonus)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from serviceladder.accounts.scoping import can_manage_bonus
from serviceladder.audit.services import Actor, audit_record
from serviceladder.org.models import Employee
from serviceladder.org.selectors import today
from serviceladder.policy.models import PolicyVersion
from serviceladder.policy.selectors import policy_parsed
from serviceladder.recognition import pay_errors as err
from serviceladder.recognition.engine import pay as engine
from serviceladder.recognition.models import BonusCorrection, BonusLine, BonusMonth, StarPeriod, StarRating
from serviceladder.recognition.selectors.standing import levels_at_month_ends, month_end, peer_standing

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def parse_month(raw: str) -> str:
    raw = (raw or "").strip()
    if not MONTH_RE.match(raw):
        raise err.PayInvalid(err.BAD_MONTH, found=raw[:20] or "-")
    return raw


def parse_amount(raw, field) -> Decimal:
    """An amount HR typed ("120.5", "-80", "1,200.00"); PayInvalid otherwise."""
    text = str(raw or "").strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise err.PayInvalid(err.NOT_A_NUMBER, field=field, found=str(raw)[:20] or "-")
    return value


def _require_hr(actor: Actor) -> None:
    if not can_manage_bonus(actor.user):
        raise err.PayNotAllowed()


def pay_policy_for(month: str):
    """(PolicyVersion, Policy) in force on the month's last day; PayInvalid when none or pay is off."""
    end = month_end(month)
    version = (
        PolicyVersion.objects.filter(effective_from__lte=end).order_by("-effective_from", "-number").first()
    )
    if version is None:
        raise err.PayInvalid(err.NO_POLICY, date=end.isoformat(), month=month)
    policy = policy_parsed(version)
    if not policy.performance_pay.enabled:
        raise err.PayInvalid(err.PAY_OFF, date=end.isoformat(), version=version.number)
    return version, policy


def pay_inputs(policy, month: str, *, teams: dict | None = None) -> list[engine.PayInput]:
    """Everyone employed on at least one day of `month`, with the level held on its last day, the published
    star tier paying in it (stars basis) or the month's performance score (score_band basis). `teams`, when
    given, receives employee id → team id."""
    first, last = engine.month_days(month)
    people = list(
        Employee.objects.filter(hire_date__lte=last)
        .exclude(leave_date__lt=first)
        .values_list("pk", "hire_date", "leave_date", "team_id")
    )
    levels = levels_at_month_ends([p[0] for p in people], [month])
    pay = policy.performance_pay
    stars: dict[int, int] = {}
    period_code = ""
    scores: dict[int, Decimal] = {}
    if pay.basis == "stars":
        period_code = engine.star_period_paying(
            month, period=policy.stars.period, quarter_tier_months=pay.quarter_tier_months
        )
        period = StarPeriod.objects.filter(code=period_code, state=StarPeriod.State.PUBLISHED).first()
        if period is not None:
            stars = dict(
                StarRating.objects.filter(period=period, final_stars__isnull=False).values_list(
                    "employee_id", "final_stars"
                )
            )
    else:
        standing = peer_standing(policy, months=[month], peer_group=policy.stars.peer_group)
        scores = {
            emp: Decimal(repr(by_month[month].score))
            for emp, by_month in standing.items()
            if month in by_month
        }
    out = []
    for pk, hired, left, team_id in people:
        if teams is not None:
            teams[pk] = team_id
        level = levels.get(pk, {}).get(month)
        if level is None:
            continue
        out.append(
            engine.PayInput(
                employee_id=pk,
                level_code=level,
                hire_date=hired,
                leave_date=left,
                stars=stars.get(pk),
                star_period=period_code,
                score=scores.get(pk),
            )
        )
    return out


def _settle_corrections(bonus_month: BonusMonth) -> int:
    """Corrections to earlier approved months not yet settled go into this month's export."""
    return BonusCorrection.objects.filter(
        settled_in__isnull=True, original__month__lt=bonus_month.month
    ).update(settled_in=bonus_month)


@transaction.atomic
def bonus_month_propose(*, actor: Actor, month: str, on: dt.date | None = None) -> BonusMonth:
    """Propose `month` (ended) under the policy in force on its last day: one line per person whose level
    has a base bonus. Proposing again replaces the lines (and adjustments) of a month not yet approved; an
    approved month is frozen."""
    _require_hr(actor)
    month = parse_month(month)
    on = on or today()
    if month_end(month) >= on:
        raise err.PayInvalid(err.MONTH_NOT_ENDED, month=month)
    version, policy = pay_policy_for(month)
    pay = policy.performance_pay
    existing = BonusMonth.objects.select_for_update().filter(month=month).first()
    if existing is not None and existing.state == BonusMonth.State.APPROVED:
        raise err.BonusMonthFrozen(month=month)
    teams: dict[int, int | None] = {}
    proposals = engine.propose_many(pay, month, pay_inputs(policy, month, teams=teams))
    now = timezone.now()
    replaced = 0
    if existing is None:
        bonus_month = BonusMonth.objects.create(
            month=month,
            policy_version=version,
            rounding=pay.rounding,
            proposed_at=now,
            proposed_by=actor.user,
        )
    else:
        bonus_month = existing
        replaced, _ = bonus_month.lines.all().delete()
        bonus_month.policy_version = version
        bonus_month.rounding = pay.rounding
        bonus_month.proposed_at = now
        bonus_month.proposed_by = actor.user
        bonus_month.save(update_fields=["policy_version", "rounding", "proposed_at", "proposed_by"])
    _insert_lines(bonus_month, proposals, teams)
    settled = _settle_corrections(bonus_month)
    total = sum((p.amount for p in proposals), Decimal(0))
    audit_record(
        actor=actor,
        action="recognition.bonus_propose",
        obj=bonus_month,
        after={
            "month": month,
            "lines": len(proposals),
            "held": sum(1 for p in proposals if p.status == engine.HELD),
            "total": str(total),
            "version": version.number,
            "replaced": replaced,
            "corrections": settled,
        },
    )
    return bonus_month


LINE_COLUMNS = (
    "bonus_month_id",
    "employee_id",
    "level_code",
    "team_id",
    "status",
    "base",
    "coefficient",
    "proration",
    "cap",
    "proposal",
    "adjustment",
    "adjustment_reason",
    "amount",
    "rule",
)


def _insert_lines(bonus_month: BonusMonth, proposals: list[engine.Proposal], teams: dict) -> None:
    """Every line of a month in batched INSERTs: a month of 10 000 agents is written well under the 2 s the
    issue allows on SQLite (the ORM's bulk_create spends most of that building model instances). The values
    are the model's: Decimals as they are, the rule through the backend's JSON adapter."""
    from django.db import connection

    adapt_json = connection.ops.adapt_json_value
    table = connection.ops.quote_name(BonusLine._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in LINE_COLUMNS)
    marks = ", ".join(["%s"] * len(LINE_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound
    rows = [
        (
            bonus_month.pk,
            p.employee_id,
            p.level_code,
            teams.get(p.employee_id),
            p.status,
            p.base.quantize(engine.CENT),
            p.coefficient,
            p.proration,
            p.cap,
            p.proposal.quantize(engine.PROPOSAL_STORED),
            Decimal("0.00"),
            "",
            p.amount,
            adapt_json(p.rule, None),
        )
        for p in proposals
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[i : i + 2000])


def _exact_proposal(line: BonusLine) -> Decimal:
    """The proposal recomputed from the line's figures (never from its stored, shortened copy), so that the
    amount is rounded exactly once."""
    if line.status == engine.HELD:
        return Decimal(0)
    days, dim = int(line.rule.get("days", 1)), int(line.rule.get("days_in_month", 1))
    value, _capped = engine.exact_proposal(line.base, line.coefficient, days, dim, line.cap)
    return value


@transaction.atomic
def bonus_line_adjust(*, actor: Actor, line: BonusLine, adjustment: Decimal, reason: str) -> BonusLine:
    """HR's adjustment of one line of a proposed month: within ± the policy's percentage of the proposal,
    never above the cap nor below zero, always with a reason. The amount is then rounded once."""
    _require_hr(actor)
    line = BonusLine.objects.select_for_update().select_related("bonus_month", "employee").get(pk=line.pk)
    bonus_month = line.bonus_month
    if bonus_month.state == BonusMonth.State.APPROVED:
        raise err.BonusMonthFrozen(month=bonus_month.month)
    reason = (reason or "").strip()
    if not reason:
        raise err.PayInvalid(err.REASON_REQUIRED)
    pay = policy_parsed(bonus_month.policy_version).performance_pay
    try:
        amount = engine.adjusted_amount(
            proposal=_exact_proposal(line),
            cap=line.cap,
            adjustment=adjustment,
            adjustment_percent=pay.adjustment_percent,
            rounding=bonus_month.rounding,
            held=line.status == engine.HELD,
        )
    except engine.AdjustmentRefused as exc:
        # the range shown is the one HR can type: whole cents inside the exact bounds
        values = dict(exc.values)
        for key, mode in (("low", ROUND_CEILING), ("high", ROUND_FLOOR), ("cap", ROUND_FLOOR)):
            if key in values:
                values[key] = values[key].quantize(engine.CENT, rounding=mode)
        raise err.PayInvalid(err.ADJUSTMENT_MESSAGES[exc.code], **values) from None
    before = {"adjustment": str(line.adjustment), "amount": str(line.amount)}
    line.adjustment = adjustment
    line.adjustment_reason = reason[:2000]
    line.adjusted_by = actor.user
    line.adjusted_at = timezone.now()
    line.amount = amount
    line.save(update_fields=["adjustment", "adjustment_reason", "adjusted_by", "adjusted_at", "amount"])
    audit_record(
        actor=actor,
        action="recognition.bonus_adjust",
        employee=line.employee,
        obj=line,
        before=before,
        after={"month": bonus_month.month, "adjustment": str(adjustment), "amount": str(amount)},
        reason=line.adjustment_reason,
    )
    return line


@transaction.atomic
def bonus_month_approve(*, actor: Actor, bonus_month: BonusMonth) -> BonusMonth:
    """HR approves a proposed month: its lines are then frozen and it can be exported for payroll."""
    _require_hr(actor)
    locked = BonusMonth.objects.select_for_update().get(pk=bonus_month.pk)
    if locked.state == BonusMonth.State.APPROVED:
        raise err.BonusMonthFrozen(month=locked.month)
    lines = locked.lines.count()
    if not lines:
        raise err.PayInvalid(err.NO_LINES, month=locked.month)
    locked.state = BonusMonth.State.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = actor.user
    locked.save(update_fields=["state", "approved_at", "approved_by"])
    total = sum(locked.lines.values_list("amount", flat=True), Decimal(0))
    audit_record(
        actor=actor,
        action="recognition.bonus_approve",
        obj=locked,
        after={"month": locked.month, "lines": lines, "total": str(total)},
    )
    return locked


@transaction.atomic
def bonus_correction_create(
    *, actor: Actor, bonus_month: BonusMonth, employee: Employee, delta: Decimal, reason: str
) -> BonusCorrection:
    """A correction to an approved (frozen) month: `delta` (positive pays more, negative takes back) is paid
    as a delta line with its original month in the next month proposed (the earliest later month not yet
    approved, if one is proposed already)."""
    _require_hr(actor)
    bonus_month = BonusMonth.objects.get(pk=bonus_month.pk)
    if bonus_month.state != BonusMonth.State.APPROVED:
        raise err.PayInvalid(err.MONTH_NOT_APPROVED, month=bonus_month.month)
    if not bonus_month.lines.filter(employee=employee).exists():
        raise err.PayInvalid(err.NOT_IN_MONTH, person=employee.name, month=bonus_month.month)
    reason = (reason or "").strip()
    if not reason:
        raise err.PayInvalid(err.REASON_REQUIRED)
    if delta != delta.quantize(engine.CENT):
        raise err.PayInvalid(err.ADJUSTMENT_MESSAGES[engine.ADJUSTMENT_NOT_CENTS], adjustment=delta)
    if delta == 0:
        raise err.PayInvalid(err.CORRECTION_ZERO)
    settle = (
        BonusMonth.objects.filter(month__gt=bonus_month.month, state=BonusMonth.State.PROPOSED)
        .order_by("month")
        .first()
    )
    correction = BonusCorrection.objects.create(
        employee=employee,
        original=bonus_month,
        delta=delta,
        reason=reason[:2000],
        settled_in=settle,
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action="recognition.bonus_correct",
        employee=employee,
        obj=correction,
        after={
            "month": bonus_month.month,
            "delta": str(delta),
            "settled_in": settle.month if settle else "",
        },
        reason=correction.reason,
    )
    return correction
