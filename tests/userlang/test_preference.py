"""The stored language: the header switch keeps a signed-in choice, signing in applies it, the CLI sets it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from serviceladder.accounts.models import UserPreferences
from serviceladder.accounts.selectors import user_language, user_languages
from serviceladder.accounts.services import UNKNOWN_LANGUAGE, user_language_set
from serviceladder.audit.models import AuditEvent
from serviceladder.cli.main import main
from serviceladder.core.errors import ValidationFailed
from tests.factories import UserFactory, user_with_roles

pytestmark = pytest.mark.django_db

COOKIE = "serviceladder_language"
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def stored(user) -> str | None:
    return UserPreferences.objects.filter(user=user).values_list("language", flat=True).first()


def test_a_user_who_never_chose_has_the_site_language(settings):
    ann, bo = UserFactory(username="ann"), UserFactory(username="bo")
    assert user_language(ann) == "en"
    user_language_set(user=bo, language="zh-Hans")  # written as in the catalogue's folder name
    assert stored(bo) == "zh-hans"
    assert user_languages([ann.pk, bo.pk]) == {ann.pk: "en", bo.pk: "zh-hans"}
    settings.LANGUAGE_CODE = "zh-hans"
    assert user_language(ann) == "zh-hans"  # follows the site's default while no choice is stored


def test_an_unknown_language_is_refused_and_nothing_stored():
    ann = UserFactory(username="ann")
    with pytest.raises(ValidationFailed) as error:
        user_language_set(user=ann, language="fr")
    assert error.value.message == UNKNOWN_LANGUAGE
    assert not UserPreferences.objects.exists()


def test_the_header_switch_stores_a_signed_in_users_choice(client):
    ann = UserFactory(username="ann")
    client.force_login(ann)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert response.cookies[COOKIE].value == "zh-hans"
    assert stored(ann) == "zh-hans"
    page = client.get("/notifications/")
    assert '<html lang="zh-hans">' in page.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert stored(ann) == "en"
    client.post(reverse("set_language"), {"language": "klingon", "next": "/"})
    assert stored(ann) == "en"


def test_the_switch_on_the_sign_in_page_only_sets_the_cookie(client):
    UserFactory(username="ann")
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/login/"})
    assert response.cookies[COOKIE].value == "zh-hans"
    assert not UserPreferences.objects.exists()
    assert '<html lang="zh-hans">' in client.get("/login/").content.decode()


def test_signing_in_switches_to_the_stored_language(client):
    ann = UserFactory(username="ann")
    user_language_set(user=ann, language="zh-hans")
    client.cookies[COOKIE] = "en"  # the browser was last used in English
    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "zh-hans"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    assert stored(ann) == "zh-hans"


def test_a_language_chosen_on_the_sign_in_page_replaces_the_stored_one(client):
    ann = UserFactory(username="ann")
    user_language_set(user=ann, language="en")
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/login/"})
    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})
    assert response.cookies[COOKIE].value == "zh-hans"
    assert stored(ann) == "zh-hans"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    # The choice belongs to that sign-in: after signing out, a cookie left behind does not override the
    # next person's stored language on a shared computer.
    bo = UserFactory(username="bo")
    user_language_set(user=bo, language="en")
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "bo", "password": PASSWORD})
    assert (response.cookies[COOKIE].value, stored(bo)) == ("en", "en")


def test_a_failed_sign_in_changes_nothing(client):
    ann = UserFactory(username="ann")
    user_language_set(user=ann, language="zh-hans")
    client.cookies[COOKIE] = "en"
    response = client.post(reverse("login"), {"username": "ann", "password": "wrong"})
    assert response.status_code == 200
    assert COOKIE not in response.cookies
    assert '<html lang="en">' in response.content.decode()


def test_first_sign_in_keeps_and_stores_the_language_picked_on_the_sign_in_page(client):
    ann, bo = UserFactory(username="ann"), UserFactory(username="bo")
    client.cookies[COOKIE] = "zh-hans"
    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})
    assert response.cookies[COOKIE].value == "zh-hans"
    assert stored(ann) == "zh-hans"

    other = type(client)()
    response = other.post(reverse("login"), {"username": "bo", "password": PASSWORD})
    assert response.cookies[COOKIE].value == "en"  # no choice anywhere: the site's language
    assert stored(bo) is None


def test_a_chinese_browser_signs_in_in_chinese_and_that_becomes_the_stored_language(client):
    """No cookie, no stored choice: the sign-in page was shown in the browser's language, so is the rest."""
    ann = UserFactory(username="ann")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert '<html lang="zh-hans">' in page.content.decode()
    response = client.post(
        reverse("login"),
        {"username": "ann", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5",
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "zh-hans"
    assert stored(ann) == "zh-hans"
    assert user_language(ann) == "zh-hans"  # the language notifications and e-mails are written in
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_an_english_browser_stores_english_and_a_stored_choice_still_wins(client):
    ann, bo = UserFactory(username="ann"), UserFactory(username="bo")
    user_language_set(user=bo, language="zh-hans")
    response = client.post(
        reverse("login"), {"username": "ann", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en-GB,en"
    )
    assert (response.cookies[COOKIE].value, stored(ann)) == ("en", "en")
    other = type(client)()
    response = other.post(
        reverse("login"), {"username": "bo", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en-GB,en"
    )
    assert (response.cookies[COOKIE].value, stored(bo)) == ("zh-hans", "zh-hans")


def test_user_create_with_a_language(monkeypatch, capsys):
    user_with_roles("root", "admin")
    monkeypatch.setenv("SERVICELADDER_PASSWORD", "a-long-enough-pass-9")
    assert (
        main(
            [
                "user",
                "create",
                "lina",
                "--role",
                "agent",
                "--language",
                "zh-hans",
                "--as",
                "root",
                "--reason",
                "new",
            ]
        )
        == 0
    )
    lina = get_user_model().objects.get(username="lina")
    assert stored(lina) == "zh-hans"
    assert AuditEvent.objects.get(action="user.create").after["language"] == "zh-hans"

    assert main(["user", "create", "tom", "--as", "root"]) == 0
    assert user_language(get_user_model().objects.get(username="tom")) == "en"


def test_user_create_refuses_an_unknown_language_and_creates_nobody(monkeypatch, capsys):
    user_with_roles("root", "admin")
    monkeypatch.setenv("SERVICELADDER_PASSWORD", "a-long-enough-pass-9")
    assert main(["user", "create", "lina", "--language", "fr", "--as", "root"]) == 2
    assert "fr" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username="lina").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_stored_language_wins_when_the_browser_lost_its_cookie(client):
    """The session outlives the browser's language cookie: the stored choice comes back, cookie and all."""
    ann = UserFactory(username="ann")
    user_language_set(user=ann, language="zh-hans")
    client.force_login(ann)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert response.cookies[COOKIE].value == "zh-hans"
    # the cookie, once there, is what counts (as the header switch set it)
    client.cookies[COOKIE] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_without_a_stored_choice_the_browser_language_still_applies(client):
    client.force_login(UserFactory(username="ann"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert COOKIE not in response.cookies
