"""Domain errors of the policy app. Message constants are module-level so tests can import them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from serviceladder.core.errors import DomainError, NotFoundOrForbidden, ValidationFailed

POLICY_INVALID = _("The policy file has %(count)s problem(s); the first: %(first)s")
UNKNOWN_PRESET = _("Unknown preset %(name)s; available: %(allowed)s.")
UNKNOWN_VERSION = _("No stored policy version %(ref)s.")
NO_POLICY_IN_FORCE = _("No policy version is in force on %(date)s.")
VERSION_IMMUTABLE = _("A stored policy version can never be changed; load a new version instead.")
CANNOT_LOAD_POLICY = _("Only HR or an administrator may load a policy version.")
BAD_EFFECTIVE_DATE = _("The effective date %(value)s is not a date in the form YYYY-MM-DD.")


class PolicyInvalid(ValidationFailed):
    code = "policy_invalid"
    message = POLICY_INVALID

    def __init__(self, *, issues) -> None:
        self.issues = list(issues)
        super().__init__(
            POLICY_INVALID, count=len(self.issues), first=self.issues[0].render() if self.issues else ""
        )


class UnknownPreset(ValidationFailed):
    code = "unknown_preset"
    message = UNKNOWN_PRESET


class UnknownPolicyVersion(NotFoundOrForbidden):
    code = "unknown_policy_version"
    message = UNKNOWN_VERSION


class NoPolicyInForce(DomainError):
    code = "no_policy_in_force"
    message = NO_POLICY_IN_FORCE


class PolicyVersionImmutable(DomainError):
    code = "policy_version_immutable"
    message = VERSION_IMMUTABLE


DRAFT_NAME_MISSING = _("Give the draft a name, so that it can be found again.")
DRAFT_NAME_TOO_LONG = _("A draft name has at most 120 characters.")
UNKNOWN_DRAFT = _("No policy draft %(ref)s.")
CANNOT_WORK_ON_DRAFTS = _("Only HR or management may work on policy drafts.")


class DraftNameMissing(ValidationFailed):
    code = "draft_name_missing"
    message = DRAFT_NAME_MISSING


class DraftNameTooLong(ValidationFailed):
    code = "draft_name_too_long"
    message = DRAFT_NAME_TOO_LONG


class UnknownPolicyDraft(NotFoundOrForbidden):
    code = "unknown_policy_draft"
    message = UNKNOWN_DRAFT
