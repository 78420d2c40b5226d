"""Layouts that fit: each role's most-used pages on a 390 px phone, the widest pages on a 1366 px laptop.

On a phone the header stays one row (under 64 px) with the navigation folded behind "Menu", the page never
scrolls sideways, and the tables people read (My path's conditions, the eligibility lists, what-if gains)
become cards whose every cell is on screen. On a laptop each role's navigation is one row (the
reference pages fold under "More"), no table is cut off at its box's right edge and the ladder's "you" tag
covers no name.
"""

from __future__ import annotations

import re

import pytest

from serviceladder.accounts.roles import Role
from tests.browser.test_every_role_every_page import ROLE_USERS, demo_org, log_in  # noqa: F401

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
MOST_USED = {
    Role.AGENT: ["/", "/me/path/", "/ladder/"],
    Role.TEAM_LEAD: ["/", "/eligibility/", "/people/"],
    Role.DEPARTMENT_HEAD: ["/", "/eligibility/", "/promotions/"],
    Role.HR: ["/", "/eligibility/", "/promotions/"],
    Role.MANAGEMENT: ["/", "/eligibility/", "/promotions/"],
    Role.ADMIN: ["/", "/admin-area/users/", "/imports/"],
}
# cells of card tables whose right edge is beyond the screen (they would need a sideways scroll to read)
CELLS_OFF_SCREEN = """
() => Array.from(document.querySelectorAll('table.table-cards td, table.table-cards th'))
  .filter(c => c.offsetParent && c.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 3).map(c => `${c.closest('table').className}: ${c.textContent.trim().slice(0, 40)}`)
"""
# tables wider than the box they sit in (cut off, or only readable by scrolling the box)
TABLES_CUT_OFF = """
() => Array.from(document.querySelectorAll('main table'))
  .filter(t => t.offsetParent && t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
  .map(t => `${t.className} ${t.parentElement.scrollWidth}>${t.parentElement.clientWidth}`)
"""


def _open(page, base_url: str, path: str) -> None:
    response = page.goto(f"{base_url}{path}")
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"


@pytest.mark.parametrize("role", list(MOST_USED))
@pytest.mark.usefixtures("demo_org")
def test_most_used_pages_fit_a_phone_with_a_folded_menu(browser_page, live_server, role):
    page = browser_page.page
    page.set_viewport_size(PHONE)
    language = "zh-hans" if list(MOST_USED).index(role) % 2 else "en"
    log_in(browser_page, live_server.url, ROLE_USERS[role], language)
    for path in MOST_USED[role]:
        _open(page, live_server.url, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth"), (
            f"{path} scrolls sideways"
        )
        header = page.locator("header.topbar").bounding_box()
        assert header is not None and header["height"] < 64, f"{path}: header {header}"
        assert page.evaluate(CELLS_OFF_SCREEN) == [], path
        # the navigation is folded: its links are hidden until "Menu" opens them, then one leads on
        links = page.locator("nav.mainnav a")
        assert links.count() >= 3 and not links.first.is_visible()
        toggle = page.locator("[data-navtoggle]")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert links.first.is_visible() and page.locator(".sitemenu .langswitch").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.keyboard.press("Escape")
        assert not links.first.is_visible()
    toggle = page.locator("[data-navtoggle]")
    toggle.click()
    ladder = page.locator("nav.mainnav a[href='/ladder/']")
    if not ladder.is_visible():  # those who see others find the ladder under "More"
        page.locator("nav.mainnav .nav-more summary").click()
    ladder.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/ladder/")
    assert browser_page.console_errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.usefixtures("demo_org")
def test_my_path_explanations_are_read_on_a_phone_without_scrolling(browser_page, live_server, language):
    page = browser_page.page
    page.set_viewport_size(PHONE)
    log_in(browser_page, live_server.url, "agent", language)
    _open(page, live_server.url, "/me/path/")
    rows = page.locator("table.conditions tbody tr")
    assert rows.count() >= 3
    for i in range(rows.count()):
        for cell in rows.nth(i).locator("td").all():
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            assert box["width"] > 150, "a cell squeezed into a narrow column"
    # each figure's explanation is labelled with its column's heading (copied by app.js)
    heading = page.locator("table.conditions thead th").last.inner_text().strip()
    assert rows.first.locator("td").last.get_attribute("data-label") == heading


def _run_whatif(page, base_url: str) -> None:
    """HR lowers every threshold of the policy in force in the what-if editor and runs it."""
    _open(page, base_url, "/policy/whatif/")
    box = page.locator("#draft-yaml")
    text = box.input_value()
    text = re.sub(r"value: 4\.\d, window", "value: 3.5, window", text)
    text = re.sub(r'value: "9\d%"', 'value: "50%"', text)
    text = re.sub(r"min_score: \d+", "min_score: 10", text)
    text = re.sub(r"top_percent: \d+", "top_percent: 100", text)
    box.fill(text)
    page.locator(".whatif-run button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".whatif-kpis").count() == 1, "the simulation gave no result"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.usefixtures("demo_org")
def test_no_table_is_cut_off_on_a_laptop(browser_page, live_server, language):
    page = browser_page.page
    page.set_viewport_size(LAPTOP)
    log_in(browser_page, live_server.url, "hr", language)
    for path in ["/", "/eligibility/", "/promotions/", "/people/"]:
        _open(page, live_server.url, path)
        assert page.evaluate(TABLES_CUT_OFF) == [], path
    _open(page, live_server.url, "/")
    assert page.locator("main table").count() >= 1  # the organisation matrix
    _run_whatif(page, live_server.url)
    assert page.locator("main table").count() >= 3
    assert page.evaluate(TABLES_CUT_OFF) == [], "what-if result"
    # the same result on a phone: the gains and losses are cards on screen
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(CELLS_OFF_SCREEN) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.usefixtures("demo_org")
def test_the_you_tag_on_the_ladder_covers_no_name(browser_page, live_server, language):
    page = browser_page.page
    page.set_viewport_size(LAPTOP)
    log_in(browser_page, live_server.url, "agent", language)
    _open(page, live_server.url, "/ladder/")
    own = page.locator(".ladder-level.is-own")
    tag = own.locator(".ladder-own").bounding_box()
    assert tag is not None and tag["width"] > 10
    for text in own.locator("text.ladder-name, text.ladder-code").all():
        box = text.bounding_box()
        assert box is not None
        apart = (
            box["x"] + box["width"] <= tag["x"]
            or tag["x"] + tag["width"] <= box["x"]
            or box["y"] + box["height"] <= tag["y"]
            or tag["y"] + tag["height"] <= box["y"]
        )
        assert apart, f"'{text.text_content()}' {box} under the tag {tag}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.usefixtures("demo_org")
def test_every_roles_navigation_is_one_row_on_a_laptop(browser_page, live_server, language):
    page = browser_page.page
    page.set_viewport_size(LAPTOP)
    for role, user in ROLE_USERS.items():
        page.context.clear_cookies()
        log_in(browser_page, live_server.url, user, language)
        _open(page, live_server.url, "/")
        links = page.locator("nav.mainnav > ul > li")
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert len(tops) == 1, f"{role}: the navigation wraps ({links.count()} items)"
        more = page.locator("nav.mainnav .nav-more")
        if more.count():
            hidden = more.locator("a").first
            assert not hidden.is_visible()
            more.locator("summary").click()
            assert hidden.is_visible()
            page.locator("main").click(position={"x": 5, "y": 5})  # a click elsewhere closes it
            assert not hidden.is_visible()
    # the folded page opens from "More", which then shows where one is
    page.context.clear_cookies()
    log_in(browser_page, live_server.url, "hr", language)
    more = page.locator("nav.mainnav .nav-more summary")
    more.click()
    page.locator("nav.mainnav a[href='/queues/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/queues/")
    assert "is-current" in (page.locator("nav.mainnav .nav-more summary").get_attribute("class") or "")
    assert browser_page.console_errors == []
