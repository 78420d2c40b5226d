"""Domain errors of the voice channel (issue 16 item 5). Message constants are module-level so tests can
import them."""

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import PermissionDeniedError, ValidationFailed

# Who may act.
CANNOT_SUBMIT = _("Only staff with an employee record can speak up in the voice channel.")
CANNOT_ANSWER = _(
    "Only the item's owner, the head of the department it is addressed to, the person it was escalated to or "
    "HR can work on it; never the person who raised it."
)
CANNOT_ASSIGN = _("Only HR, or the head of the department an item is addressed to, chooses its owner.")
CANNOT_PUBLISH = _("Only HR publishes an answer to all staff.")
ONLY_SUBMITTER = _("Only the person who raised an item can withdraw it.")

# What a valid step is.
UNKNOWN_KIND = _("Choose what it is: %(allowed)s.")
UNKNOWN_ADDRESSEE = _("Choose whom it is for: %(allowed)s.")
NO_DEPARTMENT = _("You belong to no department, so the item can only go to HR.")
OWN_DEPARTMENT = _("You head this department: address the item to HR instead.")
SUBJECT_REQUIRED = _("Give the item a subject.")
BODY_REQUIRED = _("Write what you want to say.")
ANSWER_REQUIRED = _("Write the answer.")
TEXT_TOO_LONG = _("%(field)s has at most %(limit)s characters; this has %(length)s.")
DATE_OUT_OF_RANGE = _(
    "The answer deadline cannot be counted: %(date)s plus %(days)s working days lies beyond the dates this "
    "product can count."
)
NOT_OPEN = _("This item is %(state)s; only a submitted or in-progress item can be worked on.")
NOT_SUBMITTED = _("This item is %(state)s already; only a submitted item can be started.")
NOT_ANSWERED = _("Only an answered item can be published; this one is %(state)s.")
ALREADY_ANSWERED = _("This item is %(state)s; it can no longer be withdrawn.")
BAD_OWNER = _(
    "%(name)s cannot own this item: choose HR, or for an item to a department its head or a team lead."
)
SAME_OWNER = _("%(name)s owns this item already.")


class VoiceInvalid(ValidationFailed):
    code = "voice_invalid"


class VoiceNotAllowed(PermissionDeniedError):
    code = "voice_not_allowed"
    message = CANNOT_ANSWER
