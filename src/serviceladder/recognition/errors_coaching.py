"""Errors of coaching tasks (issue 15 item 4). Message constants are module-level so tests can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

TASK_NOT_FOUND = _("There is no such coaching task.")
CANNOT_COACH = _("Only the person's lead records, dismisses or turns a coaching task into a goal.")
CANNOT_ACKNOWLEDGE = _("Only the person coached acknowledges a coaching session.")
NOT_OPEN = _("This coaching task is %(state)s; only an open task takes a session or a dismissal.")
NOT_RECORDED = _("This coaching task is %(state)s; a session must be recorded before it is acknowledged.")
NO_SESSION_FOR_GOAL = _("Record the coaching session first: the goal is made from what was agreed.")
ALREADY_A_GOAL = _("This coaching action is already a goal of the development plan.")
SESSION_DATE = _("Give the session date as YYYY-MM-DD, today or earlier; found %(found)s.")
FOLLOW_UP_DATE = _("Give the follow-up date as YYYY-MM-DD, on or after the session; found %(found)s.")
FOCUS_REQUIRED = _("Choose the focus of the session: a metric or a competency.")
UNKNOWN_FOCUS_METRIC = _("Unknown focus metric %(found)s; allowed: %(allowed)s.")
UNKNOWN_FOCUS_COMPETENCY = _("Unknown focus competency %(found)s; competencies of the policy: %(allowed)s.")
AGREED_REQUIRED = _("Write what was agreed in the session.")
TEXT_TOO_LONG = _("The text is %(length)s characters long; at most %(limit)s are allowed.")
FOLLOW_UP_NOTE_REQUIRED = _("Write how the person is doing since the session.")
ALREADY_FOLLOWED_UP = _("The follow-up was recorded on %(date)s.")
REASON_REQUIRED = _("Give a reason for dismissing the coaching task.")
BAD_MONTH = _("Give the month as YYYY-MM, a month that has ended; found %(found)s.")
COACHING_OFF = _("The policy in force does not switch coaching on.")


class CoachingInvalid(ValidationFailed):
    code = "coaching_invalid"


class CoachingNotAllowed(PermissionDeniedError):
    code = "coaching_not_allowed"
    message = CANNOT_COACH


class CoachingTaskNotFound(NotFoundOrForbidden):
    code = "coaching_task_not_found"
    message = TASK_NOT_FOUND
