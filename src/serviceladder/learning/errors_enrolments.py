"""Errors of sessions, enrolments and marking (issue 17 items 2 and 3); message constants are module-level for
the tests."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

SESSION_NOT_FOUND = _("There is no such session.")
ENROLMENT_NOT_FOUND = _("There is no such enrolment.")
CANNOT_SCHEDULE = _("Only HR and the course's trainers may schedule, change or cancel its sessions.")
CANNOT_MARK = _("Only HR, the course's trainers and the person's lead may mark this enrolment.")
CANNOT_ENROL = _("Only HR and the person's lead may enrol them in a course or cancel their enrolment.")
CANNOT_BOOK = _("Only the person, their lead, HR and the course's trainers may book a seat for them.")
NOT_YOURS = _("Only the person enrolled may start or continue this online course.")
STARTS_AT = _("Give the start as a future date and time (YYYY-MM-DD HH:MM); found %(found)s.")
ENDS_AT = _("Give the end as a date and time after the start; found %(found)s.")
CAPACITY = _(
    "Give the number of seats as a whole number from 1 to %(limit)s, or leave it empty; found %(found)s."
)
CAPACITY_BELOW_BOOKED = _("%(count)s people hold a seat; the seats cannot be fewer than that.")
LINK = _("Give the link as a web address starting with http:// or https://; found %(found)s.")
TEXT_TOO_LONG = _("The text is %(length)s characters long; at most %(limit)s are allowed.")
ONLINE_HAS_NO_SESSIONS = _("An online course has no sessions: people take it in their own time.")
NOT_A_TRAINER = _("%(found)s holds no trainer grant for this course.")
COURSE_INACTIVE = _("The course %(course)s is no longer offered.")
SESSION_CLOSED = _("This session is cancelled or over; seats can no longer be booked.")
SESSION_CANCELLED = _("This session is cancelled.")
SESSION_OTHER_COURSE = _("This session belongs to another course.")
NOT_STARTED = _("Attendance is recorded once the session has started.")
PREREQUISITES = _("%(person)s has not completed the prerequisites of %(course)s: %(missing)s.")
TRANSITION = _("An enrolment that is %(state)s cannot be %(action)s.")
SCORE = _("Give the score as a number from 0 to 100, or leave it empty; found %(found)s.")
PROGRESS = _("Give the progress as a whole number from 0 to 100; found %(found)s.")
COMPLETED_ON = _("Give the day of completion as a date (YYYY-MM-DD) not after today; found %(found)s.")
DUE_ON = _("Give the due date as a date (YYYY-MM-DD) from today on, or leave it empty; found %(found)s.")

# The actions as the TRANSITION message names them.
ACTION_WORDS = {
    "book": _("booked into a session"),
    "waitlist": _("put on a waiting list"),
    "leave": _("taken out of its session"),
    "attend": _("marked attended"),
    "complete": _("marked completed"),
    "fail": _("marked failed"),
    "start": _("started"),
    "progress": _("given progress"),
    "cancel": _("cancelled"),
    "expire": _("expired"),
}


class EnrolmentInvalid(ValidationFailed):
    code = "enrolment_invalid"


class EnrolmentNotAllowed(PermissionDeniedError):
    code = "enrolment_not_allowed"
    message = CANNOT_MARK


class SessionNotFound(NotFoundOrForbidden):
    code = "session_not_found"
    message = SESSION_NOT_FOUND


class EnrolmentNotFound(NotFoundOrForbidden):
    code = "enrolment_not_found"
    message = ENROLMENT_NOT_FOUND
