import datetime as dt

import pytest

from tests.promotions_web.builders import SEPTEMBER
from tests.web.conftest import _fast_passwords, _plain_http, client_for, org  # noqa: F401  (shared fixtures)


@pytest.fixture
def today(monkeypatch):
    """The promotions clock (services and pages) fixed inside WEB_POLICY's September window; a setter."""
    current = {"date": SEPTEMBER}
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: current["date"])

    def set_today(date: dt.date) -> None:
        current["date"] = date

    return set_today
