"""Domain errors of the promotions app. Message constants are module-level: tests and callers import them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import (
    DomainError,
    NotFoundOrForbidden,
    PermissionDeniedError,
    ValidationFailed,
)

# --- cycles and windows (policy 001 §6.1: applications in fixed months) -------------------------------------
WINDOW_OUTSIDE_MONTHS = _(
    "The application window %(opens)s – %(closes)s reaches into %(months)s; the policy accepts applications "
    "only in %(allowed)s."
)
WINDOW_ORDER = _("The window closes (%(closes)s) before it opens (%(opens)s).")
CYCLE_NAME_REQUIRED = _("Give the cycle a name.")
CYCLE_NOT_OPEN = _("Applications to %(cycle)s are accepted from %(opens)s to %(closes)s; today is %(today)s.")
QUOTA_INVALID = _("The quota for %(level)s must be a whole number from 0 upwards; got %(value)s.")
QUOTA_UNKNOWN_LEVEL = _("The policy has no level %(level)s to set a quota for.")
CANNOT_OPEN_CYCLE = _("Only HR may open a promotion cycle.")

# --- changing a cycle's quotas (policy 001 §6.4: management approves against them) --------------------------
CANNOT_SET_QUOTAS = _("Only HR may change the quotas of a promotion cycle.")
QUOTA_NOT_TARGET = _(
    "%(level)s is not a level anyone can be promoted to under the policy of this cycle; quotas can be set "
    "for %(allowed)s."
)
QUOTA_BELOW_APPROVED = _(
    "Management has already approved %(approved)s candidate(s) for %(level)s; the quota cannot be set to "
    "%(quota)s, below that."
)
QUOTAS_REASON_REQUIRED = _("Give a reason for changing the quotas: it is kept in the audit log.")
QUOTAS_AFTER_NOTICE = _(
    "The quotas of %(cycle)s can no longer be changed: its public notice was published on %(published)s."
)
QUOTAS_CYCLE_CLOSED = _(
    "%(cycle)s is closed: applications closed on %(closes)s and no application awaits a decision any more, "
    "so its quotas can no longer be changed."
)
STALE_CYCLE = _(
    "The quotas of this cycle were changed since you opened it (by %(actor)s at %(at)s); reload it and try "
    "again."
)

# --- applications -------------------------------------------------------------------------------------------
NO_CURRENT_LEVEL = _("%(name)s has no level on %(date)s, so there is nothing to be promoted from.")
NO_SUCH_TRANSITION = _("The policy has no move from %(from_level)s to %(to_level)s.")
UNKNOWN_LEVEL = _("There is no level %(code)s.")
EXCEPTION_REASON_REQUIRED = _(
    "%(name)s is not eligible for %(to_level)s today (%(status)s); the application can be submitted only as "
    "an exception, with a reason."
)
ALREADY_APPLIED = _("%(name)s already has an open application in %(cycle)s.")
STEP_UNDER_WAY = _(
    "The promotion of %(name)s to %(level)s is already under way (%(cycle)s: %(state)s); it cannot be "
    "applied for again."
)
FORM_INCOMPLETE = _("Fill in every part of the application form; missing: %(missing)s.")
CANNOT_NOMINATE = _("Only the person's team lead or department head may nominate them.")
CANNOT_APPLY_FOR_OTHERS = _("An application is made by the person themselves, or by nomination.")
NOT_EDITABLE = _("The application can be changed only while it is a draft.")
OPINION_REQUIRED = _("Write an opinion: it is shown to the applicant and kept in the history.")
REASON_REQUIRED = _("Give a reason.")

# --- transitions --------------------------------------------------------------------------------------------
INVALID_TRANSITION = _("An application that is %(state)s cannot be moved by “%(action)s”.")
ALREADY_MOVED = _(
    "This application was already moved to “%(state)s” by %(actor)s at %(at)s; reload it to see the change."
)
STALE_VERSION = _("This application changed since you opened it (by %(actor)s); reload it and try again.")
NOT_YOUR_STAGE = _("This step is for %(scope)s.")
OWN_APPLICATION = _("Nobody may act on their own application.")

# --- stages -------------------------------------------------------------------------------------------------
OVER_QUOTA = _(
    "Approving this uses %(used)s of the %(quota)s places for %(level)s; an approval over the quota needs an "
    "explicit override reason."
)
NOTICE_NOT_OVER = _("The public notice runs until %(ends)s; the promotion can be finalised after that.")
OPEN_APPEALS = _("%(count)s appeal(s) are still open; answer them before finalising.")
NOTHING_TO_PUBLISH = _("No approved application to publish.")
NOT_READY_TO_PUBLISH = _("%(name)s is not approved by management (it is %(state)s).")
APPEAL_PERIOD_OVER = _("The public notice ended on %(ends)s; appeals can no longer be filed.")
APPEAL_ALREADY_ANSWERED = _("This appeal was already answered.")
APPEAL_OWN_ANSWER = _("Nobody may answer their own appeal.")
APPEAL_OUTCOME_UNKNOWN = _("Unknown appeal outcome %(outcome)s; use one of %(allowed)s.")
ASSESSMENT_STAGE = _("Interviews and assessments are part of the HR review (the application is %(state)s).")
SCORE_INVALID = _("A score is a number from 0 to 1000; %(name)s has %(value)s.")
SCORES_REQUIRED = _("Record at least one score.")
LEVEL_ALREADY_SET = _("%(name)s already has a level change on %(date)s.")
PAY_ALREADY_SET = _("%(name)s already has a pay change on %(date)s.")

# --- pay (policy 001 §8) ------------------------------------------------------------------------------------
PAY_OUTSIDE_BAND = _("The pay %(amount)s lies outside the band of %(level)s (%(low)s – %(high)s).")
PAY_NOT_A_NUMBER = _("%(value)s is not an amount of money.")
PAY_NOT_YET = _("The pay change is proposed when management approves the promotion.")
PAY_FINAL = _("The promotion is already effective; its pay can no longer be adjusted here.")

# --- attachments --------------------------------------------------------------------------------------------
ATTACHMENT_TOO_LARGE = _("%(name)s is %(size)s; an attachment may be at most %(limit)s.")
ATTACHMENT_TYPE = _("%(name)s is not an accepted file type; accepted: %(allowed)s.")
ATTACHMENT_CONTENT = _("%(name)s does not look like a %(kind)s file.")
ATTACHMENT_TOO_MANY = _("An application may have at most %(limit)s attachments.")
ATTACHMENT_REMOVE_NOT_ALLOWED = _("An attachment can be removed by the person who uploaded it, or by HR.")
ATTACHMENT_REMOVE_TOO_LATE = _(
    "%(name)s can be removed by the person who uploaded it only while the application is a draft or waits "
    "for the department review; it is now %(state)s. Ask HR to remove it."
)
ATTACHMENT_REMOVE_CLOSED = _(
    "The application is %(state)s: the attachments of a closed case are kept as they are."
)
ATTACHMENT_REASON_REQUIRED = _("Give a reason for removing %(name)s: it is kept in the case history.")
ATTACHMENT_FILE_MISSING = _("The stored file of this attachment is missing; HR can remove the attachment.")

# --- calendar -----------------------------------------------------------------------------------------------
NOTICE_PROVISIONAL = _(
    "The holiday calendar for %(years)s is not official yet: the end date counts weekends only and may move "
    "when HR imports the official schedule."
)
DATE_OUT_OF_RANGE = _("%(date)s plus %(days)s working days lies beyond the dates this product can count.")
COMMENT_EMPTY = _("Write a comment.")


class PromotionError(DomainError):
    code = "promotion_error"


class PromotionInvalid(ValidationFailed):
    code = "promotion_invalid"


class WindowClosed(PromotionInvalid):
    code = "promotion_window_closed"


class ExceptionReasonRequired(PromotionInvalid):
    code = "promotion_exception_reason_required"
    message = EXCEPTION_REASON_REQUIRED


class InvalidTransition(PromotionError):
    code = "promotion_invalid_transition"
    message = INVALID_TRANSITION


class ApplicationMoved(PromotionError):
    """Somebody else moved the application between reading it and locking it (the concurrency loser)."""

    code = "promotion_application_moved"
    message = ALREADY_MOVED


class StaleApplication(PromotionError):
    code = "promotion_application_stale"
    message = STALE_VERSION


class StageNotAllowed(PermissionDeniedError):
    code = "promotion_not_allowed"
    message = NOT_YOUR_STAGE


class QuotaExceeded(PromotionInvalid):
    code = "promotion_over_quota"
    message = OVER_QUOTA


class QuotasFrozen(PromotionError):
    """The cycle is past the point where its quotas may change (a published notice, or closed)."""

    code = "promotion_quotas_frozen"


class StaleCycle(PromotionError):
    """The cycle changed between the caller reading it (its `version`) and changing it."""

    code = "promotion_cycle_stale"
    message = STALE_CYCLE


class NotFound(NotFoundOrForbidden):
    code = "promotion_not_found"


class AttachmentLocked(PromotionError):
    """The attachment may not be removed at this stage of the case (409 in the API)."""

    code = "promotion_attachment_locked"
    message = ATTACHMENT_REMOVE_TOO_LATE


class AttachmentFileMissing(NotFound):
    """The attachment's row is there but its stored file is not (a download answers 404 with this)."""

    code = "promotion_attachment_file_missing"
    message = ATTACHMENT_FILE_MISSING
