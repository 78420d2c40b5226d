"""The enrolment state machine (learning.engine.states), pure: its table agrees with the model's states,
final states stay final, and every sequence of actions follows the table."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.learning.engine import states as S
from serviceladder.learning.models import Enrolment

MODES = ("classroom", "online", "external", "mentor", "on_the_job")


def test_states_match_the_model():
    assert set(S.STATES) == set(Enrolment.State.values)
    assert set(S.OPEN) == set(Enrolment.OPEN_STATES)


@pytest.mark.parametrize(
    ("state", "action", "mode", "expected"),
    [
        ("assigned", "book", "classroom", "scheduled"),
        ("waitlisted", "book", "classroom", "scheduled"),
        ("assigned", "waitlist", "classroom", "waitlisted"),
        ("scheduled", "leave", "classroom", "assigned"),
        ("scheduled", "attend", "classroom", "attended"),
        ("attended", "complete", "classroom", "completed"),
        ("attended", "fail", "classroom", "failed"),
        ("assigned", "complete", "mentor", "completed"),
        ("assigned", "start", "online", "in_progress"),
        ("in_progress", "progress", "online", "in_progress"),
        ("in_progress", "complete", "online", "completed"),
        ("waitlisted", "cancel", "classroom", "cancelled"),
        ("completed", "expire", "classroom", "expired"),
    ],
)
def test_table(state, action, mode, expected):
    assert S.next_state(state, action, mode) == expected


@pytest.mark.parametrize(
    ("state", "action", "mode"),
    [
        ("assigned", "attend", "classroom"),  # no seat, no attendance
        ("waitlisted", "attend", "classroom"),
        ("waitlisted", "complete", "classroom"),
        ("assigned", "start", "classroom"),  # only online courses start
        ("assigned", "book", "online"),  # online courses have no sessions
        ("completed", "cancel", "classroom"),
        ("cancelled", "book", "classroom"),
        ("failed", "complete", "classroom"),
        ("expired", "expire", "classroom"),
        ("assigned", "nonsense", "classroom"),
    ],
)
def test_refused(state, action, mode):
    with pytest.raises(S.TransitionRefused):
        S.next_state(state, action, mode)


states = st.sampled_from(S.STATES)
actions = st.sampled_from(S.ACTIONS)
modes = st.sampled_from(MODES)


@given(states, actions, modes)
def test_next_state_agrees_with_allowed_actions(state, action, mode):
    if action in S.allowed_actions(state, mode):
        assert S.next_state(state, action, mode) in S.STATES
    else:
        with pytest.raises(S.TransitionRefused):
            S.next_state(state, action, mode)


@given(st.lists(actions, max_size=30), modes)
def test_a_final_state_never_reopens(sequence, mode):
    state = S.ASSIGNED
    closed = False
    for action in sequence:
        if action not in S.allowed_actions(state, mode):
            continue
        state = S.next_state(state, action, mode)
        if state in S.FINAL:
            closed = True
        if closed:
            assert state in S.FINAL
    # Expired only ever follows completed.
    if state == S.EXPIRED:
        assert S.COMPLETED in [S.next_state(s, a, mode) for s in S.OPEN for a in S.allowed_actions(s, mode)]


@given(states, modes)
def test_only_completed_leaves_a_final_state_and_only_by_expiring(state, mode):
    if state in S.FINAL:
        allowed = S.allowed_actions(state, mode)
        assert allowed == ((S.EXPIRE,) if state == S.COMPLETED else ())


@given(st.sampled_from(S.OPEN), modes)
def test_every_open_enrolment_can_be_cancelled_and_finished(state, mode):
    allowed = S.allowed_actions(state, mode)
    assert S.CANCEL in allowed
    if state != S.WAITLISTED:
        # Every open enrolment but a place on a waiting list can be marked complete.
        assert S.COMPLETE in allowed


@given(st.sampled_from(S.OPEN))
def test_online_and_session_actions_never_mix(state):
    online = set(S.allowed_actions(state, "online"))
    classroom = set(S.allowed_actions(state, "classroom"))
    assert not online & {S.BOOK, S.WAITLIST, S.LEAVE, S.ATTEND}
    assert not classroom & {S.START, S.PROGRESS}
