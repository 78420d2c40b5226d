"""Headless Chromium fixtures (Debian's package, never a downloaded browser) driven by Playwright.

A pytest plugin loaded by tests/conftest.py, so that browser tests in any folder share ONE session-wide
browser: two Playwright sessions in one worker fail ("Sync API inside the asyncio loop"). Every page load is
watched: a request to anything but the live server is blocked and fails the test, because the product must
work inside an intranet with no internet.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SERVICELADDER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run browser tests"
        if os.environ.get("SERVICELADDER_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Watched:
    """A page plus everything it tried to fetch from outside and every console error."""

    def __init__(self, page):
        self.page = page
        self.external: list[str] = []
        self.console_errors: list[str] = []


@pytest.fixture
def browser_page(chromium_browser, live_server, transactional_db):
    # transactional_db first: the browser closes (and the live server finishes its last request) before the
    # database is flushed after the test; a request still running during the flush locks SQLite's schema.
    context = chromium_browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    watched = Watched(page)

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            watched.external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda msg: msg.type == "error" and watched.console_errors.append(msg.text))
    yield watched
    context.close()
    assert watched.external == [], f"external requests: {watched.external}"
