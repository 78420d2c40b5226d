"""The peer round: the lead chooses up to max_peers colleagues with a closing date; each answers once,
anonymously; the average is computed once at closing and only from min_answers answers; a late answer is
refused; nothing anywhere shows who rated what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.development import errors
from serviceladder.development.models import Assessment, PeerInvitation, Rating
from serviceladder.development.services.assessments import (
    assessment_rate,
    assessment_rounds_close,
    peer_answer,
    peer_average,
    peer_round_open,
)
from serviceladder.development.todos_assessments import PEER_RATING
from serviceladder.todos.registry import items_for
from tests.development.assessment_setup import L2_GOOD, PEER_NAMES, PEERS, WEB_POLICY, add_peers, load_policy

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def peers(org):
    load_policy(org)
    return add_peers(org)


def _open(org, numbers, role="team_lead", closes_on=None, number="E2004"):
    return peer_round_open(
        actor=Actor(user=org.users[role]),
        employee=org.employees[number],
        target_level_code="L2",
        peer_numbers=numbers,
        closes_on=closes_on,
    )


def _answer(users, number, assessment, scores=L2_GOOD, today=None):
    token = PeerInvitation.objects.get(assessment=assessment, peer__number=number).token
    peer_answer(actor=Actor(user=users[number]), token=token, scores=scores, today=today)


def _nothing_written():
    assert not Assessment.objects.exists() and not PeerInvitation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assessment.").exists()


def test_the_lead_opens_a_round_closing_after_round_days_by_default(org, peers):
    assessment = _open(org, PEERS[:3])
    assert assessment.peer_closes_on == TODAY + dt.timedelta(days=14)
    assert sorted(PeerInvitation.objects.values_list("peer__number", flat=True)) == PEERS[:3]
    event = AuditEvent.objects.get(action="assessment.peer_round_open")
    assert event.after["peers"] == 3 and "E3101" not in str(event.after)


@pytest.mark.parametrize(
    ("numbers", "closes_in", "message"),
    [
        ([], None, errors.NO_PEERS),
        (PEERS, None, errors.TOO_MANY_PEERS),  # six > max_peers 5
        (["E2004", "E3101"], None, errors.PEER_IS_PERSON),
        (["E2002", "E3101"], None, errors.PEER_IS_CHOOSER),
        (["E3101", "E2006"], None, errors.PEER_UNKNOWN),  # another department
        (["E3101", "E2005"], None, errors.PEER_UNKNOWN),  # another team: the lead does not see them
        (["E3101"], 0, errors.PEER_CLOSING_DATE),
        (["E3101"], -3, errors.PEER_CLOSING_DATE),
        (["E3101"], 61, errors.PEER_CLOSING_DATE),
    ],
)
def test_every_invalid_round_is_refused_and_nothing_written(org, peers, numbers, closes_in, message):
    closes_on = None if closes_in is None else TODAY + dt.timedelta(days=closes_in)
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _open(org, numbers, closes_on=closes_on)
    assert exc.value.message == message
    _nothing_written()


@pytest.mark.parametrize("role", ["agent", "department_head", "management", "admin"])
def test_only_the_lead_or_hr_chooses_peers(org, peers, role):
    # the head leads development only for a team without a lead; team a1 has one
    with pytest.raises(errors.AssessmentNotAllowed) as exc:
        _open(org, PEERS[:3], role=role)
    assert exc.value.message == errors.CANNOT_CHOOSE_PEERS
    _nothing_written()


def test_no_round_when_the_policy_does_not_use_peer_rating(org):
    load_policy(org, text=WEB_POLICY)
    add_peers(org)
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _open(org, PEERS[:3])
    assert exc.value.message == errors.PEER_RATING_OFF
    _nothing_written()


def test_a_peer_answers_once_anonymously_and_enough_answers_give_an_average_at_closing(org, peers):
    assessment = _open(org, PEERS[:4], closes_on=TODAY + dt.timedelta(days=3))
    _answer(peers, "E3101", assessment, {"communication": 2, "coaching": 2})
    _answer(peers, "E3102", assessment, {"communication": 3, "coaching": 2})
    _answer(peers, "E3103", assessment, {"communication": 3, "coaching": 3})
    stored = Rating.objects.filter(group="peer")
    assert stored.count() == 3
    assert (
        not stored.filter(rated_by__isnull=False).exists()
        and not stored.filter(rated_at__isnull=False).exists()
    )
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _answer(peers, "E3101", assessment)
    assert exc.value.message == errors.ALREADY_ANSWERED
    # nothing before the closing date, even with enough answers
    assert assessment_rounds_close(TODAY + dt.timedelta(days=3)) == 0
    assessment.refresh_from_db()
    assert assessment.peer_average == {}
    assert assessment_rounds_close(TODAY + dt.timedelta(days=4)) == 1
    assessment.refresh_from_db()
    assert assessment.peer_average == {"communication": "2.7", "coaching": "2.3"}
    assert assessment.peer_answers == 3 and assessment.peer_closed_at is not None
    assert not Rating.objects.filter(group="peer").exists()  # the single answers are gone
    assert assessment_rounds_close(TODAY + dt.timedelta(days=5)) == 0  # closes once
    # a late answer is refused and cannot move the shown average
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _answer(
            peers,
            "E3104",
            assessment,
            {"communication": 5, "coaching": 5},
            today=TODAY + dt.timedelta(days=4),
        )
    assert exc.value.message == errors.ROUND_CLOSED
    assessment.refresh_from_db()
    assert assessment.peer_average == {"communication": "2.7", "coaching": "2.3"}


def test_an_answer_after_the_closing_date_is_refused_even_before_the_job_ran(org, peers):
    assessment = _open(org, PEERS[:3], closes_on=TODAY + dt.timedelta(days=2))
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _answer(peers, "E3101", assessment, today=TODAY + dt.timedelta(days=3))
    assert exc.value.message == errors.ROUND_CLOSED
    assert not Rating.objects.filter(group="peer").exists()
    assert not PeerInvitation.objects.filter(answered=True).exists()


def test_fewer_answers_than_min_answers_show_nothing_ever(org, peers, client_for):
    assessment = _open(org, PEERS[:3], closes_on=TODAY + dt.timedelta(days=1))
    _answer(peers, "E3101", assessment)
    _answer(peers, "E3102", assessment)
    assert assessment_rounds_close(TODAY + dt.timedelta(days=2)) == 1
    assessment.refresh_from_db()
    assert assessment.peer_average == {} and assessment.peer_answers is None
    assert not Rating.objects.filter(group="peer").exists()
    html = client_for("team_lead").get(reverse("person_development", args=["E2004"])).content.decode()
    assert "too few answers" in html and "Peers (average)" not in html


def test_only_an_invited_peer_may_answer(org, peers):
    assessment = _open(org, PEERS[:3])
    token = PeerInvitation.objects.get(assessment=assessment, peer__number="E3101").token
    for user in (peers["E3104"], org.users["team_lead"], org.users["hr"]):
        with pytest.raises(errors.AssessmentNotAllowed) as exc:
            peer_answer(actor=Actor(user=user), token=token, scores=L2_GOOD)
        assert exc.value.message == errors.NOT_INVITED
    assert not Rating.objects.filter(group="peer").exists()


def test_a_peer_answer_is_validated_and_nothing_written(org, peers):
    assessment = _open(org, PEERS[:3])
    with pytest.raises(errors.AssessmentInvalid) as exc:
        _answer(peers, "E3101", assessment, {"communication": 3})
    assert exc.value.message == errors.RATINGS_INCOMPLETE
    assert not Rating.objects.filter(group="peer").exists()
    assert not PeerInvitation.objects.filter(answered=True).exists()


def test_the_database_refuses_a_peer_rating_with_an_author(org, peers):
    assessment = _open(org, PEERS[:3])
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(assessment=assessment, group="peer", scores=L2_GOOD, rated_by=peers["E3101"])


def test_a_second_round_for_the_same_step_opens_a_new_assessment(org, peers):
    first = _open(org, PEERS[:3])
    second = _open(org, PEERS[2:5])
    assert first.pk != second.pk


def test_the_invited_peer_has_a_to_do_until_they_answer(org, peers):
    assessment = _open(org, PEERS[:3])
    items = [i for i in items_for(peers["E3101"]) if i.kind == PEER_RATING]
    assert len(items) == 1 and items[0].url.startswith("/development/peer/")
    assert [i for i in items_for(peers["E3104"]) if i.kind == PEER_RATING] == []
    _answer(peers, "E3101", assessment)
    assert [i for i in items_for(peers["E3101"]) if i.kind == PEER_RATING] == []


def test_peer_form_over_http_only_for_the_invited_peer(org, peers, client):
    assessment = _open(org, PEERS[:3], closes_on=TODAY + dt.timedelta(days=1))
    token = PeerInvitation.objects.get(assessment=assessment, peer__number="E3101").token
    url = reverse("peer_rating", args=[token])
    for user in (peers["E3102"], org.users["team_lead"], org.users["hr"], org.users["agent"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(peers["E3101"])
    html = client.get(url).content.decode()
    assert "Communication" in html and "Rate a colleague" in html
    # the peer sees only their form: not the person's development page
    assert client.get(reverse("person_development", args=["E2004"])).status_code == 404
    response = client.post(url, {"r:communication": "4", "r:coaching": "2"})
    assert response.status_code == 302
    assert PeerInvitation.objects.get(token=token).answered
    assert "already answered" in client.get(url).content.decode()
    response = client.post(url, {"r:communication": "1", "r:coaching": "1"})
    assert response.status_code == 400 and Rating.objects.filter(group="peer").count() == 1


def test_no_page_or_api_shows_peer_names_next_to_scores(org, peers, client_for, client):
    assessment = _open(org, PEERS[:4], closes_on=TODAY + dt.timedelta(days=1))
    for number in PEERS[:3]:
        _answer(peers, number, assessment)
    assessment_rate(
        actor=Actor(user=org.users["team_lead"]),
        employee=org.employees["E2004"],
        target_level_code="L2",
        group="superior",
        scores=L2_GOOD,
    )
    Assessment.objects.filter(pk=assessment.pk).update(peer_closes_on=TODAY - dt.timedelta(days=1))
    for role in ("team_lead", "department_head", "hr"):
        c = client_for(role)
        html = c.get(reverse("person_development", args=["E2004"])).content.decode()
        assert "Peers (average)" in html  # closed lazily on view, with enough answers
        body = c.get("/api/people/E2004/assessments").content.decode()
        assert '"peer_round": "shown"' in body and '"peer": 3.0' in body
        for text in (html, body):
            for number in PEERS:
                assert number not in text and PEER_NAMES[number] not in text, (role, number)


def test_peer_average_is_one_decimal_and_empty_below_the_minimum():
    assert peer_average([{"a": 1}, {"a": 2}], 3) == {}
    assert peer_average([{"a": 1}, {"a": 2}, {"a": 2}], 3) == {"a": "1.7"}
    assert peer_average([{"a": 5}] * 5, 5) == {"a": "5.0"}
