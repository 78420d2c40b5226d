"""Every page carries the security headers: Content-Security-Policy, no-store, Referrer-Policy, HSTS on HTTPS.

The browser test (tests/browser/test_content_security_policy.py) proves the pages satisfy the policy; here the
headers are checked over HTTP for every named route, and the templates and Python code are searched for
the things the policy refuses (inline scripts, event-handler attributes, style attributes and elements).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from serviceladder.web.security_headers import CONTENT_SECURITY_POLICY
from tests.web.pages import ROUTES

SRC = Path(__file__).resolve().parents[2] / "src" / "serviceladder"
PREFERRED_ROLES = ["hr", "agent", "team_lead", "department_head", "management", "admin", "none"]


def _first_ok_case(name):
    for case in ROUTES[name]:
        if case.allowed:
            role = next(r for r in PREFERRED_ROLES if r in case.allowed)
            return case, role
    return None, None


READABLE = [name for name in ROUTES if _first_ok_case(name)[0] is not None]


def _assert_headers(response, url):
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert "no-store" in response.get("Cache-Control", ""), f"{url}: {response.get('Cache-Control')}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", READABLE)
def test_every_page_and_download_carries_the_headers(client, org, name):
    case, role = _first_ok_case(name)
    client.force_login(org.users[role])
    url = reverse(name, kwargs=case.kwargs(org, role)) + case.query
    response = client.get(url)
    assert response.status_code == case.ok_status, url
    _assert_headers(response, url)


@pytest.mark.django_db
def test_refusals_and_api_errors_carry_the_headers_too(client, org):
    client.force_login(org.users["agent"])
    for url in ["/audit/", "/people/E0000/", "/api/people/E0000"]:
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        _assert_headers(response, url)
    client.logout()
    response = client.get("/api/me")  # no credentials: a 401 problem, still never cached
    assert response.status_code == 401
    _assert_headers(response, "/api/me")


@pytest.mark.django_db
def test_login_page_for_someone_not_signed_in_has_the_policy(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_only_over_https(client, org, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client.force_login(org.users["hr"])
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# What the policy refuses, as it appears in a template or in HTML built in Python.
REFUSED = {
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    # "on" in lower case: an attribute starts so (onclick, onClick), a Python constant (ONLINE = "…") does not
    "event handler": re.compile(r"""\son[a-zA-Z]+\s*=\s*["']"""),
    "javascript: link": re.compile(r"javascript:", re.I),
}


def _sources():
    for path in sorted(SRC.rglob("*")):
        if path.suffix == ".py" or (path.suffix in {".html", ".svg", ".txt"} and "templates" in path.parts):
            yield path


def test_no_template_or_python_html_needs_unsafe_inline():
    found = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for label, pattern in REFUSED.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(SRC)}:{line}: {label}: {match.group(0)!r}")
    assert found == []
