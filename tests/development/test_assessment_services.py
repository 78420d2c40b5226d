"""Skill assessment services: who may rate, what a valid rating is (every error, nothing written on
failure), history (a re-rating opens a new assessment), and what eligibility reads."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development import errors
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.development.selectors.assessments import person_assessments
from serviceladder.development.selectors.confirmations import competency_ratings_as_of
from serviceladder.development.services.assessments import assessment_rate
from serviceladder.eligibility.loading import eligibility_report
from serviceladder.rules.clauses import FAIL, INSUFFICIENT, PASS
from tests.development.assessment_setup import L2_GOOD, PEER_POLICY, actor, load_policy

pytestmark = pytest.mark.django_db


def _rate(org, role, group, *, number="E2004", level="L2", scores=L2_GOOD, **kw):
    return assessment_rate(
        actor=actor(org, role),
        employee=org.employees[number],
        target_level_code=level,
        group=group,
        scores=scores,
        **kw,
    )


def _nothing_written():
    assert not Assessment.objects.exists()
    assert not Rating.objects.exists()
    assert not PeerInvitation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assessment.").exists()


def test_the_person_rates_themselves_with_evidence_and_it_is_audited(org):
    load_policy(org)
    from tests.factories import user_with_roles

    user = user_with_roles("zhangwei", "agent", employee=org.employees["E2004"])
    rating = assessment_rate(
        actor=Actor(user=user),
        employee=org.employees["E2004"],
        target_level_code="L2",
        group="self",
        scores={"communication": "4", "coaching": 2},
        evidence={"communication": "  带教两名新人  ", "coaching": ""},
    )
    assert rating.scores == {"communication": 4, "coaching": 2}
    assert rating.evidence == {"communication": "带教两名新人"}
    assert rating.rated_by == user and rating.group == "self"
    event = AuditEvent.objects.get(action="assessment.rate_self")
    assert event.employee == org.employees["E2004"] and event.after["ratings"] == {
        "communication": 4,
        "coaching": 2,
    }


@pytest.mark.parametrize("role", ["team_lead", "department_head", "hr", "management", "admin"])
def test_nobody_else_gives_the_self_rating(org, role):
    load_policy(org)
    with pytest.raises(errors.AssessmentNotAllowed) as exc:
        _rate(org, role, "self")
    assert exc.value.message == errors.CANNOT_RATE_SELF_FOR_OTHER
    _nothing_written()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("team_lead", True),
        ("department_head", True),
        ("hr", True),
        ("agent", False),
        ("management", False),
        ("admin", False),
    ],
)
def test_who_gives_the_superior_rating(org, role, allowed):
    load_policy(org)
    if allowed:
        assert _rate(org, role, "superior").rated_by == org.users[role]
        return
    with pytest.raises(errors.AssessmentNotAllowed) as exc:
        _rate(org, role, "superior")
    assert exc.value.message == errors.CANNOT_CONFIRM
    _nothing_written()


def test_nobody_rates_themselves_as_superior(org):
    load_policy(org)
    with pytest.raises(errors.AssessmentNotAllowed) as exc:
        _rate(org, "team_lead", "superior", number="E2002")
    assert exc.value.message == errors.CANNOT_CONFIRM_SELF
    _nothing_written()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scores": {"communication": 3}}, errors.RATINGS_INCOMPLETE),
        ({"scores": {"communication": 3, "coaching": ""}}, errors.RATINGS_INCOMPLETE),
        ({"scores": {**L2_GOOD, "leadership": 4}}, errors.RATINGS_UNKNOWN),
        ({"scores": {"communication": 0, "coaching": 2}}, errors.RATING_OUT_OF_RANGE),
        ({"scores": {"communication": 6, "coaching": 2}}, errors.RATING_OUT_OF_RANGE),
        ({"scores": {"communication": "3.5", "coaching": 2}}, errors.RATING_OUT_OF_RANGE),
        ({"scores": {"communication": True, "coaching": 2}}, errors.RATING_OUT_OF_RANGE),
        ({"scores": {"communication": "three", "coaching": 2}}, errors.RATING_OUT_OF_RANGE),
        ({"evidence": {"communication": "x" * 2001}}, errors.EVIDENCE_TOO_LONG),
        ({"evidence": {"leadership": "ok"}}, errors.EVIDENCE_UNKNOWN),
        ({"note": "y" * 2001}, errors.EVIDENCE_TOO_LONG),
        ({"level": "NOPE"}, errors.UNKNOWN_TARGET_LEVEL),
        (
            {"level": "L3", "scores": {"communication": 4, "coaching": 3}},
            errors.NOT_A_NEXT_STEP,
        ),  # E2004 holds L1
        ({"level": "L1", "scores": {"communication": 2}}, errors.NOT_A_NEXT_STEP),  # their own level
    ],
)
def test_every_invalid_rating_is_refused_and_nothing_written(org, kwargs, message):
    load_policy(org)
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _rate(org, "hr", "superior", **kwargs)
    assert exc.value.message == message
    _nothing_written()


def test_a_level_without_a_profile_is_refused(org):
    load_policy(org, text=PEER_POLICY.replace("        competencies: {communication: 3, coaching: 2}\n", ""))
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _rate(org, "hr", "superior")
    assert exc.value.message == errors.NO_PROFILE
    _nothing_written()


def test_without_a_policy_there_is_nothing_to_rate_against(org):
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _rate(org, "hr", "superior")
    assert exc.value.message == errors.NO_POLICY
    _nothing_written()


def test_self_and_superior_share_an_assessment_and_a_re_rating_opens_a_new_one(org):
    load_policy(org)
    from tests.factories import user_with_roles

    user = user_with_roles("zhangwei", "agent", employee=org.employees["E2004"])
    own = assessment_rate(
        actor=Actor(user=user),
        employee=org.employees["E2004"],
        target_level_code="L2",
        group="self",
        scores={"communication": 2, "coaching": 2},
    )
    first = _rate(org, "team_lead", "superior", scores={"communication": 2, "coaching": 1})
    assert first.assessment_id == own.assessment_id
    second = _rate(org, "team_lead", "superior", scores={"communication": 3, "coaching": 2})
    assert second.assessment_id != first.assessment_id
    data = person_assessments(org.users["team_lead"], org.employees["E2004"])
    rows = {r.code: r for r in data.latest[0].rows}
    assert rows["communication"].superior_gap == 0 and rows["coaching"].superior_gap == 0
    history = {row.code: row for row in data.history["L2"]}
    assert [p.superior_gap for p in history["communication"].points] == [1, 0]
    assert [p.superior_gap for p in history["coaching"].points] == [1, 0]
    assert [p.self_gap for p in history["coaching"].points] == [0, None]


def _clause(org, number, level):
    report = eligibility_report(org.users["hr"], as_of=dt.date.today(), numbers=[number])
    (decision,) = [d for d in report.decisions if d.to_level == level]
    (check,) = [c for c in decision.checks if c.clause == "competency_confirmation"]
    return check.status


def test_eligibility_reads_the_superior_rating_and_only_it(org):
    load_policy(org)
    from tests.factories import user_with_roles

    assert _clause(org, "E2004", "L2") == INSUFFICIENT
    user = user_with_roles("zhangwei", "agent", employee=org.employees["E2004"])
    assessment_rate(
        actor=Actor(user=user),
        employee=org.employees["E2004"],
        target_level_code="L2",
        group="self",
        scores={"communication": 5, "coaching": 5},
    )
    assert _clause(org, "E2004", "L2") == INSUFFICIENT  # a self-rating confirms nothing
    _rate(org, "team_lead", "superior", scores={"communication": 3, "coaching": 1})
    assert _clause(org, "E2004", "L2") == FAIL
    _rate(org, "team_lead", "superior", scores={"communication": 3, "coaching": 2})
    assert _clause(org, "E2004", "L2") == PASS


def test_ratings_as_of_a_date_read_the_latest_superior_rating_given_by_then(org):
    load_policy(org)
    old = _rate(
        org, "hr", "superior", scores={"communication": 3, "coaching": 2}, rated_on=dt.date(2024, 6, 3)
    )
    _rate(org, "hr", "superior", scores={"communication": 3, "coaching": 1})
    emp = org.employees["E2004"].pk
    assert old.rated_at.date() == dt.date(2024, 6, 3)
    assert competency_ratings_as_of([emp], dt.date(2024, 6, 2)) == {}
    assert competency_ratings_as_of([emp], dt.date(2024, 6, 3))[emp] == {
        "L2": {"communication": 3, "coaching": 2}
    }
    assert competency_ratings_as_of([emp], dt.date.today())[emp] == {
        "L2": {"communication": 3, "coaching": 1}
    }
