"""Errors of team activities (issue 16 item 6); message constants are module-level for the tests."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

ACTIVITY_NOT_FOUND = _("There is no such activity.")
CANNOT_ORGANISE = _("You may organise activities only for the teams and departments you lead or head.")
CANNOT_MANAGE = _(
    "Only the organiser of this activity, its team's lead, its department's head or HR may do this."
)
CANNOT_SIGN_UP = _("Only people of the activity's team, department or organisation may sign up.")
TITLE_REQUIRED = _("Give the activity a title of at most %(limit)s characters.")
UNKNOWN_KIND = _("Unknown kind of activity %(found)s; allowed: %(allowed)s.")
STARTS_AT = _("Give the start as a future date and time (YYYY-MM-DD HH:MM); found %(found)s.")
ENDS_AT = _("Give the end as a date and time after the start; found %(found)s.")
CAPACITY = _(
    "Give the number of places as a whole number from 1 to %(limit)s, or leave it empty; found %(found)s."
)
TEXT_TOO_LONG = _("The text is %(length)s characters long; at most %(limit)s are allowed.")
CANCELLED = _("This activity is cancelled.")
ALREADY_STARTED = _("This activity has already started; sign-ups and changes are closed.")
NOT_STARTED = _("Attendance is recorded once the activity has started.")
FULL = _("This activity is full: all %(capacity)s places are taken.")
ALREADY_SIGNED_UP = _("You are already signed up for this activity.")
NOT_SIGNED_UP = _("You are not signed up for this activity.")
CAPACITY_BELOW_SIGNUPS = _("%(count)s people have signed up; the places cannot be fewer than that.")
NOT_A_SIGNUP = _("Attendance is recorded only for people who signed up; %(found)s did not.")


class ActivityInvalid(ValidationFailed):
    code = "activity_invalid"


class ActivityNotAllowed(PermissionDeniedError):
    code = "activity_not_allowed"
    message = CANNOT_MANAGE


class ActivityNotFound(NotFoundOrForbidden):
    code = "activity_not_found"
    message = ACTIVITY_NOT_FOUND
