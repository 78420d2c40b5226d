"""Token lifetimes on the pages and the command line; everyone's tokens for HR and administrators."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from serviceladder.api.models import ApiToken
from serviceladder.api.services import api_token_create
from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lifetimes(settings):
    settings.SERVICELADDER_TOKEN_DEFAULT_DAYS = 90
    settings.SERVICELADDER_TOKEN_MAX_DAYS = 365


def as_user(org, role):
    client = Client()
    client.force_login(org.users[role])
    return client


def test_the_page_creates_a_token_for_the_days_chosen_and_shows_its_end(org):
    client = as_user(org, "agent")
    page = client.get(reverse("api_tokens")).content.decode()
    assert 'name="days"' in page and 'value="90"' in page and 'max="365"' in page
    response = client.post(reverse("api_tokens"), {"name": "script", "days": "30"})
    token = ApiToken.objects.get()
    assert dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    shown = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
    html = response.content.decode()
    assert f"It works until {shown}" in html
    assert shown in client.get(reverse("api_tokens")).content.decode()


@pytest.mark.parametrize("days", ["400", "0", "abc"])
def test_the_page_refuses_more_than_the_maximum(org, days):
    response = as_user(org, "agent").post(reverse("api_tokens"), {"name": "script", "days": days})
    assert response.status_code == 200
    assert "365" in response.content.decode() or "whole number" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_marked_in_the_list(org):
    agent = org.users["agent"]
    token = api_token_create(actor=Actor(user=agent), user=agent, name="old").token
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    html = as_user(org, "agent").get(reverse("api_tokens")).content.decode()
    assert "Expired" in html and reverse("api_token_revoke", kwargs={"pk": token.pk}) not in html


def test_hr_and_admin_see_everyones_tokens_and_revoke_with_a_reason(org):
    agent, lead = org.users["agent"], org.users["team_lead"]
    mine = api_token_create(actor=Actor(user=agent), user=agent, name="agent script").token
    api_token_create(actor=Actor(user=lead), user=lead, name="lead script")
    for role in ("hr", "admin"):
        html = as_user(org, role).get(reverse("api_tokens_all")).content.decode()
        assert "agent script" in html and "lead script" in html and "wangfang" in html
        assert mine.prefix in html and "key_hash" not in html
    hr = as_user(org, "hr")
    filtered = hr.get(reverse("api_tokens_all"), {"q": "lina"}).content.decode()
    assert "agent script" in filtered and "lead script" not in filtered
    url = reverse("api_token_revoke_any", kwargs={"pk": mine.pk})
    assert hr.post(url, {"reason": " "}).status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is None
    assert hr.post(url, {"reason": "left the company"}).status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor == org.users["hr"] and event.reason == "left the company"


@pytest.mark.parametrize("role", ["agent", "team_lead", "department_head", "management", "none"])
def test_others_neither_list_nor_revoke_someone_elses_token(org, role):
    hr = org.users["hr"]
    token = api_token_create(actor=Actor(user=hr), user=hr, name="hr script").token
    client = as_user(org, role)
    assert client.get(reverse("api_tokens_all")).status_code == 403
    url = reverse("api_token_revoke_any", kwargs={"pk": token.pk})
    assert client.post(url, {"reason": "x"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_cli_create_with_days_and_list_shows_the_end(org, capsys):
    assert main(["token", "create", "--user", "lina", "--name", "r", "--days", "10", "--as", "sysadmin"]) == 0
    err = capsys.readouterr().err
    token = ApiToken.objects.get()
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") in err
    assert (
        main(["token", "create", "--user", "lina", "--name", "r", "--days", "366", "--as", "sysadmin"]) == 2
    )
    assert "365" in capsys.readouterr().err
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(hours=1))
    assert main(["token", "list", "--user", "lina"]) == 0
    listing = capsys.readouterr().out
    assert "expires" in listing and "expired" in listing


def test_cli_revoke_follows_the_actors_rights(org, capsys):
    hr = org.users["hr"]
    token = api_token_create(actor=Actor(user=hr), user=hr, name="hr script").token
    assert main(["token", "revoke", str(token.pk), "--as", "lina"]) == 2  # an agent: not theirs
    token.refresh_from_db()
    assert token.revoked_at is None
    assert main(["token", "revoke", str(token.pk), "--as", "sysadmin", "--reason", "rotated"]) == 0
    token.refresh_from_db()
    assert token.revoked_at is not None
