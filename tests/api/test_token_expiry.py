"""Token lifetimes: default and maximum from the settings, 401 token_expired, unknown keys throttled per
address with 429 + Retry-After, last-used recorded without ever failing a request."""

import datetime as dt
import logging

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from serviceladder.api import last_used
from serviceladder.api.models import ApiToken
from serviceladder.api.services import TOKEN_DAYS_RANGE, api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lifetimes(settings):
    settings.SERVICELADDER_TOKEN_DEFAULT_DAYS = 90
    settings.SERVICELADDER_TOKEN_MAX_DAYS = 365
    settings.SERVICELADDER_API_ADDRESS_FAILURES = 20
    settings.SERVICELADDER_SIGNIN_WINDOW_MINUTES = 15


def me(key, address="10.0.0.1", **headers):
    return Client(headers={"Authorization": f"Bearer {key}", **headers}).get("/api/me", REMOTE_ADDR=address)


def test_a_new_token_lasts_the_default_or_the_days_chosen(org):
    hr = org.users["hr"]
    before = timezone.now()
    default = api_token_create(actor=Actor(user=hr), user=hr, name="a").token
    assert dt.timedelta(days=90) <= default.expires_at - before < dt.timedelta(days=90, minutes=1)
    chosen = api_token_create(actor=Actor(user=hr), user=hr, name="b", days=7).token
    assert dt.timedelta(days=7) <= chosen.expires_at - before < dt.timedelta(days=7, minutes=1)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_more_than_the_maximum_or_less_than_a_day_is_refused(org, days):
    hr = org.users["hr"]
    with pytest.raises(ValidationFailed) as err:
        api_token_create(actor=Actor(user=hr), user=hr, name="x", days=days)
    assert err.value.message == TOKEN_DAYS_RANGE and "365" in str(err.value)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_401_token_expired_in_both_languages(org, key_for):
    key = key_for("agent")
    assert me(key).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = me(key)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired" and body["title"] == "API token expired"
    assert "expired on" in body["detail"] and "API tokens" in body["detail"]
    assert response["Content-Type"] == "application/problem+json"
    zh = me(key, **{"Accept-Language": "zh-hans"}).json()
    assert zh["code"] == "token_expired" and "过期" in zh["title"] and "过期" in zh["detail"]


def test_an_expired_token_does_not_count_as_a_guess(org, key_for, settings):
    settings.SERVICELADDER_API_ADDRESS_FAILURES = 2
    key = key_for("agent")
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    for _ in range(3):
        assert me(key).status_code == 401


def test_unknown_keys_from_one_address_get_429_with_retry_after(org, key_for):
    good = key_for("agent")
    for i in range(19):
        assert me(f"sl_deadbeef_{i}xxxxxxxx").status_code == 401
    locked = me("sl_deadbeef_lastguess")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    body = locked.json()
    assert body["code"] == "throttled" and "Try again after" in body["detail"]
    assert me(good).status_code == 429  # even a good key, from that address
    assert me(good, address="10.0.0.2").status_code == 200
    assert AuditEvent.objects.filter(action="api_token.lockout").count() == 1


def test_last_used_is_recorded_once_a_minute(org, key_for):
    key = key_for("agent")
    me(key)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    me(key)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - dt.timedelta(minutes=2))
    me(key)
    assert ApiToken.objects.get().last_used_at > first


def test_a_failing_last_used_write_never_fails_the_request(org, key_for, monkeypatch, caplog):
    key = key_for("agent")

    def locked(token, at):
        raise OperationalError("database is locked")

    monkeypatch.setattr(last_used, "_write", locked)
    with caplog.at_level(logging.WARNING, logger="serviceladder.api.last_used"):
        assert me(key).status_code == 200
    assert ApiToken.objects.get().last_used_at is None
    assert "last-used time not recorded" in caplog.text


@pytest.mark.sqlite_only
def test_sqlite_busy_timeout_is_restored_after_the_write(org, key_for):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        me(key_for("agent"))
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == before
