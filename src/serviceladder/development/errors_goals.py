"""Errors of SMART goals (issue 14 item 3). Message constants are module-level so tests can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

CANNOT_CHANGE_GOALS = _("Only the person and their lead may change the goals of this plan.")
CANNOT_JUDGE = _("Only the person's lead may judge a goal measured by check-ins.")
STATEMENT_REQUIRED = _("Write the goal: what is to be achieved.")
STATEMENT_TOO_LONG = _("The goal is %(length)s characters long; at most %(limit)s are allowed.")
DUE_DATE_REQUIRED = _("Give the due date as YYYY-MM-DD; found %(found)s.")
DUE_DATE_PAST = _("The due date %(found)s has passed; choose today (%(today)s) or a later day.")
DUE_DATE_TOO_FAR = _("The due date %(found)s is more than five years away; the latest allowed is %(latest)s.")
UNKNOWN_HORIZON = _("Unknown horizon %(found)s; allowed: %(allowed)s.")
UNKNOWN_MEASURE = _("Unknown measure %(found)s; allowed: %(allowed)s.")
OWNER_NOT_ALLOWED = _("The owner of a goal is the person or their team lead; %(found)s is neither.")
UNKNOWN_METRIC = _("Unknown metric %(found)s; allowed: %(allowed)s.")
UNKNOWN_COMPARISON = _("Unknown comparison %(found)s; allowed: %(allowed)s.")
VALUE_NOT_A_NUMBER = _("The target value %(found)s is not a number (write 85%% or 0.85 for a rate).")
VALUE_OUT_OF_RANGE = _("The target value %(found)s is outside the metric's range; allowed: %(allowed)s.")
WINDOW_OUT_OF_RANGE = _("The window is %(found)s months; allowed: a whole number from 1 to %(limit)s.")
UNKNOWN_AGGREGATION = _("Unknown way to combine the months %(found)s; allowed: %(allowed)s.")
MIN_SAMPLE_OUT_OF_RANGE = _("The minimum sample is %(found)s; allowed: a whole number from 0 to 1000000.")
DONE_WHEN_REQUIRED = _("Say what done looks like for a goal measured by check-ins.")
GOAL_NOT_FOUND = _("This plan has no such goal.")
GOAL_ALREADY_JUDGED = _("This goal was judged %(status)s on %(date)s; a judged goal no longer changes.")
PERCENT_OUT_OF_RANGE = _("Percent done is a whole number from 0 to 100; found %(found)s.")
CHECK_IN_DATE = _("Give the check-in date as YYYY-MM-DD, today or earlier; found %(found)s.")
CHECK_IN_EMPTY = _("A check-in needs a percentage or a note.")
CHECK_IN_METRIC = _(
    "A goal measured by a metric tracks itself from the monthly figures; it takes no check-ins."
)
JUDGE_METRIC = _("A goal measured by a metric is judged from the monthly figures, not by hand.")
JUDGE_TOO_EARLY = _("A goal can be judged on its due date (%(due)s) or later.")
UNKNOWN_JUDGEMENT = _("Unknown judgement %(found)s; allowed: %(allowed)s.")
GOAL_NOT_IN_FORCE = _("Only a goal of the agreed plan can be judged.")


class GoalInvalid(ValidationFailed):
    code = "goal_invalid"


class GoalNotAllowed(PermissionDeniedError):
    code = "goal_not_allowed"
    message = CANNOT_CHANGE_GOALS


class GoalNotFound(NotFoundOrForbidden):
    code = "goal_not_found"
    message = GOAL_NOT_FOUND
