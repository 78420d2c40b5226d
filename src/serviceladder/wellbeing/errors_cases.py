"""Errors of wellbeing cases (issue 16 item 3). Message constants are module-level so tests can import
them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

CASE_NOT_FOUND = _("There is no such wellbeing case.")
CANNOT_RUN = _("Only the person's lead (their head for a team without a lead) or HR runs a wellbeing case.")
CANNOT_DO_ACTION = _("Only the action's owner, the person's lead or HR marks it done.")
ALREADY_OPEN = _(
    "%(name)s already has an open wellbeing case (opened on %(date)s): follow the new warning up there."
)
UNKNOWN_PHASE = _("Unknown phase %(found)s; allowed: %(allowed)s.")
SIGNAL_NOT_FIRED = _(
    "The signal %(found)s did not fire in the latest assessment (%(month)s); fired: %(allowed)s."
)
BAD_SIGNAL_CODE = _("%(found)s is not a signal code (letters, digits, - and _).")
SUMMARY_REQUIRED = _("Without a signal, write what you noticed.")
TEXT_TOO_LONG = _("The text is %(length)s characters long; at most %(limit)s are allowed.")
CASE_CLOSED = _("This case is closed.")
UNKNOWN_KIND = _("Unknown action %(found)s; allowed: %(allowed)s.")
OWNER_NOT_ALLOWED = _("The owner must be the person's team lead, their department head or someone in HR.")
DUE_DATE = _("Give the due date as YYYY-MM-DD, today or later; found %(found)s.")
ACTIVITY_ONLY_FOR_TEAM_ACTIVITY = _("Only a team-activity action links an activity.")
UNKNOWN_ACTIVITY = _("There is no such team activity, or it is cancelled.")
ACTION_ALREADY_DONE = _("This action was marked done on %(date)s.")
RESULT_REQUIRED = _("Write the result of the action (or why it was dropped).")
FOLLOW_UP_REQUIRED = _("Write how the person is doing.")
FOLLOW_UP_DATE = _("Give the follow-up date as YYYY-MM-DD, today or earlier; found %(found)s.")
OUTCOME_REQUIRED = _("Write the outcome of the case.")
UNKNOWN_REASON = _("Choose a reason for closing; allowed: %(allowed)s.")
OPEN_ACTIONS = _(
    "%(count)s action(s) are not done yet: mark each one done before closing the case (for an action "
    "that was dropped, write why in its result)."
)


class CaseInvalid(ValidationFailed):
    code = "wellbeing_case_invalid"


class CaseAlreadyOpen(CaseInvalid):
    code = "wellbeing_case_already_open"
    message = ALREADY_OPEN


class CaseHasOpenActions(CaseInvalid):
    code = "wellbeing_case_open_actions"
    message = OPEN_ACTIONS


class CaseNotAllowed(PermissionDeniedError):
    code = "wellbeing_case_not_allowed"
    message = CANNOT_RUN


class CaseNotFound(NotFoundOrForbidden):
    code = "wellbeing_case_not_found"
    message = CASE_NOT_FOUND
