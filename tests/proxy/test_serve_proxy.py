"""`serve` behind an HTTPS reverse proxy: X-Forwarded-Proto, -Host and -For are believed from the proxy only.

The real `serve` (waitress) runs in a subprocess on a free loopback port, with production settings (not DEBUG,
HTTPS on) and an SQLite home in a temporary folder. The test plays the proxy: it connects from 127.0.0.1
(the trusted address) and, to be someone else, from 127.0.0.2 (Linux answers the whole 127/8 on loopback).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from serviceladder.cli.commands.serve import MAIL_TO_FILES, SERVING_LOOPBACK, SERVING_PROXIED

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "ladder.example.com"
CLIENT = "203.0.113.7"  # the browser's address, as the proxy reports it
PASSWORD = "Cor-rect-horse-42"
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": PUBLIC_HOST, "X-Forwarded-For": CLIENT}

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs 127.0.0.2 on the loopback interface")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SERVICELADDER_INSECURE_HTTP", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith(("SECURE_", "SERVICELADDER_TRUSTED"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        SERVICELADDER_HOME=str(home),
        DJANGO_SETTINGS_MODULE="tests.proxy.probe_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1,localhost",
        SERVICELADDER_PASSWORD=PASSWORD,
    )
    return env


def _cli(env, *args) -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "serviceladder", *args], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr


class Server:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port, self.process = port, process
        self.banner = ""

    def read_banner(self) -> str:
        """The lines `serve` printed before serving (how it answers plain HTTP, where e-mails go)."""
        lines = []
        while len(lines) < 2:
            lines.append(self.process.stderr.readline())
        self.banner = "".join(lines)
        return self.banner

    def request(self, method, path, headers=None, body=None, source="127.0.0.1"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            conn.request(
                method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            )
            response = conn.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            conn.close()


def _start(home: Path, trusted_proxy: str | None) -> Server:
    env = _env(home)
    _cli(env, "manage", "migrate", "--verbosity", "0")
    _cli(env, "user", "create", "alice", "--role", "hr")
    port = _free_port()
    command = [sys.executable, "-m", "serviceladder", "serve", "--port", str(port), "--no-worker"]
    if trusted_proxy:
        command += ["--trusted-proxy", trusted_proxy]
    process = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    server = Server(port, process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read()}")
        try:
            server.request("GET", "/healthz")
            server.read_banner()
            return server
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("serve did not start within 120 s")


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory):
    server = _start(tmp_path_factory.mktemp("proxied-home"), trusted_proxy="127.0.0.1")
    yield server
    _stop(server)


@pytest.fixture(scope="module")
def no_proxy(tmp_path_factory):
    server = _start(tmp_path_factory.mktemp("direct-home"), trusted_proxy=None)
    yield server
    _stop(server)


def _probe(server, **kwargs) -> dict:
    response = server.request("GET", "/healthz/probe", **kwargs)
    assert response.status == 200, (response.status, response.getheader("Location"))
    return json.loads(response.text)


def test_trusted_proxy_https_is_believed_no_redirect_loop(behind_proxy):
    response = behind_proxy.request("GET", "/", headers=PROXY)
    assert response.status == 302, response.getheader("Location")
    assert response.getheader("Location").startswith("/login/")  # to the sign-in page, not to https://
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")
    assert behind_proxy.request("GET", "/login/", headers=PROXY).status == 200
    assert _probe(behind_proxy, headers=PROXY) == {"remote_addr": CLIENT, "secure": True, "host": PUBLIC_HOST}


def test_trusted_proxy_without_the_header_is_plain_http(behind_proxy):
    response = behind_proxy.request("GET", "/login/")
    assert response.status == 301
    assert response.getheader("Location").startswith("https://")


def test_the_same_headers_from_another_address_are_ignored(behind_proxy):
    response = behind_proxy.request("GET", "/", headers=PROXY, source="127.0.0.2")
    assert response.status == 301 and response.getheader("Location").startswith("https://127.0.0.1:")
    probe = _probe(behind_proxy, headers={**PROXY, "X-Forwarded-Proto": "http"}, source="127.0.0.2")
    assert probe == {"remote_addr": "127.0.0.2", "secure": False, "host": f"127.0.0.1:{behind_proxy.port}"}


def test_without_a_trusted_proxy_the_headers_are_ignored(no_proxy):
    response = no_proxy.request("GET", "/", headers=PROXY)
    assert response.status == 302 and response.getheader("Location").startswith("/login/")
    probe = _probe(no_proxy, headers={**PROXY, "X-Forwarded-Proto": "http"})
    assert probe == {"remote_addr": "127.0.0.1", "secure": False, "host": f"127.0.0.1:{no_proxy.port}"}


def test_on_loopback_without_a_proxy_it_serves_plain_http_and_says_so(no_proxy):
    """Nobody else can reach a loopback address: plain HTTP, no redirect to an https:// nobody answers."""
    page = no_proxy.request("GET", "/login/")
    assert page.status == 200
    assert page.getheader("Location") is None
    assert "Secure" not in (page.getheader("Set-Cookie") or "")  # the CSRF cookie travels over plain HTTP
    assert page.getheader("Strict-Transport-Security") is None
    first = no_proxy.banner.splitlines()[0]
    assert first == str(SERVING_LOOPBACK) % {"url": f"http://127.0.0.1:{no_proxy.port}/"}
    assert str(MAIL_TO_FILES).split("%", 1)[0] in no_proxy.banner


def test_behind_a_proxy_it_says_it_expects_https(behind_proxy):
    first = behind_proxy.banner.splitlines()[0]
    assert first == str(SERVING_PROXIED) % {"url": f"http://127.0.0.1:{behind_proxy.port}/"}
    assert "SERVICELADDER_INSECURE_HTTP=1" in first


def test_each_request_is_one_line_on_the_console(no_proxy):
    no_proxy.request("GET", "/a-page-for-the-log/?token=secret")
    line = ""
    while "/a-page-for-the-log/" not in line:
        line = no_proxy.process.stderr.readline()
    assert line.split() == ["127.0.0.1", "GET", "/a-page-for-the-log/", "302", line.split()[4], "ms"]
    assert "secret" not in line  # no query string: it may carry a token


def _cookies(response) -> dict[str, str]:
    jar = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def test_sign_in_through_the_proxy_passes_the_csrf_origin_check(behind_proxy):
    page = behind_proxy.request("GET", "/login/", headers=PROXY)
    assert page.status == 200
    cookies = _cookies(page)
    assert "Secure" in page.getheader("Set-Cookie")  # the CSRF cookie only travels over HTTPS
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": "alice", "password": PASSWORD})
    headers = {
        **PROXY,
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://{PUBLIC_HOST}",
        "Referer": f"https://{PUBLIC_HOST}/login/",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    signed_in = behind_proxy.request("POST", "/login/", headers=headers, body=body)
    assert signed_in.status == 302, signed_in.text[:500]
    assert signed_in.getheader("Location") == "/"
    session = _cookies(signed_in)
    assert "sessionid" in session
    home = behind_proxy.request("GET", "/", headers={**PROXY, "Cookie": f"sessionid={session['sessionid']}"})
    assert home.status == 200
    assert "no-store" in home.getheader("Cache-Control")
    # a forged origin is still refused
    forged = behind_proxy.request(
        "POST", "/login/", headers={**headers, "Origin": "https://evil.example"}, body=body
    )
    assert forged.status == 403
