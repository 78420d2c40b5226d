"""Errors of curricula (issue 17 item 4); message constants are module-level for the tests."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import NotFoundOrForbidden, PermissionDeniedError, ValidationFailed

CURRICULUM_NOT_FOUND = _("There is no such curriculum.")
CANNOT_MANAGE = _("Only HR may create or change curricula.")
CODE_INVALID = _(
    "Give the curriculum a code of 1 to 40 letters, digits, hyphens or underscores, starting with a letter "
    "or digit; found %(found)s."
)
CODE_TAKEN = _("The code %(code)s is already used by another curriculum.")
NAME_REQUIRED = _("Give the curriculum a name in both languages (at most %(limit)s characters each).")
TRIGGER_INVALID = _("Unknown start %(found)s; allowed: %(allowed)s.")
LEVEL_REQUIRED = _("A curriculum that starts on entering a level names the level.")
LEVEL_UNKNOWN = _("The level %(found)s is not in the policy in force; allowed: %(allowed)s.")
NO_POLICY = _("No policy is in force, so no level can be chosen yet.")
APPLIES_FROM_INVALID = _("Give the first day it applies as a date (YYYY-MM-DD); found %(found)s.")
ITEMS_REQUIRED = _("A curriculum needs at least one course.")
ITEM_COURSE_UNKNOWN = _("Row %(row)s: there is no active course %(found)s in the catalogue.")
ITEM_OFFSET_INVALID = _(
    "Row %(row)s: give the days after the start as a whole number from 0 to %(limit)s; found %(found)s."
)
ITEM_DUPLICATE = _("Row %(row)s: the course %(course)s is already in this curriculum (row %(first)s).")


class CurriculumInvalid(ValidationFailed):
    code = "curriculum_invalid"


class CurriculumNotAllowed(PermissionDeniedError):
    code = "curriculum_not_allowed"
    message = CANNOT_MANAGE


class CurriculumNotFound(NotFoundOrForbidden):
    code = "curriculum_not_found"
    message = CURRICULUM_NOT_FOUND
