"""Domain errors of the development app. Message constants are module-level so tests can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

CANNOT_CONFIRM = _("Only the person's team lead, their department head or HR may confirm their competencies.")
CANNOT_CONFIRM_SELF = _("Nobody may confirm their own competencies.")
UNKNOWN_TARGET_LEVEL = _("The policy in force has no level %(code)s.")
NO_PROFILE = _("The level %(code)s has no competency profile to rate against.")
RATINGS_INCOMPLETE = _("Rate every competency of the profile; missing: %(missing)s.")
RATINGS_UNKNOWN = _("These are not in the level's profile: %(unknown)s.")
RATING_OUT_OF_RANGE = _("A rating is a whole number from 1 to 5; %(competency)s has %(value)s.")


class ConfirmationNotAllowed(PermissionDeniedError):
    code = "competency_confirmation_not_allowed"
    message = CANNOT_CONFIRM


class ConfirmationInvalid(ValidationFailed):
    code = "competency_confirmation_invalid"


# Mentoring (issue 14, item 6).
CANNOT_PAIR = _(
    "Only the mentee's team lead, their department head (for a team without a lead) or HR may pair a mentor."
)
MENTOR_IS_MENTEE = _("A person cannot mentor themselves: choose another mentor.")
MENTOR_UNKNOWN = _("No employee has the number %(number)s.")
MENTOR_NOT_EMPLOYED = _("%(name)s is not employed on %(date)s, so they cannot mentor.")
MENTEE_NOT_EMPLOYED = _("%(name)s is not employed on %(date)s, so they cannot be mentored.")
MENTORSHIP_ENDS_BEFORE_START = _("The end date (%(ends)s) is before the start date (%(starts)s).")
MENTORSHIP_EXISTS = _("%(mentor)s already mentors %(mentee)s: end that mentorship before pairing them again.")
FOCUS_REQUIRED = _("Say what the mentoring is about (its focus).")
CADENCE_OUT_OF_RANGE = _("Meet every 1 to 26 weeks; %(value)s is not allowed.")
DATE_REQUIRED = _("%(field)s: give a date as YYYY-MM-DD.")
MENTORSHIP_ALREADY_ENDED = _("This mentorship has already ended.")
CANNOT_END_MENTORSHIP = _(
    "Only the mentee's team lead, their department head (for a team without a lead) or HR may end a "
    "mentorship."
)
CANNOT_LOG_SESSION = _("Only the mentor logs the sessions of a mentorship.")
SESSION_OUTSIDE_MENTORSHIP = _("A session is held while the mentorship runs: from %(starts)s to %(ends)s.")
SESSION_IN_FUTURE = _("A session is logged once it has been held: %(date)s is in the future.")
SESSION_EMPTY = _("Write what you talked about or the next steps.")

# The development record (issue 14, item 7).
CANNOT_RECORD = _(
    "Only the person themselves, their team lead (or the department head for a team without a lead) or HR "
    "may add to their record."
)
CANNOT_CHANGE_CONTRIBUTION = _("Only whoever recorded this contribution, or HR, may change or delete it.")
CONTRIBUTION_KIND_UNKNOWN = _("Choose the kind of contribution; %(value)s is not one of them.")
CONTRIBUTION_TITLE_REQUIRED = _("Give the contribution a title.")
CONTRIBUTION_IN_FUTURE = _("A contribution is recorded once it has happened: %(date)s is in the future.")


class MentoringNotAllowed(PermissionDeniedError):
    code = "mentoring_not_allowed"
    message = CANNOT_PAIR


class MentoringInvalid(ValidationFailed):
    code = "mentoring_invalid"


class RecordNotAllowed(PermissionDeniedError):
    code = "record_not_allowed"
    message = CANNOT_RECORD


class RecordInvalid(ValidationFailed):
    code = "record_invalid"
