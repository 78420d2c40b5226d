"""Every page, for every role, fits a 390 px phone: nothing makes the page itself scroll sideways.

Wide tables may scroll inside their own box (`.table-wrap`); the page must not. An absolutely positioned
element inside such a box (a visually hidden label, say) escapes the box's clipping unless the box is its
containing block, and widens the whole page: the crawl catches that class as well as plain overflow.
"""

from __future__ import annotations

import pytest

from tests.browser.test_content_security_policy import crawl
from tests.browser.test_every_role_every_page import ROLE_USERS, demo_org, log_in  # noqa: F401

PHONE = {"width": 390, "height": 844}
WIDEST_ELEMENTS = """
() => Array.from(document.body.querySelectorAll('*'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !e.closest('.table-wrap, pre'))
  .slice(0, 3)
  .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
"""


def _overflow(watched) -> list[str]:
    page = watched.page
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return []
    return [f"page is {width} px wide", *page.evaluate(WIDEST_ELEMENTS)]


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_page_fits_a_phone(browser_page, live_server, demo_org, role):  # noqa: F811
    browser_page.page.set_viewport_size(PHONE)
    language = "zh-hans" if list(ROLE_USERS).index(role) % 2 else "en"
    log_in(browser_page, live_server.url, ROLE_USERS[role], language)
    results = crawl(browser_page, live_server.url, inspect=_overflow)
    assert len(results) >= 8, f"only {sorted(results)} visited"
    wide = {path: found for path, found in results.items() if found}
    assert wide == {}, f"{len(wide)} of {len(results)} pages are wider than a phone: {wide}"
