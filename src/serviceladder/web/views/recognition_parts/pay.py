"""The pay section of a person's recognition page (issue 15, item 3): their bonus of each approved month
with the rule that produced it explained, and corrections to those months. The person sees it once HR
approved the month; HR and management see anyone's; nobody else (recognition.selectors.pay). The landing
block: the months for HR and management, the person's latest approved bonus for them."""

from __future__ import annotations

from serviceladder.accounts.scoping import can_manage_bonus, user_employee
from serviceladder.policy.selectors import policy_parsed
from serviceladder.recognition.models import BonusMonth
from serviceladder.recognition.pay_explain import explain
from serviceladder.recognition.selectors import pay as selectors
from serviceladder.web.views.recognition_parts import Part


def part(request, employee) -> Part | None:
    me = user_employee(request.user)
    if not (selectors.can_open_pay(request.user) or (me is not None and me.pk == employee.pk)):
        return None
    lines = selectors.own_lines(request.user, employee)
    if not lines and not BonusMonth.objects.exists():
        return None  # performance pay not in use: no empty section
    rows = [{"line": line, "explanation": explain(line)} for line in lines]
    return Part(
        "web/recognition/_pay_part.html",
        {"rows": rows, "corrections": selectors.own_corrections(request.user, employee), "e": employee},
    )


def landing(request) -> Part | None:
    user = request.user
    if selectors.can_open_pay(user):
        months = list(selectors.months_for(user).select_related("policy_version")[:3])
        for month in months:
            month.currency = policy_parsed(month.policy_version).currency
        return Part(
            "web/recognition/_pay_landing.html",
            {"months": months, "can_manage": can_manage_bonus(user), "staff": True},
        )
    me = user_employee(user)
    if me is None:
        return None
    lines = selectors.own_lines(user, me)
    if not lines:
        return None
    currency = policy_parsed(lines[0].bonus_month.policy_version).currency
    context = {"latest": lines[0], "me": me, "staff": False, "currency": currency}
    return Part("web/recognition/_pay_landing.html", context)
