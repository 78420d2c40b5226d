"""Readers of wellbeing cases (issue 16 item 3), already scoped through accounts.scoping: a case is read by
the person's lead and head and by HR, never by the person themselves."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import (
    can_see_wellbeing_case,
    employees_with_wellbeing_cases_visible_to,
)
from serviceladder.org.models import Employee
from serviceladder.rules.goals import check_from_explanation
from serviceladder.wellbeing.errors_cases import CaseNotFound
from serviceladder.wellbeing.models import Case, CaseAction, WellbeingAssessment
from serviceladder.wellbeing.models.assessment import Risk


def latest_assessment(employee: Employee) -> WellbeingAssessment | None:
    """The person's assessment of the latest month judged (None before the first scan)."""
    return WellbeingAssessment.objects.filter(employee=employee).order_by("-month").first()


def latest_assessments(people: QuerySet[Employee]) -> QuerySet[WellbeingAssessment]:
    """The latest assessment of each of `people` (one row per person who has one)."""
    newest = WellbeingAssessment.objects.filter(employee=OuterRef("employee")).order_by("-month")
    return WellbeingAssessment.objects.filter(employee__in=people, pk=Subquery(newest.values("pk")[:1]))


def fired_signals(assessment: WellbeingAssessment | None, codes=None) -> list[dict]:
    """The signals of `assessment` that fired (only `codes` when given), in the policy's order, each with the
    kernel's check to render: {"signal", "kind", "level", "check"}."""
    if assessment is None:
        return []
    wanted = set(assessment.fired if codes is None else codes)
    out = []
    for stored in assessment.signals or []:
        code = stored.get("signal")
        if code not in wanted or stored.get("status") != "pass":
            continue
        out.append(
            {
                "signal": code,
                "kind": stored.get("kind", ""),
                "level": stored.get("level", ""),
                "check": check_from_explanation(stored),
            }
        )
    return out


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "employee__team__lead", "employee__team__department__head", "assessment", "development_plan"
    )


def case_get(user, case_id) -> Case:
    """One case the reader may see; "not found" otherwise (the same to the caller)."""
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise CaseNotFound() from None
    case = _cases().filter(pk=pk, employee__in=employees_with_wellbeing_cases_visible_to(user)).first()
    if case is None:
        raise CaseNotFound()
    return case


def cases_visible_to(user) -> QuerySet[Case]:
    return _cases().filter(employee__in=employees_with_wellbeing_cases_visible_to(user))


def cases_of(user, employee: Employee) -> QuerySet[Case]:
    """A person's cases, newest first, for a reader who may see them (else none)."""
    if not can_see_wellbeing_case(user, employee):
        return Case.objects.none()
    return _cases().filter(employee=employee)


def open_case_of(employee: Employee) -> Case | None:
    return Case.objects.filter(employee=employee, state=Case.State.OPEN).first()


def case_actions(case: Case) -> list[CaseAction]:
    return list(case.actions.select_related("owner", "activity", "created_by"))


def overdue_actions(user, today) -> QuerySet[CaseAction]:
    """Actions of open cases in the reader's scope past their due date and not done."""
    return (
        CaseAction.objects.filter(
            case__in=cases_visible_to(user).filter(state=Case.State.OPEN),
            done_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("case__employee", "owner")
        .order_by("due_on", "pk")
    )


def owner_choices(employee: Employee) -> list:
    """Who may own an action of the person's case: their team lead, their department head, anyone in HR
    (active logins) — never the person themselves."""
    user_model = get_user_model()
    wanted = Q(is_active=True, role_grants__role=Role.HR)
    team = employee.team
    if team is not None:
        for boss in (team.lead, team.department.head):
            if boss is not None and boss.user_id is not None and boss.pk != employee.pk:
                wanted |= Q(pk=boss.user_id, is_active=True)
    qs = user_model.objects.filter(wanted).distinct().order_by("username")
    if employee.user_id is not None:
        qs = qs.exclude(pk=employee.user_id)
    return list(qs)


def people_needing_a_case(people: QuerySet[Employee]) -> list[WellbeingAssessment]:
    """The latest assessment of each of `people` whose risk is "act" and who have no open case and no case
    answering that very assessment (a case closed on it is not asked for again)."""
    rows = (
        latest_assessments(people)
        .filter(risk=Risk.ACT)
        .exclude(employee__wellbeing_cases__state=Case.State.OPEN)
        .exclude(cases__isnull=False)
        .select_related("employee")
        .order_by("employee__name", "employee_id")
    )
    return list(rows)
