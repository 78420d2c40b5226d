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
