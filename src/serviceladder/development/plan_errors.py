"""Domain errors of development plans and their actions (issue 14 items 2, 4, 8). Message constants are
module-level so tests can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

NOT_ALLOWED = _("You may not do this to this development plan.")
STEP_NOT_ALLOWED = _("A plan that is %(status)s cannot be changed this way (%(action)s).")
NO_DRAFT = _("The plan has no draft to accept or discard.")
NO_PLAN = _("This person has no open development plan.")
ALREADY_ACCEPTED = _("You have already accepted this version.")
DRAFT_MOVED = _("The draft changed since you opened it; read it again before accepting.")
NEEDS_TARGET = _(
    "Choose a target (a step of the policy or an aspiration in your own words) before accepting."
)
UNKNOWN_TARGET = _(
    "%(code)s is not a step the policy in force offers from the person's level; offered: %(allowed)s."
)
TARGET_TOO_LONG = _("An aspiration is at most 300 characters.")
NO_POLICY = _("No policy is in force, so no step can be chosen; write an aspiration instead.")
CLOSE_OUTCOME = _("Choose how the plan ended: achieved, changed or abandoned.")
CLOSE_REASON = _("Say why the plan is closed.")
UNKNOWN_TEMPLATE = _("The policy in force has no plan template %(code)s; templates: %(allowed)s.")
DEVELOPMENT_OFF = _("Development planning is not switched on in the policy in force.")

ACTION_UNKNOWN = _("The plan's draft has no such action.")
ACTION_NOT_IN_FORCE = _("Progress is recorded on an action of the agreed plan in force.")
ACTION_KIND = _("Unknown kind of action %(found)s; allowed: %(allowed)s.")
ACTION_TITLE = _("Give the action a title (at most 200 characters).")
ACTION_DATES = _("The end date %(end)s is before the start date %(start)s.")
ACTION_DATES_NEEDED = _("A %(kind)s needs a start and an end date.")
ACTION_COURSE = _(
    "%(found)s is not a training of the policy in force; trainings: %(allowed)s. Leave the course empty "
    "and describe the training in the title instead."
)
ACTION_HOST_TEAM = _("A %(kind)s needs the team that hosts it.")
ACTION_OWN_TEAM = _("A rotation goes to another team than the person's own.")
ACTION_SAME_DEPARTMENT = _("A cross-department visit goes to a team of another department.")
ACTION_HOST_LEAD = _("The host lead must be the lead of the host team or a member of it.")
ACTION_ROLE = _("Say the person's role in the project.")
ACTION_TASK = _("Choose the management task: %(allowed)s.")
ACTION_STATUS = _("Unknown status %(found)s; allowed: %(allowed)s.")
ACTION_OUTCOME_ONLY_DONE = _("A project's outcome is recorded when it is done.")
ACTION_DATE_FUTURE = _("An update cannot be dated in the future.")


class PlanNotAllowed(PermissionDeniedError):
    code = "development_plan_not_allowed"
    message = NOT_ALLOWED


class PlanStepInvalid(ValidationFailed):
    code = "development_plan_step_invalid"


class PlanInvalid(ValidationFailed):
    code = "development_plan_invalid"


class ActionInvalid(ValidationFailed):
    code = "development_action_invalid"
