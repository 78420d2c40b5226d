"""Recording last-used never waits on a lock (PostgreSQL: a revoke or any writer holding the token's row)."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.test import Client

from serviceladder.api.models import ApiToken
from serviceladder.api.services import api_token_create
from serviceladder.audit.services import Actor
from tests.web.org import build_org

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,  # row locks of another connection
]


def test_a_request_does_not_wait_for_a_locked_token_row(settings):
    settings.SECURE_SSL_REDIRECT = False
    org = build_org()
    agent = org.users["agent"]
    issued = api_token_create(actor=Actor(user=agent), user=agent, name="x")
    held, release = threading.Event(), threading.Event()

    def hold_the_row():
        try:
            with transaction.atomic():
                ApiToken.objects.select_for_update().get(pk=issued.token.pk)
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert held.wait(5)
        started = time.monotonic()
        response = Client(headers={"Authorization": f"Bearer {issued.key}"}).get("/api/me")
        elapsed = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert response.status_code == 200
    assert elapsed < 1.0, elapsed
    assert ApiToken.objects.get().last_used_at is None  # skipped, not waited for
