"""Errors of the anonymous pulse (issue 16 item 4). Message constants are module-level so tests import them.

None of them echoes what a person answered: a refused answer is shown back on the person's own form, and an
error text may end up in a log."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

CYCLE_NOT_FOUND = _("There is no such pulse.")
CANNOT_MANAGE = _("Only HR schedules, opens and closes the pulse.")
CANNOT_ANSWER = _("Only staff with an employee record answer the pulse.")
WELLBEING_OFF = _("The policy in force does not switch wellbeing on.")
NO_QUESTIONS = _(
    "The policy in force asks %(count)s pulse questions; list 3 to 6 under wellbeing.pulse.questions."
)
BAD_MONTH = _("Give the month as YYYY-MM, this month or a later one; found %(found)s.")
BAD_OPENS_ON = _("Give the opening date as YYYY-MM-DD within %(month)s, today or later; found %(found)s.")
ALREADY_SCHEDULED = _("A pulse for %(month)s exists already.")
NOT_SCHEDULED = _("This pulse is %(state)s; only a scheduled pulse opens.")
NOT_OPEN = _("This pulse is %(state)s; only an open pulse takes answers or closes.")
ANOTHER_OPEN = _("The pulse of %(month)s is still open; close it first.")
ALREADY_ANSWERED = _("You have already answered this pulse; each person answers once.")
MISSING_ANSWER = _("Answer every question on the scale of 1 to 5 (question %(number)s has no answer).")
BAD_ANSWER = _("Answers are whole numbers from 1 to 5 (question %(number)s).")
UNKNOWN_QUESTION = _("This pulse has no question %(code)s.")
COMMENT_TOO_LONG = _("The comment is %(length)s characters long; at most %(limit)s are allowed.")
BAD_CHOICE = _("Choose whether your answers stay anonymous or are shared with your lead.")
NO_LEAD = _("Your team has nobody to share the answers with; answer anonymously instead.")
NOT_SHARED = _("You have no shared answers in this pulse.")
NOT_CLOSED = _("Results are shown once the pulse is closed.")
SAVE_FAILED = _("Your answer could not be saved. Nothing was recorded; please try again.")


class PulseInvalid(ValidationFailed):
    code = "pulse_invalid"


class PulseNotAllowed(PermissionDeniedError):
    code = "pulse_not_allowed"
    message = CANNOT_MANAGE


class PulseCycleNotFound(NotFoundOrForbidden):
    code = "pulse_not_found"
    message = CYCLE_NOT_FOUND


class PulseSaveFailed(Exception):
    """An unexpected failure while saving an answer, raised `from None` so that neither the original
    exception (whose text or frames might hold the answer) nor its chain reaches an error log."""
