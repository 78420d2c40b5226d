import pytest

from tests.web.org import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def client_for(client, org):
    """A logged-in test client for a role key from tests.web.org.USERS."""

    def login(role_key: str, language: str = "en"):
        client.force_login(org.users[role_key])
        client.cookies["serviceladder_language"] = language
        return client

    return login


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # The test client speaks plain HTTP; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
