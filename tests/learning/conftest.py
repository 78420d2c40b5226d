import pytest

from tests.web.conftest import _fast_passwords, _plain_http, client_for, org  # noqa: F401
from tests.web.org import ensure_policy


@pytest.fixture
def org_with_policy(org):  # noqa: F811
    """The test organisation with the preset policy loaded (which fills the catalogue from its trainings)."""
    ensure_policy(org)
    return org
