"""Domain errors: each has a stable code and a translatable message.

Views turn them into messages, the CLI into exit code 2 and a one-line reason, the API into JSON problems.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    message = _("The request could not be completed.")

    def __init__(self, message: Any = None, **data: Any) -> None:
        if message is not None:
            self.message = message
        self.data = data
        super().__init__(str(self))

    def __str__(self) -> str:
        try:
            return str(self.message) % self.data if self.data else str(self.message)
        except (KeyError, TypeError, ValueError):
            return str(self.message)


class ValidationFailed(DomainError):
    code = "invalid"
    message = _("The input is not valid.")


class NotFoundOrForbidden(DomainError):
    """Raised for objects the user may not see: "not found" and "not allowed" look the same."""

    code = "not_found"
    message = _("Not found.")


class PermissionDeniedError(DomainError):
    code = "forbidden"
    message = _("You are not allowed to do this.")


class ActorError(DomainError):
    code = "actor"
    message = _("No user to record as the actor.")
