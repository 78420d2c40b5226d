"""Competency confirmations a superior still owes: only for people whose every other condition is met, for
the lead of their team (the head where a team has no lead), gone once confirmed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from serviceladder.audit.services import Actor
from serviceladder.development.services.confirmations import competency_confirm
from serviceladder.development.todos import COMPETENCY_CONFIRMATION, current_stay, only_confirmation_missing
from serviceladder.org.models import Violation
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS, CheckResult
from serviceladder.todos.registry import items_for
from tests.promotions.conftest import PEOPLE, POLICY, build_org

pytestmark = pytest.mark.django_db

COMPETENCY_POLICY = (
    POLICY.replace(
        "trainings:\n",
        "competencies:\n  - {code: communication, name_zh: 沟通表达, name_en: Communication}\ntrainings:\n",
        1,
    )
    .replace(
        "        promotion_training: [basics, lead-skills]\n",
        "        promotion_training: [basics, lead-skills]\n        competencies: {communication: 3}\n",
    )
    .replace(
        "      min_months_in_level: 12\n      no_violations: {months: 12}\n",
        "      min_months_in_level: 12\n      no_violations: {months: 12}\n"
        "      competency_confirmation: true\n",
    )
)


@pytest.fixture
def org(db):
    assert (
        "competency_confirmation: true" in COMPETENCY_POLICY
        and "competencies: {communication: 3}" in COMPETENCY_POLICY
    )
    return build_org(policy=COMPETENCY_POLICY)


def owed(org, key):
    return [i.key for i in items_for(org.users[key]) if i.kind == COMPETENCY_CONFIRMATION]


def test_the_lead_owes_the_confirmation_of_members_whose_other_conditions_are_met(org):
    # Team a1 (lead: nominator): applicant and colleague, both L1 since 2021 with a clean record.
    assert owed(org, "nominator") == ["employee:P001:L2", "employee:P002:L2"]
    (first, _second) = [i for i in items_for(org.users["nominator"]) if i.kind == COMPETENCY_CONFIRMATION]
    assert first.url == reverse("assessment_rate", args=["P001", "superior"]) + "?level=L2"
    with translation.override("en"):
        assert str(first.title) == "Confirm lina-name's competencies for Level 2"
    # Team b1's member is its own lead's to confirm; nobody else owes anything.
    assert owed(org, "other_lead") == ["employee:P003:L2"]
    for key in PEOPLE:
        if key not in ("nominator", "other_lead"):
            assert owed(org, key) == [], key


def test_nothing_is_owed_for_someone_with_another_unmet_condition(org):
    Violation.objects.create(employee=org.employees["colleague"], date=dt.date.today(), kind="迟到")
    assert owed(org, "nominator") == ["employee:P001:L2"]


def test_a_confirmation_settles_it(org):
    competency_confirm(
        actor=Actor(user=org.users["nominator"]),
        employee=org.employees["applicant"],
        target_level_code="L2",
        ratings={"communication": 2},  # below the profile: rated, so no longer owed
    )
    assert owed(org, "nominator") == ["employee:P002:L2"]


def test_the_head_owes_it_for_a_team_without_a_lead(org):
    assert owed(org, "other_head") == []
    team = org.teams["b1"]
    team.lead = None
    team.save(update_fields=["lead"])
    assert owed(org, "other_head") == ["employee:P003:L2"]
    assert owed(org, "head") == [] and owed(org, "other_lead") == []


def _check(clause, status):
    return CheckResult(clause, status, None, None, (), None, "x", {})


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({"competency_confirmation": INSUFFICIENT, "min_months_in_level": PASS}, True),
        ({"competency_confirmation": INSUFFICIENT, "min_months_in_level": FAIL}, False),
        ({"competency_confirmation": INSUFFICIENT, "exam_score": INSUFFICIENT}, False),
        ({"competency_confirmation": FAIL, "min_months_in_level": PASS}, False),
        ({"competency_confirmation": PASS}, False),
        ({"min_months_in_level": PASS}, False),
    ],
)
def test_only_confirmation_missing(statuses, expected):
    assert only_confirmation_missing([_check(c, st) for c, st in statuses.items()]) is expected


def test_current_stay_starts_where_the_level_last_changed():
    d = dt.date
    assert current_stay([]) is None
    assert current_stay([("L1", d(2020, 1, 1)), ("L2", d(2022, 1, 1)), ("L2", d(2023, 1, 1))]) == (
        "L2",
        d(2022, 1, 1),
    )
    assert current_stay([("L2", d(2020, 1, 1)), ("L1", d(2022, 1, 1))]) == ("L1", d(2022, 1, 1))
