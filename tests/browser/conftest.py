"""Browser tests: everything in this folder is marked `browser`; helpers to log in and take screenshots.

The fixtures (chromium_browser, browser_page) live in tests/browser_fixtures.py, a plugin every test folder
shares.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The screenshot pass writes pictures for people to look at; it runs only when asked (the folder to write to).
collect_ignore = [] if os.environ.get("SERVICELADDER_SCREENSHOTS") else ["test_screenshot_pass.py"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def log_in(page, base_url: str, username: str, password: str, language: str | None = None) -> None:
    """Log in through the login form (in `language`, when given, by the language cookie)."""
    if language:
        page.context.add_cookies([{"name": "serviceladder_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/login/" not in page.url, f"{username} could not log in"


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when SERVICELADDER_SCREENSHOTS names a folder (for people to look at)."""
    folder = os.environ.get("SERVICELADDER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
