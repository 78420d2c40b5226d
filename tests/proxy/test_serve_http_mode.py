"""How `serve` answers plain HTTP, decided from its address and proxy before settings load (cli serve)."""

import io

import pytest

from serviceladder.cli.commands.serve import (
    INSECURE_HTTP,
    LOOPBACK,
    PLAIN,
    PROXIED,
    SERVING_LOOPBACK,
    SERVING_PLAIN,
    SERVING_PROXIED,
    http_mode,
    http_mode_apply,
    is_loopback,
    serving_line,
    show_mail_apply,
    with_request_log,
)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.5", "::", "ladder.example.com", ""])  # noqa: S104
def test_other_addresses(host):
    assert not is_loopback(host)


def test_loopback_without_a_proxy_is_plain_http():
    assert http_mode(host="127.0.0.1", trusted_proxy=None, environ={}) == LOOPBACK


def test_a_named_proxy_or_another_address_expects_https():
    assert http_mode(host="127.0.0.1", trusted_proxy="127.0.0.1", environ={}) == PROXIED
    assert http_mode(host="0.0.0.0", trusted_proxy=None, environ={}) == PROXIED  # noqa: S104
    assert http_mode(host="10.0.0.5", trusted_proxy="10.0.0.1", environ={}) == PROXIED


def test_insecure_http_wins_everywhere():
    env = {INSECURE_HTTP: "1"}
    assert http_mode(host="0.0.0.0", trusted_proxy=None, environ=env) == PLAIN  # noqa: S104
    assert http_mode(host="127.0.0.1", trusted_proxy="127.0.0.1", environ=env) == PLAIN
    assert http_mode(host="0.0.0.0", trusted_proxy=None, environ={INSECURE_HTTP: "0"}) == PROXIED  # noqa: S104


def test_only_loopback_turns_plain_http_on():
    env = {}
    http_mode_apply(PROXIED, env)
    assert env == {}
    http_mode_apply(LOOPBACK, env)
    assert env == {INSECURE_HTTP: "1"}


def test_the_first_line_says_which():
    assert serving_line(LOOPBACK, host="127.0.0.1", port=8000) == str(SERVING_LOOPBACK) % {
        "url": "http://127.0.0.1:8000/"
    }
    assert serving_line(PLAIN, host="::", port=80) == str(SERVING_PLAIN) % {"url": "http://[::]:80/"}
    line = serving_line(PROXIED, host="0.0.0.0", port=8000)  # noqa: S104
    assert line == str(SERVING_PROXIED) % {"url": "http://0.0.0.0:8000/"}
    assert "\n" not in line and "SERVICELADDER_INSECURE_HTTP=1" in line


def test_show_mail_prints_unless_a_backend_is_configured():
    env = {}
    show_mail_apply(False, env)
    assert env == {}
    show_mail_apply(True, env)
    assert env == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    show_mail_apply(True, smtp)
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def _app(status):
    def app(environ, start_response):
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok"]

    return app


def _call(app, path, query=""):
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET", "REMOTE_ADDR": "10.1.2.3"}
    return app(environ, lambda status, headers, exc_info=None: None)


def test_request_log_lines():
    out = io.StringIO()
    assert _call(with_request_log(_app("404 Not Found"), out), "/x/", "token=abc") == [b"ok"]
    _call(with_request_log(_app("200 OK"), out), "/static/web/app.css")  # a static file served: quiet
    _call(with_request_log(_app("404 Not Found"), out), "/static/web/gone.css")  # a missing one: shown
    lines = out.getvalue().splitlines()
    assert [line.split()[:4] for line in lines] == [
        ["10.1.2.3", "GET", "/x/", "404"],
        ["10.1.2.3", "GET", "/static/web/gone.css", "404"],
    ]
    assert "abc" not in out.getvalue()
