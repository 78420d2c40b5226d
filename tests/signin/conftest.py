import datetime as dt

import pytest
from django.utils import timezone

from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.SERVICELADDER_SIGNIN_WINDOW_MINUTES = 15
    settings.SERVICELADDER_SIGNIN_ACCOUNT_FAILURES = 5
    settings.SERVICELADDER_SIGNIN_ADDRESS_FAILURES = 20
    settings.SERVICELADDER_API_ADDRESS_FAILURES = 20


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, fixed; returns a function that moves it forward by some minutes."""
    current = {"at": timezone.now().replace(microsecond=0)}
    monkeypatch.setattr("serviceladder.accounts.signin.now", lambda: current["at"])

    def move(minutes: float = 0) -> dt.datetime:
        current["at"] += dt.timedelta(minutes=minutes)
        return current["at"]

    return move
