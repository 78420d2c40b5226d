"""Tiered performance pay, the pure calculation (issue 15, item 3; seed 003 阶梯式绩效).

No Django, no float: every figure is a Decimal. One person's monthly bonus is computed in this order, which
the policy fixes and the tests pin:

1. base = `base_by_level[level held on the month's last day]`;
2. × coefficient — by the published star tier that pays in this month (`star_coefficients`) or by the
   performance-score band (`score_bands`, a band runs from its `from`, inclusive, up to the next band's);
3. × proration — calendar days employed in the month / days in the month (hired or left within it);
4. then the cap (`cap`, when set);
5. then HR's adjustment (within ± `adjustment_percent` % of the proposal, never above the cap, never
   below zero);
6. then ONE rounding to 0.01 with the policy's rule (ROUND_HALF_UP unless it says otherwise).

Without a tier or a score for the month the policy's `insufficient_data` decides: `zero` (amount 0),
`base` (coefficient 1) or `hold` (status held, amount 0, shown as held). Every line carries `rule`, a JSON
dict of the figures that produced it, so the product can explain it in either language.

`policy` arguments are the `performance_pay:` section (policy.schema.PerformancePay) or anything with the
same attributes; this module never imports it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
SCORE_STEP = Decimal("0.0001")
PRORATION_SHOWN = Decimal("0.000001")
PROPOSAL_STORED = Decimal("0.000001")

# statuses of a line (recognition.models.BonusLine.Status)
PROPOSED = "proposed"
INSUFFICIENT = "insufficient_data"
HELD = "held"

# why data was missing (rule["missing"])
NO_STARS = "no_stars"
NO_SCORE = "no_score"

# errors of an adjustment (codes; recognition.pay_errors turns them into messages)
ADJUSTMENT_TOO_LARGE = "adjustment_too_large"
ADJUSTMENT_ABOVE_CAP = "adjustment_above_cap"
ADJUSTMENT_BELOW_ZERO = "adjustment_below_zero"
ADJUSTMENT_NOT_CENTS = "adjustment_not_cents"
ADJUSTMENT_ON_HELD = "adjustment_on_held"


class AdjustmentRefused(ValueError):
    """An adjustment outside the policy's bounds: `code` says which bound, `values` the figures."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values
        super().__init__(code)


@dataclass(frozen=True)
class PayInput:
    """What the calculation needs about one person for one month (plain values, loaded elsewhere)."""

    employee_id: int
    level_code: str
    hire_date: dt.date
    leave_date: dt.date | None = None
    stars: int | None = None  # the published tier paying in this month, None when there is none
    star_period: str = ""  # its period code ("2026-11", "2026Q4")
    score: Decimal | None = None  # the performance score of the month, None when there is none


@dataclass(frozen=True)
class Proposal:
    employee_id: int
    level_code: str
    status: str
    base: Decimal
    coefficient: Decimal
    proration: Decimal  # shown to 6 places; the amount uses the exact days / days-in-month
    cap: Decimal | None
    proposal: Decimal  # after the cap, before the adjustment, unrounded (exact to 28 digits)
    amount: Decimal  # rounded once, with no adjustment
    rule: dict = field(default_factory=dict)


def month_days(month: str) -> tuple[dt.date, dt.date]:
    """('YYYY-MM') → (first day, last day)."""
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def days_employed(month: str, hire_date: dt.date, leave_date: dt.date | None) -> tuple[int, int]:
    """(calendar days employed in the month, days in the month): from the hire date (inclusive) to the
    leave date (the last day employed, inclusive)."""
    first, last = month_days(month)
    start = max(first, hire_date)
    end = last if leave_date is None else min(last, leave_date)
    days = (end - start).days + 1 if end >= start else 0
    return days, (last - first).days + 1


def quarter_of(month: str) -> str:
    """'2026-11' → '2026Q4'."""
    return f"{month[:4]}Q{(int(month[5:7]) - 1) // 3 + 1}"


def star_period_paying(month: str, *, period: str, quarter_tier_months: str) -> str:
    """The star period whose published tier pays in `month`: the month itself for monthly ratings; for
    quarterly ones the quarter containing it (`same_quarter`) or the quarter before it (`next_quarter`: a
    quarter's tier pays in each month of the quarter after it)."""
    if period == "month":
        return month
    if quarter_tier_months == "same_quarter":
        return quarter_of(month)
    year, q = int(month[:4]), (int(month[5:7]) - 1) // 3 + 1
    year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return f"{year}Q{q}"


def band_for(bands, score: Decimal):
    """The score band a score falls in: the last band whose `from_score` ≤ score (edges inclusive at the
    lower end); None below the first band. `bands` ascending by `from_score`."""
    found = None
    for band in bands:
        if score >= band.from_score:
            found = band
        else:
            break
    return found


def exact_proposal(
    base: Decimal, coefficient: Decimal, days: int, days_in_month: int, cap: Decimal | None
) -> tuple[Decimal, bool]:
    """(base × coefficient × days / days in month, capped; whether the cap applied), unrounded."""
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        value = base * coefficient * Decimal(days) / Decimal(days_in_month)
    if cap is not None and value > cap:
        return cap, True
    return value, False


def round_amount(value: Decimal, rounding: str) -> Decimal:
    """The one rounding, to 0.01, with the policy's rule (a decimal module constant name)."""
    return value.quantize(CENT, rounding=getattr(decimal, rounding))


def propose(policy, month: str, person: PayInput) -> Proposal:
    """One person's proposal for `month`. The person's level must be in `base_by_level`."""
    base = Decimal(policy.base_by_level[person.level_code])
    cap = None if policy.cap is None else Decimal(policy.cap)
    if policy.proration == "none":
        days, dim = month_days(month)[1].day, month_days(month)[1].day
    else:
        days, dim = days_employed(month, person.hire_date, person.leave_date)
    rule: dict[str, Any] = {
        "basis": policy.basis,
        "level": person.level_code,
        "base": str(base),
        "days": days,
        "days_in_month": dim,
        "proration_method": policy.proration,
        "cap": None if cap is None else str(cap),
        "rounding": policy.rounding,
    }
    coefficient: Decimal | None = None
    if policy.basis == "stars":
        if person.stars is not None and person.stars in policy.star_coefficients:
            coefficient = Decimal(policy.star_coefficients[person.stars])
            rule.update(stars=person.stars, star_period=person.star_period)
        else:
            rule["missing"] = NO_STARS
            rule["star_period"] = person.star_period
    else:
        if person.score is not None:
            score = person.score.quantize(SCORE_STEP, rounding=decimal.ROUND_HALF_UP)
            band = band_for(policy.score_bands, score)
            rule["score"] = str(score)
            if band is not None:
                coefficient = Decimal(band.coefficient)
                rule["band_from"] = str(band.from_score)
            else:
                rule["missing"] = NO_SCORE
        else:
            rule["missing"] = NO_SCORE
    status = PROPOSED
    if coefficient is None:
        rule["treatment"] = policy.insufficient_data
        if policy.insufficient_data == "base":
            coefficient, status = ONE, INSUFFICIENT
        elif policy.insufficient_data == "zero":
            coefficient, status = ZERO, INSUFFICIENT
        else:
            coefficient, status = ZERO, HELD
    rule["coefficient"] = str(coefficient)
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        proration = (Decimal(days) / Decimal(dim)).quantize(PRORATION_SHOWN, rounding=decimal.ROUND_HALF_UP)
    if status == HELD:
        value, capped = ZERO, False
    else:
        value, capped = exact_proposal(base, coefficient, days, dim, cap)
    rule["capped"] = capped
    amount = round_amount(value, policy.rounding)
    rule["amount"] = str(amount)
    return Proposal(
        employee_id=person.employee_id,
        level_code=person.level_code,
        status=status,
        base=base,
        coefficient=coefficient,
        proration=proration,
        cap=cap,
        proposal=value,
        amount=amount,
        rule=rule,
    )


def adjustment_bounds(
    proposal: Decimal, cap: Decimal | None, adjustment_percent: Decimal
) -> tuple[Decimal, Decimal]:
    """(lowest, highest) adjustment allowed: ± `adjustment_percent` % of the proposal, never taking the
    amount above the cap nor below zero. Exact (unrounded) bounds."""
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        span = proposal * Decimal(adjustment_percent) / HUNDRED
        low = -min(span, proposal)
        high = span if cap is None else min(span, cap - proposal)
    return low, max(high, low)


def adjusted_amount(
    *,
    proposal: Decimal,
    cap: Decimal | None,
    adjustment: Decimal,
    adjustment_percent: Decimal,
    rounding: str,
    held: bool = False,
) -> Decimal:
    """The amount after HR's adjustment, rounded once; AdjustmentRefused outside the bounds. An adjustment
    is in whole cents (it is money HR types)."""
    if adjustment != adjustment.quantize(CENT):
        raise AdjustmentRefused(ADJUSTMENT_NOT_CENTS, adjustment=adjustment)
    if held and adjustment != 0:
        raise AdjustmentRefused(ADJUSTMENT_ON_HELD, adjustment=adjustment)
    low, high = adjustment_bounds(proposal, cap, adjustment_percent)
    if not low <= adjustment <= high:
        raise AdjustmentRefused(
            ADJUSTMENT_TOO_LARGE,
            adjustment=adjustment,
            percent=adjustment_percent,
            low=low,
            high=high,
            proposal=proposal,
        )
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        total = proposal + adjustment
    # the bounds keep the amount within [0, cap]; checked again so that no path can pass either
    if cap is not None and total > cap:
        raise AdjustmentRefused(ADJUSTMENT_ABOVE_CAP, adjustment=adjustment, cap=cap, proposal=proposal)
    if total < 0:
        raise AdjustmentRefused(ADJUSTMENT_BELOW_ZERO, adjustment=adjustment, proposal=proposal)
    return round_amount(total, rounding)


def propose_many(policy, month: str, people) -> list[Proposal]:
    """Proposals for everyone in `people` whose level has a base (others get none)."""
    bases = policy.base_by_level
    return [propose(policy, month, p) for p in people if p.level_code in bases]
