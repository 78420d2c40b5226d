"""Errors of performance pay (issue 15, item 3). Message constants are module-level so tests can import
them; the CLI turns each into exit code 2 and one line on stderr, the API into a JSON problem."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed
from serviceladder.recognition.engine import pay as engine

NOT_ALLOWED = _("Only HR proposes, adjusts, approves, corrects and exports performance pay.")
BAD_MONTH = _("A month is written YYYY-MM (for example 2026-11); found %(found)s.")
MONTH_NOT_ENDED = _("%(month)s has not ended yet; a month is proposed once its last day is over.")
NO_POLICY = _("No policy is in force on %(date)s, the last day of %(month)s.")
PAY_OFF = _("The policy in force on %(date)s (version %(version)s) does not switch performance pay on.")
MONTH_FROZEN = _("The bonus month %(month)s is approved and frozen; record a correction instead.")
MONTH_NOT_APPROVED = _("The bonus month %(month)s is not approved yet; only an approved month is exported.")
MONTH_NOT_PROPOSED = _("There is no bonus month %(month)s; propose it first.")
NO_LINES = _("Nobody in %(month)s has a level with a base bonus; there is nothing to approve.")
REASON_REQUIRED = _("Give a reason: every adjustment and correction of pay says why.")
NOT_A_NUMBER = _("%(field)s must be an amount such as 120.50 or -80; found %(found)s.")
CORRECTION_ZERO = _(
    "A correction of 0 changes nothing; give the amount to add (or a negative amount to take back)."
)
NOT_IN_MONTH = _("%(person)s has no bonus line in %(month)s.")
BAD_FORMAT = _("The format is csv or xlsx; found %(found)s.")
ADJUSTMENT_MESSAGES = {
    engine.ADJUSTMENT_TOO_LARGE: _(
        "An adjustment of %(adjustment)s is not allowed: at most ± %(percent)s %% of the proposal, never "
        "above the cap nor below zero, so from %(low)s to %(high)s."
    ),
    engine.ADJUSTMENT_ABOVE_CAP: _(
        "An adjustment of %(adjustment)s takes the bonus above the cap of %(cap)s; the amount is never above "
        "the cap."
    ),
    engine.ADJUSTMENT_BELOW_ZERO: _("An adjustment of %(adjustment)s takes the bonus below zero."),
    engine.ADJUSTMENT_NOT_CENTS: _(
        "An adjustment is in whole cents (at most two decimals); found %(adjustment)s."
    ),
    engine.ADJUSTMENT_ON_HELD: _(
        "This bonus is held for missing data; it cannot be adjusted (record the data and propose the month "
        "again)."
    ),
}


class PayNotAllowed(PermissionDeniedError):
    code = "bonus_not_allowed"
    message = NOT_ALLOWED


class PayInvalid(ValidationFailed):
    code = "bonus_invalid"


class BonusMonthFrozen(ValidationFailed):
    code = "bonus_month_frozen"
    message = MONTH_FROZEN


class BonusMonthNotFound(NotFoundOrForbidden):
    code = "bonus_month_not_found"
    message = MONTH_NOT_PROPOSED
