import pytest

from tests.web.org import build_org


@pytest.fixture
def org(db):
    return build_org(months=1)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for(client, org):
    def login(role_key: str, language: str = "en"):
        client.force_login(org.users[role_key])
        client.cookies["serviceladder_language"] = language
        return client

    return login
