"""Errors of the wellbeing scan and signals (issue 16 items 1–2). Message constants are module-level so tests
can import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed

BAD_MONTH = _("Give the month as YYYY-MM, a month that has ended; found %(found)s.")
BAD_DATE = _("Give the date as YYYY-MM-DD; found %(found)s.")
UNKNOWN_TEAM = _("There is no team %(found)s among the people you may see.")


class WellbeingInvalid(ValidationFailed):
    code = "wellbeing_invalid"
