"""Performance pay's pending work for the to-do registry (registered in recognition/apps.py): for HR, last
month not yet proposed (while the policy in force on its last day switches performance pay on) and each
proposed month waiting for approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.scoping import can_manage_bonus
from serviceladder.core.translatable import Message
from serviceladder.org.selectors import today

PROPOSE = "recognition.bonus_propose"
APPROVE = "recognition.bonus_approve"
KINDS = {PROPOSE: _("Propose performance pay"), APPROVE: _("Approve performance pay")}
PROPOSE_TITLE = _("Propose the performance pay of {month}")
APPROVE_TITLE = _("Approve the performance pay of {month}")
APPROVE_DETAIL = _("{lines} lines proposed")


def pay_todos(user) -> list:
    from serviceladder.core.errors import DomainError
    from serviceladder.recognition.models import BonusMonth
    from serviceladder.recognition.selectors.pay import month_not_proposed
    from serviceladder.recognition.services.pay import pay_policy_for
    from serviceladder.todos.registry import TodoItem

    if not can_manage_bonus(user):
        return []
    items = []
    month = month_not_proposed(today())
    if month is not None:
        try:
            pay_policy_for(month)
        except DomainError:
            month = None
    if month is not None:
        items.append(
            TodoItem(
                kind=PROPOSE,
                title=Message(PROPOSE_TITLE, month=month),
                url=reverse("bonus_months"),
                key=f"bonus-propose:{month}",
            )
        )
    for bm in BonusMonth.objects.filter(state=BonusMonth.State.PROPOSED).order_by("month"):
        items.append(
            TodoItem(
                kind=APPROVE,
                title=Message(APPROVE_TITLE, month=bm.month),
                detail=Message(APPROVE_DETAIL, lines=bm.lines.count()),
                url=reverse("bonus_month", args=[bm.month]),
                since=bm.proposed_at.date(),
                key=f"bonus-approve:{bm.month}",
            )
        )
    return items
