"""Reads of improvement plans (issue 15 item 5), already scoped: the person, their lead, their head and HR
(accounts.scoping); management and administrators see none. "Not found" and "not yours" look the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_review_improvement_plan,
    can_see_improvement_plan,
    employees_with_improvement_plans_visible_to,
    user_employee,
    user_roles,
)
from serviceladder.core.errors import NotFoundOrForbidden
from serviceladder.recognition.models import ImprovementPlan
from serviceladder.rules.explain import format_month, render_check
from serviceladder.rules.goals import check_from_explanation

State = ImprovementPlan.State
OPEN_STATES = (State.PROPOSED, State.ACTIVE, State.EXTENDED)
RUNNING_STATES = (State.ACTIVE, State.EXTENDED)


def _language() -> str:
    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


def plans_visible_to(user) -> QuerySet[ImprovementPlan]:
    return ImprovementPlan.objects.filter(
        employee__in=employees_with_improvement_plans_visible_to(user)
    ).select_related("employee__team__department", "lead_reviewed_by", "hr_reviewed_by", "outcome_by")


def access_improvement_plan(user, number: str, pk) -> ImprovementPlan:
    """The plan `pk` of the person `number`, if `user` may see it; otherwise NotFoundOrForbidden."""
    plan = (
        ImprovementPlan.objects.select_related(
            "employee__team__department",
            "employee__team__lead",
            "lead_reviewed_by",
            "hr_reviewed_by",
            "outcome_by",
        )
        .filter(pk=pk, employee__number=number)
        .first()
        if str(pk).isdigit()
        else None
    )
    if plan is None or not can_see_improvement_plan(user, plan.employee):
        raise NotFoundOrForbidden()
    return plan


def plans_of(user, employee) -> list[ImprovementPlan]:
    """The person's plans, newest first, if `user` may see them (else none)."""
    if not can_see_improvement_plan(user, employee):
        return []
    return list(ImprovementPlan.objects.filter(employee=employee).select_related("employee"))


# --- what waits for whom (the to-do registry and the landing) --------------------------------------------


def _led_scope(user) -> Q:
    """The plans of people this user may be the lead reviewer of (narrows the query; the exact rule is
    accounts.scoping.can_review_improvement_plan)."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is None:
        return Q(pk__in=[])
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(employee__team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:
        scope |= Q(employee__team__department__head=me)
    return scope & ~Q(employee=me)


def _nobody_above() -> Q:
    """People with neither a team lead nor a department head above them: HR gives the lead's review."""
    return Q(employee__team__isnull=True) | Q(
        employee__team__lead__isnull=True, employee__team__department__head__isnull=True
    )


def _as_lead(user, qs) -> list[ImprovementPlan]:
    scope = _led_scope(user)
    if Role.HR in user_roles(user):
        scope |= _nobody_above()
    return [p for p in qs.filter(scope) if can_review_improvement_plan(user, p.employee)]


def waiting_for_lead(user) -> list[ImprovementPlan]:
    if not user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR}:
        return []
    return _as_lead(user, plans_visible_to(user).filter(state=State.PROPOSED, lead_reviewed_at__isnull=True))


def waiting_for_hr(user) -> list[ImprovementPlan]:
    if Role.HR not in user_roles(user):
        return []
    me = user_employee(user)
    qs = (
        plans_visible_to(user)
        .filter(state=State.PROPOSED, lead_reviewed_at__isnull=False)
        .exclude(lead_reviewed_by=user)
    )
    if me is not None:
        qs = qs.exclude(employee=me)
    return list(qs)


def waiting_for_acknowledgment(user) -> list[ImprovementPlan]:
    me = user_employee(user)
    if me is None or not user_roles(user):
        return []
    return list(
        ImprovementPlan.objects.filter(
            employee=me, state__in=RUNNING_STATES, acknowledged_at__isnull=True
        ).select_related("employee")
    )


def outcome_due(user, today: dt.date) -> list[ImprovementPlan]:
    """Running plans whose end date has passed, for their lead."""
    if not user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.HR}:
        return []
    return _as_lead(user, plans_visible_to(user).filter(state__in=RUNNING_STATES, ends_on__lt=today))


# --- the evidence, in words -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceMonth:
    month: str
    pct: float | None
    group_size: int | None
    in_band: bool


def evidence_sentence(plan: ImprovementPlan) -> str:
    check = check_from_explanation(plan.evidence or {})
    return render_check(check, _language()) if check is not None else ""


def evidence_months(plan: ImprovementPlan) -> list[EvidenceMonth]:
    values = (plan.evidence or {}).get("values", {})
    bottom = float(values.get("bottom") or 0)
    out = []
    for month, pct, size in values.get("detail", []):
        out.append(
            EvidenceMonth(
                month=format_month(month, _language()),
                pct=pct,
                group_size=size,
                in_band=pct is not None and round(pct, 9) > round(100.0 - bottom, 9),
            )
        )
    return out


def plan_url(plan: ImprovementPlan) -> str:
    """Where a plan is read (its page under the person), for notifications and to-dos."""
    return reverse("improvement_plan", args=[plan.employee.number, plan.pk])
