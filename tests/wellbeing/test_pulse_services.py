"""The pulse's writers: scheduling from the policy, opening and closing by hand and by the daily step,
answering once (anonymous or shared), revoking a share, and what is (not) stored about the person."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.wellbeing.errors_pulse import (
    ALREADY_ANSWERED,
    ALREADY_SCHEDULED,
    ANOTHER_OPEN,
    BAD_ANSWER,
    BAD_MONTH,
    CANNOT_MANAGE,
    COMMENT_TOO_LONG,
    MISSING_ANSWER,
    NO_LEAD,
    NO_QUESTIONS,
    NOT_OPEN,
    NOT_SHARED,
    UNKNOWN_QUESTION,
    WELLBEING_OFF,
    PulseInvalid,
    PulseNotAllowed,
)
from serviceladder.wellbeing.models import PulseAnswered, PulseCycle, PulseResponse, PulseShared
from serviceladder.wellbeing.services import pulse as services
from tests.web.org import WEB_POLICY, ensure_policy
from tests.wellbeing.pulse_setup import CODES, add_team, answer_as, hr, load_pulse_policy, open_cycle, values

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 12)


def _agent(org, key="agent"):
    return Actor(user=org.users[key])


def test_scheduling_copies_the_policys_questions_and_dates(org):
    load_pulse_policy(org)
    cycle = services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    assert [q["code"] for q in cycle.questions] == list(CODES)
    assert cycle.questions[0]["high_is_bad"] is True
    assert (cycle.opens_on, cycle.closes_on) == (dt.date(2026, 6, 1), dt.date(2026, 6, 7))
    assert cycle.state == PulseCycle.State.SCHEDULED
    event = AuditEvent.objects.get(action="pulse.cycle_schedule")
    assert event.object_id == str(cycle.pk)
    assert event.employee_id is None


def test_the_current_month_opens_today_at_the_earliest(org):
    load_pulse_policy(org)
    cycle = services.pulse_cycle_schedule(actor=hr(org), month="2026-05", today=TODAY)
    assert cycle.opens_on == TODAY


@pytest.mark.parametrize(
    ("month", "message"), [("2026-04", BAD_MONTH), ("2026-13", BAD_MONTH), ("june", BAD_MONTH)]
)
def test_a_past_or_malformed_month_is_refused_and_nothing_written(org, month, message):
    load_pulse_policy(org)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_cycle_schedule(actor=hr(org), month=month, today=TODAY)
    assert caught.value.message == message
    assert not PulseCycle.objects.exists()


def test_a_month_is_scheduled_once(org):
    load_pulse_policy(org)
    services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    assert caught.value.message == ALREADY_SCHEDULED
    assert PulseCycle.objects.count() == 1


def test_without_questions_or_with_wellbeing_off_nothing_is_scheduled(org):
    ensure_policy(org)  # no wellbeing section: off
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    assert caught.value.message == WELLBEING_OFF
    from serviceladder.policy.services import policy_load

    policy_load(
        actor=hr(org), text=WEB_POLICY + "wellbeing: {enabled: true}\n", effective=dt.date(2025, 1, 1)
    )
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    assert caught.value.message == NO_QUESTIONS
    assert not PulseCycle.objects.exists()


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "admin"])
def test_only_hr_manages_cycles(org, role):
    load_pulse_policy(org)
    with pytest.raises(PulseNotAllowed) as caught:
        services.pulse_cycle_schedule(actor=Actor(user=org.users[role]), month="2026-06", today=TODAY)
    assert caught.value.message == CANNOT_MANAGE
    assert not PulseCycle.objects.exists()


def test_one_cycle_open_at_a_time(org):
    first = open_cycle(org, today=TODAY)
    later = services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_cycle_open(actor=hr(org), cycle=later, today=TODAY)
    assert caught.value.message == ANOTHER_OPEN
    later.refresh_from_db()
    assert later.state == PulseCycle.State.SCHEDULED
    assert first.state == PulseCycle.State.OPEN


def test_an_anonymous_answer_keeps_identity_and_values_apart(org):
    cycle = open_cycle(org, today=TODAY)
    agent = org.employees["E2003"]
    audited = AuditEvent.objects.count()
    services.pulse_answer(
        actor=_agent(org), cycle=cycle, values=values(4, "2", 3, 5), comment=" 排班太紧 ", choice="anonymous"
    )
    answered = PulseAnswered.objects.get()
    assert (answered.cycle_id, answered.employee_id) == (cycle.pk, agent.pk)
    response = PulseResponse.objects.get()
    assert response.values == {"exhaustion": 4, "achievement": 2, "path_clarity": 3, "respect": 5}
    assert response.comment == "排班太紧"
    assert (response.team_id, response.department_id) == (agent.team_id, agent.team.department_id)
    # The answer row has no person, no time: its fields are exactly these.
    fields = {f.name for f in PulseResponse._meta.concrete_fields}
    assert fields == {"id", "cycle", "department", "team", "values", "comment"}
    assert {f.name for f in PulseAnswered._meta.concrete_fields} == {"id", "cycle", "employee"}
    assert not PulseShared.objects.exists()
    # Nothing at all is audited about the answer.
    assert AuditEvent.objects.count() == audited


def test_answering_twice_is_refused_and_nothing_more_written(org):
    cycle = open_cycle(org, today=TODAY)
    services.pulse_answer(actor=_agent(org), cycle=cycle, values=values(), choice="anonymous")
    for choice in ("anonymous", "shared"):
        with pytest.raises(PulseInvalid) as caught:
            services.pulse_answer(actor=_agent(org), cycle=cycle, values=values(5, 5, 5, 5), choice=choice)
        assert caught.value.message == ALREADY_ANSWERED
    assert PulseAnswered.objects.count() == 1
    assert PulseResponse.objects.count() == 1
    assert not PulseShared.objects.exists()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"exhaustion": 3, "achievement": 3, "path_clarity": 3}, MISSING_ANSWER),
        ({**values(), "respect": ""}, MISSING_ANSWER),
        ({**values(), "respect": 6}, BAD_ANSWER),
        ({**values(), "respect": 0}, BAD_ANSWER),
        ({**values(), "respect": "3.5"}, BAD_ANSWER),
        ({**values(), "respect": "很好"}, BAD_ANSWER),
        ({**values(), "salary": 3}, UNKNOWN_QUESTION),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_written(org, given, message):
    cycle = open_cycle(org, today=TODAY)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_answer(actor=_agent(org), cycle=cycle, values=given, choice="anonymous")
    assert caught.value.message == message
    assert "很好" not in str(caught.value)  # the value never echoed
    assert not PulseAnswered.objects.exists()
    assert not PulseResponse.objects.exists()


def test_a_long_comment_is_refused(org):
    cycle = open_cycle(org, today=TODAY)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_answer(
            actor=_agent(org), cycle=cycle, values=values(), comment="长" * 1001, choice="anonymous"
        )
    assert caught.value.message == COMMENT_TOO_LONG
    assert not PulseAnswered.objects.exists()


def test_a_closed_or_scheduled_cycle_takes_no_answer(org):
    load_pulse_policy(org)
    cycle = services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_answer(actor=_agent(org), cycle=cycle, values=values(), choice="anonymous")
    assert caught.value.message == NOT_OPEN
    assert not PulseAnswered.objects.exists()


def test_an_administrators_bare_login_does_not_answer(org):
    cycle = open_cycle(org, today=TODAY)
    with pytest.raises(PulseNotAllowed):
        services.pulse_answer(actor=_agent(org, "admin"), cycle=cycle, values=values(), choice="anonymous")
    assert not PulseAnswered.objects.exists()


def test_a_shared_answer_is_named_and_never_in_the_anonymous_answers(org):
    cycle = open_cycle(org, today=TODAY)
    services.pulse_answer(
        actor=_agent(org), cycle=cycle, values=values(5, 1, 2, 2), comment="想换个班次", choice="shared"
    )
    shared = PulseShared.objects.get()
    assert shared.employee == org.employees["E2003"]
    assert shared.values["exhaustion"] == 5
    assert not PulseResponse.objects.exists()
    assert PulseAnswered.objects.filter(employee=org.employees["E2003"]).exists()


def test_revoking_a_share_deletes_it_and_the_answer_does_not_come_back(org):
    cycle = open_cycle(org, today=TODAY)
    services.pulse_answer(actor=_agent(org), cycle=cycle, values=values(5, 1, 2, 2), choice="shared")
    services.pulse_share_revoke(actor=_agent(org), cycle=cycle)
    assert not PulseShared.objects.exists()
    assert not PulseResponse.objects.exists()
    assert PulseAnswered.objects.count() == 1  # and no second answer
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_answer(actor=_agent(org), cycle=cycle, values=values(), choice="anonymous")
    assert caught.value.message == ALREADY_ANSWERED
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_share_revoke(actor=_agent(org), cycle=cycle)
    assert caught.value.message == NOT_SHARED


def test_sharing_needs_someone_to_share_with(org):
    cycle = open_cycle(org, today=TODAY)
    # The department head (E2001) has no team: nobody above to share with.
    with pytest.raises(PulseInvalid) as caught:
        services.pulse_answer(
            actor=_agent(org, "department_head"), cycle=cycle, values=values(), choice="shared"
        )
    assert caught.value.message == NO_LEAD
    assert not PulseAnswered.objects.exists()


def test_closing_rewrites_the_answers_in_a_new_order_with_new_keys(org, monkeypatch):
    cycle = open_cycle(org, today=TODAY)
    _team, people = add_team(org, "a", "c9", 12)
    answer_as(people, cycle, [values(a=1 + i % 5) for i in range(12)])
    before = list(PulseResponse.objects.values_list("id", "values"))
    reversed_order = []

    def reverse_shuffle(rows):
        rows.reverse()
        reversed_order.extend(rows)

    monkeypatch.setattr(services, "_shuffle", reverse_shuffle)
    services.pulse_cycle_close(actor=hr(org), cycle=cycle, today=TODAY)
    after = list(PulseResponse.objects.values_list("id", "values"))
    assert {i for i, _v in after}.isdisjoint({i for i, _v in before})
    assert sorted(v["exhaustion"] for _i, v in after) == sorted(v["exhaustion"] for _i, v in before)
    # Every response went through the shuffle before being inserted again.
    assert len(reversed_order) == 12
    cycle.refresh_from_db()
    assert cycle.state == PulseCycle.State.CLOSED
    event = AuditEvent.objects.get(action="pulse.cycle_close")
    assert event.after == {"month": "2026-05", "responses": 12}


def test_the_daily_step_opens_and_closes_by_date(org):
    load_pulse_policy(org)
    cycle = services.pulse_cycle_schedule(actor=hr(org), month="2026-06", today=TODAY)
    assert services.pulse_cycles_step(dt.date(2026, 5, 31)) == {"opened": 0, "closed": 0}
    assert services.pulse_cycles_step(dt.date(2026, 6, 1)) == {"opened": 1, "closed": 0}
    cycle.refresh_from_db()
    assert cycle.state == PulseCycle.State.OPEN
    assert services.pulse_cycles_step(dt.date(2026, 6, 7))["closed"] == 0  # its last day
    assert services.pulse_cycles_step(dt.date(2026, 6, 8))["closed"] == 1
    cycle.refresh_from_db()
    assert cycle.state == PulseCycle.State.CLOSED
    assert AuditEvent.objects.filter(action__startswith="pulse.cycle_", actor__isnull=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_closing_commits_and_clears_the_deleted_rows(org):
    """Outside a test transaction the close really commits, and the clean-up after it (VACUUM on
    PostgreSQL, secure delete on SQLite) runs without error."""
    cycle = open_cycle(org, today=TODAY)
    _team, people = add_team(org, "a", "c8", 5)
    answer_as(people, cycle, [values(a=i + 1) for i in range(5)])
    services.pulse_cycle_close(actor=hr(org), cycle=cycle, today=TODAY)
    assert sorted(r["exhaustion"] for r in PulseResponse.objects.values_list("values", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert PulseCycle.objects.get().state == PulseCycle.State.CLOSED
