"""A write lock not got in time answers 503 with Retry-After, never 500; the API always answers JSON problems
(issue 11, item 13). The real lock on SQLite is in test_busy_serve.py; here the error is raised on purpose,
on every database."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from serviceladder.accounts.roles import Role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

LOCKED = OperationalError("database is locked")


def _locked(*args, **kwargs):
    raise LOCKED


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def hr(db):
    user = user_with_roles("hr-busy", Role.HR)
    user.set_password("pw-busy-1234")
    user.save()
    return user


def test_a_sign_in_that_cannot_write_its_session_gets_503_html(client, hr, monkeypatch):
    monkeypatch.setattr(SessionStore, "save", _locked)
    response = client.post("/login/", {"username": "hr-busy", "password": "pw-busy-1234"})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response["Content-Type"].startswith("text/html")
    assert "try again" in response.content.decode().lower()


def test_a_sign_in_refused_as_busy_can_simply_be_repeated(hr, monkeypatch):
    """login() rotates the CSRF token before its last write (the last-login time): the 503 must not carry the
    new token, or the same form sent again fails with a CSRF 403 (seen in the load test)."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    form = browser.get("/login/")
    token = form.context["csrf_token"]
    cookie = browser.cookies["csrftoken"].value
    data = {"username": "hr-busy", "password": "pw-busy-1234", "csrfmiddlewaretoken": token}
    user_logged_in.connect(_locked, dispatch_uid="busy-test")  # runs after login() rotated the token
    try:
        refused = browser.post("/login/", data)
    finally:
        user_logged_in.disconnect(dispatch_uid="busy-test")
    assert refused.status_code == 503
    assert "csrftoken" not in refused.cookies and "sessionid" not in refused.cookies
    assert browser.cookies["csrftoken"].value == cookie
    repeated = browser.post("/login/", data)
    assert repeated.status_code == 302
    assert browser.get("/api/me").json()["username"] == "hr-busy"


def test_an_api_call_that_cannot_write_gets_a_503_json_problem(client, hr, monkeypatch):
    client.force_login(hr)
    monkeypatch.setattr("serviceladder.api.me.user_roles", _locked)
    response = client.get("/api/me")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "busy" and response.json()["status"] == 503


def test_busy_after_the_view_still_answers_503(client, hr, monkeypatch):
    """The session is saved by the middleware after the view: handler500 maps the lock there too."""
    client.force_login(hr)
    monkeypatch.setattr(SessionStore, "save", _locked)
    session = client.session
    session["touched"] = True
    session.modified = True
    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.process_response", _saving)
    response = client.get("/api/me")
    assert response.status_code == 503 and response.json()["code"] == "busy"
    response = client.get("/ladder/")
    assert response.status_code == 503 and response["Retry-After"] == "2"


def _saving(self, request, response):
    raise LOCKED


def test_any_api_server_error_is_a_json_problem(client, hr, monkeypatch):
    client.force_login(hr)

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("serviceladder.api.me.user_roles", boom)
    response = client.get("/api/me")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_unknown_api_urls_and_methods_answer_json_problems(client, hr):
    client.force_login(hr)
    for response in (client.get("/api/nowhere"), client.post("/api/nowhere/else"), client.delete("/api/me")):
        assert response["Content-Type"] == "application/problem+json", response.status_code
        assert response.status_code in (404, 405)


def test_an_ordinary_error_is_not_taken_for_busy(client, hr, monkeypatch):
    client.force_login(hr)

    def other(*args, **kwargs):
        raise OperationalError("no such table: nowhere")

    monkeypatch.setattr("serviceladder.api.me.user_roles", other)
    assert client.get("/api/me").status_code == 500


def test_the_busy_page_and_problem_speak_chinese(client, hr, monkeypatch):
    monkeypatch.setattr(SessionStore, "save", _locked)
    response = client.post(
        "/login/", {"username": "hr-busy", "password": "pw-busy-1234"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 503 and "系统繁忙" in response.content.decode()
    monkeypatch.undo()
    client.force_login(hr)
    monkeypatch.setattr("serviceladder.api.me.user_roles", _locked)
    response = client.get("/api/me", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["title"] == "服务暂不可用" and "数据库正忙" in response.json()["detail"]
