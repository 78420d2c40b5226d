"""How domain errors become HTTP statuses (pure mapping, no database)."""

import pytest

from serviceladder.api.problems import problem_status
from serviceladder.core.errors import (
    ActorError,
    DomainError,
    NotFoundOrForbidden,
    PermissionDeniedError,
    ValidationFailed,
)
from serviceladder.policy.errors import NoPolicyInForce, PolicyInvalid, UnknownPolicyVersion


class DeclaresItsStatus(DomainError):
    code = "teapot"
    http_status = 418


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFoundOrForbidden(), 404),
        (UnknownPolicyVersion(), 404),
        (PermissionDeniedError(), 403),
        (ValidationFailed(), 400),
        (PolicyInvalid(issues=[]), 400),
        (ActorError(), 400),
        (NoPolicyInForce(), 409),
        (DomainError(), 409),
        (DeclaresItsStatus(), 418),
    ],
)
def test_problem_status(error, status):
    assert problem_status(error) == status
