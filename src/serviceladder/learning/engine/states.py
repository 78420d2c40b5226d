"""The enrolment state machine (issue 17 item 2), pure: which action moves an enrolment from which state to
which, for which delivery mode. Services ask `next_state` before they write, and pages ask `allowed_actions`
which buttons to show, so the two can never disagree.

assigned → scheduled (a seat in a session; waitlisted when it is full) → attended → completed / failed;
online courses: assigned → in progress → completed. Any open enrolment may be cancelled; a completion past its
course's validity turns the enrolment expired. Completed, failed, expired and cancelled are final (only a
completed one may still expire)."""

from __future__ import annotations

from typing import NamedTuple

ASSIGNED = "assigned"
WAITLISTED = "waitlisted"
SCHEDULED = "scheduled"
IN_PROGRESS = "in_progress"
ATTENDED = "attended"
COMPLETED = "completed"
FAILED = "failed"
EXPIRED = "expired"
CANCELLED = "cancelled"

STATES = (ASSIGNED, WAITLISTED, SCHEDULED, IN_PROGRESS, ATTENDED, COMPLETED, FAILED, EXPIRED, CANCELLED)
OPEN = (ASSIGNED, WAITLISTED, SCHEDULED, IN_PROGRESS, ATTENDED)
FINAL = (COMPLETED, FAILED, EXPIRED, CANCELLED)

ONLINE = "online"

# Actions
BOOK = "book"  # a seat in a session
WAITLIST = "waitlist"  # the session is full: the waiting list
LEAVE = "leave"  # give up the seat or the place on the waiting list
ATTEND = "attend"
COMPLETE = "complete"
FAIL = "fail"
START = "start"  # online
PROGRESS = "progress"  # online
CANCEL = "cancel"
EXPIRE = "expire"

ACTIONS = (BOOK, WAITLIST, LEAVE, ATTEND, COMPLETE, FAIL, START, PROGRESS, CANCEL, EXPIRE)


class Move(NamedTuple):
    sources: tuple[str, ...]
    target: str | None  # None: the state stays (progress)
    online: bool | None  # True: online courses only; False: never online; None: every mode


TABLE: dict[str, Move] = {
    BOOK: Move((ASSIGNED, WAITLISTED, SCHEDULED), SCHEDULED, False),
    WAITLIST: Move((ASSIGNED, SCHEDULED), WAITLISTED, False),
    LEAVE: Move((WAITLISTED, SCHEDULED), ASSIGNED, False),
    ATTEND: Move((SCHEDULED,), ATTENDED, False),
    # Without a session (external, mentor-led, on the job) a lead or trainer marks the result directly.
    COMPLETE: Move((ASSIGNED, SCHEDULED, ATTENDED, IN_PROGRESS), COMPLETED, None),
    FAIL: Move((ASSIGNED, SCHEDULED, ATTENDED, IN_PROGRESS), FAILED, None),
    START: Move((ASSIGNED,), IN_PROGRESS, True),
    PROGRESS: Move((IN_PROGRESS,), None, True),
    CANCEL: Move(OPEN, CANCELLED, None),
    EXPIRE: Move((COMPLETED,), EXPIRED, None),
}


class TransitionRefused(ValueError):
    """The action does not apply to an enrolment in this state (or of this delivery mode)."""

    def __init__(self, state: str, action: str) -> None:
        self.state = state
        self.action = action
        super().__init__(f"{action} does not apply to an enrolment {state}")


def _mode_fits(move: Move, mode: str) -> bool:
    if move.online is None:
        return True
    return move.online == (mode == ONLINE)


def next_state(state: str, action: str, mode: str) -> str:
    """The state `action` moves an enrolment of a course of delivery `mode` to, from `state`; raises
    TransitionRefused when it does not apply."""
    move = TABLE.get(action)
    if move is None or state not in move.sources or not _mode_fits(move, mode):
        raise TransitionRefused(state, action)
    return state if move.target is None else move.target


def allowed_actions(state: str, mode: str) -> tuple[str, ...]:
    """The actions that apply to an enrolment in `state` of a course of delivery `mode`, in ACTIONS order."""
    return tuple(a for a in ACTIONS if state in TABLE[a].sources and _mode_fits(TABLE[a], mode))


def is_open(state: str) -> bool:
    return state in OPEN
