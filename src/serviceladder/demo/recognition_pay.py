"""Performance pay for the demo (issue 15, item 3): the month before last proposed, a few lines adjusted by
HR with their reasons, approved (so the agents see their bonus), one correction to it; last month proposed
and waiting for HR's approval (on HR's home page), carrying that correction as a delta line.

Proposals go through the services, under the demo policy (cn-standard: base by level × coefficient by the
published monthly star tier, held when no tier is published). The star periods come from
demo/recognition_stars.py when it ran first; without published periods every line is held, as the policy's
`insufficient_data: hold` says, and the demo still works.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from serviceladder.audit.services import Actor
from serviceladder.core.errors import DomainError
from serviceladder.demo.specs import DemoOrganisation
from serviceladder.org.models import Employee
from serviceladder.recognition.models import BonusLine
from serviceladder.recognition.services import pay as services

REASONS = [
    "季度重点项目表现突出，额外奖励",
    "客户书面表扬两次",
    "当月两次迟到，按制度扣减",
    "协助新人带教，额外奖励",
]


def _month_before(day: dt.date, months: int) -> str:
    index = day.year * 12 + day.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def demo_pay_load(org: DemoOrganisation) -> dict[str, str]:
    """Write the demo's approved and proposed bonus months; returns {month: state}."""
    rng = random.Random(f"serviceladder-demo:{org.seed}:pay")
    login_of = {login.username: login.employee for login in org.logins}
    hr_number = login_of.get("hr")
    hr_user = Employee.objects.select_related("user").get(number=hr_number).user if hr_number else None
    if hr_user is None:
        return {}
    actor = Actor(user=hr_user, channel="system")
    approved_month, proposed_month = _month_before(org.today, 2), _month_before(org.today, 1)
    try:
        approved = services.bonus_month_propose(actor=actor, month=approved_month, on=org.today)
    except DomainError:  # performance pay switched off in the demo policy
        return {}
    lines = list(approved.lines.exclude(status=BonusLine.Status.HELD).select_related("employee"))
    agent = login_of.get("agent")
    chosen = [x for x in lines if x.employee.number == agent] + rng.sample(lines, min(3, len(lines)))
    for line in dict.fromkeys(chosen):
        # an adjustment within the policy's bounds: a tenth of the proposal, up or down, in whole yuan
        step = (line.proposal / 10).quantize(Decimal("1"))
        if step <= 0:
            continue
        reason = rng.choice(REASONS)
        delta = -step if "扣减" in reason else step
        try:
            services.bonus_line_adjust(actor=actor, line=line, adjustment=delta, reason=reason)
        except DomainError:  # above the cap: leave it
            continue
    services.bonus_month_approve(actor=actor, bonus_month=approved)
    corrected = next(
        (x for x in approved.lines.select_related("employee").order_by("employee__number")), None
    )
    if corrected is not None:
        services.bonus_correction_create(
            actor=actor,
            bonus_month=approved,
            employee=corrected.employee,
            delta=Decimal("50.00"),
            reason="考勤数据更正，补发",
        )
    services.bonus_month_propose(actor=actor, month=proposed_month, on=org.today)
    return {approved_month: "approved", proposed_month: "proposed"}
