"""`serviceladder token ...` and the Account → API tokens page."""

import pytest
from django.urls import reverse

from serviceladder.api.models import ApiToken
from serviceladder.api.services import api_token_authenticate
from serviceladder.cli.main import main

pytestmark = pytest.mark.django_db


def test_cli_create_prints_the_key_once_list_never_shows_it(org, capsys):
    assert main(["token", "create", "--user", "lina", "--name", "reports", "--as", "sysadmin"]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    assert api_token_authenticate(key=key) == org.users["agent"]
    assert "not shown again" in out.err
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "lina" in listing and "reports" in listing and key not in listing and key[12:] not in listing
    prefix = ApiToken.objects.get().prefix
    assert main(["token", "revoke", f"sl_{prefix}", "--as", "sysadmin", "--reason", "rotated"]) == 0
    assert api_token_authenticate(key=key) is None
    assert "revoked" in capsys.readouterr().out


def test_cli_bad_input_exits_2(org, capsys):
    assert main(["token", "create", "--user", "nobody", "--name", "x", "--as", "sysadmin"]) == 2
    assert "nobody" in capsys.readouterr().err
    assert main(["token", "revoke", "nope", "--as", "sysadmin"]) == 2
    assert not ApiToken.objects.exists()


def test_page_shows_a_new_key_once_and_revokes_own_tokens(client, org):
    client.force_login(org.users["agent"])
    response = client.post(reverse("api_tokens"), {"name": "my script"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    html = response.content.decode()
    key = html.split(f"sl_{token.prefix}_", 1)[1].split("<", 1)[0]
    assert api_token_authenticate(key=f"sl_{token.prefix}_{key}") == org.users["agent"]
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-store" in directives and "max-age=0" in directives
    again = client.get(reverse("api_tokens")).content.decode()
    assert "my script" in again and key not in again
    response = client.post(reverse("api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_page_cannot_revoke_someone_elses_token(client, org):
    client.force_login(org.users["hr"])
    client.post(reverse("api_tokens"), {"name": "hr tool"})
    token = ApiToken.objects.get()
    client.force_login(org.users["agent"])
    assert client.post(reverse("api_token_revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "hr tool" not in client.get(reverse("api_tokens")).content.decode()


def test_cli_revoke_by_an_all_digit_prefix_is_not_read_as_an_id(org, capsys):
    assert main(["token", "create", "--user", "lina", "--name", "first", "--as", "sysadmin"]) == 0
    assert main(["token", "create", "--user", "lina", "--name", "second", "--as", "sysadmin"]) == 0
    first, second = ApiToken.objects.order_by("pk")
    # An unlucky prefix made only of digits, naming the other token's id.
    ApiToken.objects.filter(pk=second.pk).update(prefix=str(first.pk))
    assert main(["token", "revoke", f"sl_{first.pk}", "--as", "sysadmin"]) == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.revoked_at is not None and first.revoked_at is None
    assert main(["token", "revoke", str(first.pk), "--as", "sysadmin"]) == 0  # bare digits: the id
    first.refresh_from_db()
    assert first.revoked_at is not None
