"""Domain errors of improvement plans (issue 15 item 5). Message constants are module-level so tests can
import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

# Who may act.
CANNOT_REVIEW_AS_LEAD = _(
    "Only the person's team lead (the department head for a team without a lead) or HR reviews a proposal "
    "for an improvement plan."
)
CANNOT_REVIEW_AS_HR = _("Only HR approves or declines an improvement plan, never for themselves.")
SAME_REVIEWER = _("HR's review must come from someone other than the one who gave the lead's review.")
CANNOT_FOLLOW_UP = _(
    "Only the person's team lead (the department head for a team without a lead) or HR records check-ins "
    "and the outcome of an improvement plan."
)
ONLY_THE_PERSON = _("Only the person themselves acknowledges their improvement plan or responds to it.")

# What a valid step is.
BAD_MONTH = _("%(found)s is not a month; write YYYY-MM (for example 2026-10).")
MONTH_NOT_COMPLETE = _("%(found)s is not over yet; the bottom band is judged on complete months only.")
NOT_WAITING_FOR_LEAD = _("This proposal is not waiting for the lead's review (it is %(state)s).")
NOT_WAITING_FOR_HR = _("This proposal is not waiting for HR's review.")
NOT_RUNNING = _("Only an active or extended plan takes check-ins and an outcome; this one is %(state)s.")
UNKNOWN_DECISION = _("Choose a decision: %(allowed)s.")
REASON_REQUIRED = _("Give a reason; the person and the log keep it.")
TEXT_TOO_LONG = _("%(field)s has at most %(limit)s characters; this has %(length)s.")
NO_GOALS = _("Propose at least one goal for the plan.")
GOAL_ROW = _("Goal %(row)s: %(problem)s")
DURATION_OUT_OF_RANGE = _("The duration is a whole number of months from 1 to 12; %(found)s is not.")
START_NOT_A_DATE = _("The start date %(found)s is not a date (YYYY-MM-DD).")
START_IN_PAST = _("The plan cannot start in the past (%(found)s); today is %(today)s.")
START_TOO_FAR = _("The plan should start within three months; %(found)s is later than %(latest)s.")
CHECK_IN_DATE = _("The check-in date %(found)s must be from the plan's start (%(start)s) to today.")
NOTE_REQUIRED = _("Write what was discussed at the check-in.")
ALREADY_ACKNOWLEDGED = _("You acknowledged this plan on %(date)s already.")
NOT_YET_ACTIVE = _("The plan can be acknowledged once HR has approved it.")
RESPONSE_REQUIRED = _("Write your response.")
UNKNOWN_OUTCOME = _("Choose an outcome: %(allowed)s.")
TOO_EARLY_TO_COMPLETE = _(
    "The plan runs until %(end)s; it can be completed from that day, or closed earlier."
)
NEW_END_REQUIRED = _("An extension needs a new end date (YYYY-MM-DD) after %(end)s; %(found)s is not.")
NEW_END_TOO_FAR = _("An extension adds at most 12 months: the new end date can be %(latest)s at the latest.")


class ImprovementInvalid(ValidationFailed):
    code = "improvement_invalid"


class ImprovementNotAllowed(PermissionDeniedError):
    code = "improvement_not_allowed"
    message = CANNOT_REVIEW_AS_LEAD
