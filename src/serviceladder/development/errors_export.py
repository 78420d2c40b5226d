"""Errors of the development export (issue 14, "Also"). Message constants are module-level so tests can
import them; the CLI turns each into exit code 2 and one line on stderr."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

NOTHING_TO_EXPORT = _(
    "%(user)s may not read anyone's development record: the export is for the people themselves, their "
    "leads, heads and mentors, HR, and management (counts only)."
)
COUNTS_NOT_ALLOWED = _("Counts of development plans are for HR and management; %(user)s may not read them.")
UNKNOWN_DEPARTMENT = _("There is no department %(code)s.")
BAD_AS_OF = _("--as-of must be a date written YYYY-MM-DD; found %(found)s.")
GOALS_WITH_COUNTS = _("--goals lists each person's goals; counts have none.")
XLSX_TO_TERMINAL = _("XLSX is binary: pass --output FILE (or redirect the output to a file).")


class ExportNotAllowed(PermissionDeniedError):
    code = "development_export_not_allowed"


class ExportInvalid(ValidationFailed):
    code = "development_export_invalid"
