"""The screenshot pass: every page each role reaches, in both languages, at 1366 px and at 390 px.

Written to the folder named by SERVICELADDER_SCREENSHOTS, for people to look at (file names
`WIDTH-LANGUAGE-ROLE-PATH.png`); without it the module is not collected at all (tests/browser/conftest.py),
so it neither runs nor counts as a skip (CI treats any skip as a failure). The pages are found the way the
Content-Security-Policy crawl finds them (links from the home page down, a few pages per URL pattern); each
one must answer and fit a phone without sideways scrolling.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_content_security_policy import crawl
from tests.browser.test_every_role_every_page import ROLE_USERS, demo_org, log_in  # noqa: F401

WIDTHS = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("role", list(ROLE_USERS))
@pytest.mark.usefixtures("demo_org")
def test_screenshot_every_page(browser_page, live_server, role, language):
    page = browser_page.page
    page.set_viewport_size(WIDTHS["1366"])
    log_in(browser_page, live_server.url, ROLE_USERS[role], language)

    def shoot(watched) -> list[str]:
        if watched.page.evaluate("document.contentType") != "text/html":
            return []  # a JSON document (the API schema) is not a page to look at
        name = watched.page.url.removeprefix(live_server.url).strip("/").replace("/", "_") or "home"
        wide = []
        for width, viewport in WIDTHS.items():
            watched.page.set_viewport_size(viewport)
            screenshot(watched.page, f"{width}-{language}-{role}-{name}")
            if width == "390" and watched.page.evaluate("document.documentElement.scrollWidth") > 390:
                wide.append(name)
        watched.page.set_viewport_size(WIDTHS["1366"])
        return wide

    results = crawl(browser_page, live_server.url, inspect=shoot)
    assert len(results) >= 5, f"only {sorted(results)} visited"
    assert [path for path, wide in results.items() if wide] == []
