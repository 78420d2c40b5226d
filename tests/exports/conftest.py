import pytest

from tests.web.conftest import _fast_passwords, _plain_http, client_for  # noqa: F401  (shared fixtures)
from tests.web.org import build_org, ensure_policy


@pytest.fixture
def org(db):
    org = build_org()
    ensure_policy(org)
    return org
