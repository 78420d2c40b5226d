"""Errors of star-service ratings (issue 15 item 1). Message constants are module-level so tests import
them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

BAD_PERIOD = _(
    "The period %(found)s is not valid; write a month as YYYY-MM (2026-11) or a quarter as YYYYQn (2026Q4)."
)
WRONG_KIND = _(
    "The policy in force on %(date)s rates by %(allowed)s, so the period %(found)s cannot be computed; "
    "write a %(allowed)s."
)
NOT_ENDED = _("The period %(found)s ends on %(date)s; it can be computed from the next day on.")
STARS_OFF = _("Star ratings are switched off in the policy in force on %(date)s (stars: enabled: false).")
ALREADY_PUBLISHED = _("The period %(found)s is published; a published period never changes.")
ONLY_ONE_UP = _("A nomination is one tier up: %(allowed)s stars for this person, not %(found)s.")
NO_TIER_ABOVE = _("%(found)s stars is the highest tier; there is nothing to nominate for.")
NOT_ELIGIBLE = _("This person is not eligible for a star rating in this period, so cannot be nominated.")
REASON_REQUIRED = _("Give a reason.")
REASON_TOO_LONG = _("The reason is %(length)s characters long; at most %(limit)s are allowed.")
ALREADY_DECIDED = _("HR already decided this nomination (%(found)s); it no longer changes.")
NO_NOMINATION = _("There is no nomination waiting for a decision.")
PENDING_NOMINATIONS = _(
    "%(count)s nomination(s) still wait for HR's decision; decide them before publishing."
)
CANNOT_MANAGE = _("Only HR computes, decides and publishes star ratings.")
CANNOT_NOMINATE = _(
    "Only the person's team lead (or the department head for a leadless team) may nominate them."
)
NOT_FOUND = _("No such star rating.")
PERIOD_NOT_FOUND = _("No star period %(found)s.")

REASON_LIMIT = 2000


class StarsInvalid(ValidationFailed):
    code = "stars_invalid"


class StarsNotAllowed(PermissionDeniedError):
    code = "stars_not_allowed"
    message = CANNOT_MANAGE


class StarsNotFound(NotFoundOrForbidden):
    code = "stars_not_found"
    message = NOT_FOUND
