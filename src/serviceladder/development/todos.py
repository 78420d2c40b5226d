"""Competency confirmations (the superior's rating of a skill assessment) a superior still owes, for the
to-do registry (registered in apps.py).

A confirmation is owed for a person when it is the only thing between them and a step: every other
condition of the transition is met today and the competency check has no rating yet (policy clause
`competency_confirmation`). It is owed by the person's team lead; by the department head for the teams of
their department that have no lead and for the team leads themselves. The people come from
accounts.scoping (a lead sees their teams, a head their department) and the decisions from the eligibility
engine, as on the eligibility pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceladder.accounts.roles import Role
from serviceladder.accounts.scoping import employees_with_performance_visible_to, user_employee, user_roles
from serviceladder.core.translatable import Message, names_of
from serviceladder.development.models import Rating
from serviceladder.ladder.models import Level
from serviceladder.org.models import LevelAssignment
from serviceladder.org.selectors import today
from serviceladder.policy.errors import NoPolicyInForce
from serviceladder.policy.selectors import policy_parsed, policy_version_in_force
from serviceladder.rules.clauses import INSUFFICIENT, PASS
from serviceladder.rules.periods import whole_months_between
from serviceladder.todos.registry import TodoItem

COMPETENCY_CONFIRMATION = "development.competency_confirmation"
KINDS = {COMPETENCY_CONFIRMATION: _("Competency confirmation")}
TITLE = _("Confirm {name}'s competencies for {level}")
DETAIL = _("Every other condition of the step is met.")
CLAUSE = "competency_confirmation"


def owed_scope(user) -> Q | None:
    """The people whose confirmations `user` owes (a Q over Employee), or None for nobody."""
    roles = user_roles(user)
    me = user_employee(user)
    if me is None:
        return None
    scope = Q(pk__in=[])
    if Role.TEAM_LEAD in roles:
        scope |= Q(team__lead=me)
    if Role.DEPARTMENT_HEAD in roles:  # a team without a lead, and the team leads themselves
        scope |= Q(team__department__head=me) & (Q(team__lead__isnull=True) | Q(team__lead=F("pk")))
    return None if scope == Q(pk__in=[]) else scope & ~Q(pk=me.pk)


def only_confirmation_missing(checks) -> bool:
    """Whether the competency confirmation is not rated yet and every other check of a decision passes."""
    found = [c for c in checks if c.clause == CLAUSE]
    if len(found) != 1 or found[0].status != INSUFFICIENT:
        return False
    return all(c.status == PASS for c in checks if c.clause != CLAUSE)


def current_stay(history: list[tuple[str, object]]) -> tuple[str, object] | None:
    """(level code, start of the unbroken stay in it) from (code, effective from) rows in date order."""
    if not history:
        return None
    code, start = history[-1]
    for earlier_code, earlier_start in reversed(history[:-1]):
        if earlier_code != code:
            break
        start = earlier_start
    return code, start


def _unconfirmed(histories: dict[str, list], policy, confirmed: set[tuple[str, str]], as_of) -> list[str]:
    """Numbers of the people with a step from their current level that asks for a confirmation they do not
    have yet and whose time in level is already enough for it: a cheap filter before the engine judges the
    rest of the step. `histories`: number → (level code, effective from) in date order; `confirmed`:
    (number, target level code) pairs already rated."""
    wanted: dict[str, list[tuple[str, int]]] = {}
    for t in policy.transitions:
        if t.conditions.competency_confirmation:
            wanted.setdefault(t.from_level, []).append((t.to_level, t.conditions.min_months_in_level))
    out = []
    for number, history in histories.items():
        stay = current_stay(history)
        if stay is None:
            continue
        months = whole_months_between(stay[1], as_of)
        if any((number, to) not in confirmed and months >= need for to, need in wanted.get(stay[0], [])):
            out.append(number)
    return out


def competency_todos(user) -> list[TodoItem]:
    """One item per person and step whose only unmet condition is the confirmation `user` owes."""
    from serviceladder.eligibility.loading import eligibility_report

    if not user_roles(user) & {Role.TEAM_LEAD, Role.DEPARTMENT_HEAD}:
        return []
    scope = owed_scope(user)
    if scope is None:
        return []
    as_of = today()
    try:
        policy = policy_parsed(policy_version_in_force(as_of))
    except NoPolicyInForce:
        return []
    numbers = list(employees_with_performance_visible_to(user).filter(scope).values_list("number", flat=True))
    if not numbers:
        return []
    histories: dict[str, list] = {n: [] for n in numbers}
    for number, code, start in (
        LevelAssignment.objects.filter(employee__number__in=numbers, effective_from__lte=as_of)
        .order_by("effective_from", "pk")
        .values_list("employee__number", "level__code", "effective_from")
    ):
        histories[number].append((code, start))
    confirmed = set(
        Rating.objects.filter(
            assessment__employee__number__in=numbers, group=Rating.Group.SUPERIOR
        ).values_list("assessment__employee__number", "assessment__target_level_code")
    )
    numbers = _unconfirmed(histories, policy, confirmed, as_of)
    if not numbers:
        return []
    report = eligibility_report(user, as_of=as_of, numbers=numbers)
    owed = [d for d in report.decisions if only_confirmation_missing(d.checks)]
    levels = {lv.code: lv for lv in Level.objects.filter(code__in={d.to_level for d in owed})}
    items = []
    for d in owed:
        person = report.people[d.employee]
        level = levels.get(d.to_level)
        url = reverse("assessment_rate", args=[person.number, "superior"])
        items.append(
            TodoItem(
                kind=COMPETENCY_CONFIRMATION,
                title=Message(TITLE, name=person.name, level=names_of(level) if level else d.to_level),
                detail=DETAIL,
                url=f"{url}?{urlencode({'level': d.to_level})}",
                key=f"employee:{person.number}:{d.to_level}",
            )
        )
    return items
