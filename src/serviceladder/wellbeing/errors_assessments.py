"""Errors of the reads over stored wellbeing assessments (issue 16 items 1–2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import ValidationFailed

NO_SUCH_MONTH = _("No assessment is stored for %(month)s; months with assessments: %(months)s.")
BAD_MONTH = _("“%(month)s” is not a month: write it as YYYY-MM, e.g. 2026-11.")


class UnknownAssessmentMonth(ValidationFailed):
    code = "unknown_month"
    message = NO_SUCH_MONTH
