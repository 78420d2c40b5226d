"""The one function that changes an enrolment's state (learning.engine.states decides whether it may), with
its history row and its audit row in the caller's transaction."""

from __future__ import annotations

from serviceladder.audit.services import Actor, audit_record
from serviceladder.learning.engine import states
from serviceladder.learning.errors_enrolments import ACTION_WORDS, TRANSITION, EnrolmentInvalid
from serviceladder.learning.models import Enrolment, EnrolmentEvent

# One audit action per kind of move (audit/actions.py, "# learning: sessions and marking").
BOOK_ACTION = "learning.enrolment_book"
WAITLIST_ACTION = "learning.enrolment_waitlist"
LEAVE_ACTION = "learning.enrolment_leave"
ATTEND_ACTION = "learning.enrolment_attend"
FAIL_ACTION = "learning.enrolment_fail"
START_ACTION = "learning.enrolment_start"
PROGRESS_ACTION = "learning.enrolment_progress"
CANCEL_ACTION = "learning.enrolment_cancel"
COMPLETE_ACTION = "learning.enrolment_complete"

AUDIT = {
    states.BOOK: BOOK_ACTION,
    states.WAITLIST: WAITLIST_ACTION,
    states.LEAVE: LEAVE_ACTION,
    states.ATTEND: ATTEND_ACTION,
    states.FAIL: FAIL_ACTION,
    states.START: START_ACTION,
    states.PROGRESS: PROGRESS_ACTION,
    states.CANCEL: CANCEL_ACTION,
    states.COMPLETE: COMPLETE_ACTION,
}


def locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "session", "employee__team__department")
        .get(pk=enrolment.pk)
    )


def target(enrolment: Enrolment, action: str) -> str:
    """The state `action` moves the enrolment to, or EnrolmentInvalid naming the state and the action."""
    try:
        return states.next_state(enrolment.state, action, enrolment.course.mode)
    except states.TransitionRefused:
        raise EnrolmentInvalid(
            TRANSITION, state=enrolment.get_state_display(), action=ACTION_WORDS.get(action, action)
        ) from None


def move(
    enrolment: Enrolment,
    action: str,
    *,
    actor: Actor,
    note: str = "",
    fields: dict | None = None,
    audit_extra: dict | None = None,
) -> Enrolment:
    """Apply `action` (already checked for access by the caller), set `fields`, write the history row (when
    the state changes) and the audit row."""
    new = target(enrolment, action)
    before = {"state": enrolment.state}
    changed = ["updated_at"]
    if new != enrolment.state:
        enrolment.state = new
        changed.append("state")
    for name, value in (fields or {}).items():
        setattr(enrolment, name, value)
        changed.append(name)
    enrolment.save(update_fields=changed)
    if "state" in changed:
        EnrolmentEvent.objects.create(enrolment=enrolment, state=new, by=actor.user, note=note[:500])
    audit_record(
        actor=actor,
        action=AUDIT[action],
        employee=enrolment.employee,
        obj=enrolment,
        before=before,
        after={"course": enrolment.course.code, "state": new, **(audit_extra or {})},
    )
    return enrolment
