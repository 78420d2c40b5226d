import pytest
from django.test import Client

from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from tests.web.org import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def key_for(org):
    """A fresh API key for a role key of tests.web.org.USERS (created by the user themselves)."""

    def make(role_key: str, name: str = "test") -> str:
        user = org.users[role_key]
        return api_token_create(actor=Actor(user=user, channel="web"), user=user, name=name).key

    return make


@pytest.fixture
def bearer():
    """A client that sends `Authorization: Bearer <key>` and no session."""

    def make(key: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make
