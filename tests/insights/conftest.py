import pytest

from tests.web.conftest import _fast_passwords, _plain_http  # noqa: F401  (shared fixtures)
from tests.web.org import build_org, ensure_policy


@pytest.fixture
def org(db):
    org = build_org()
    ensure_policy(org)
    return org


@pytest.fixture
def client_for(client, org):
    """A logged-in test client for a role key from tests.web.org.USERS (English unless asked)."""

    def login(role_key: str, language: str = "en"):
        client.logout()
        client.force_login(org.users[role_key])
        client.cookies["serviceladder_language"] = language
        return client

    return login
