"""The bell and the notification list by clicks, a token made on the account page used against the API, and
the API docs page working with no internet (the browser_page fixture fails on any outside request)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from serviceladder.notifications.services import notify
from tests.browser.conftest import log_in as browser_log_in
from tests.browser.conftest import screenshot
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def org(transactional_db):
    return build_org(months=2)


def log_in(watched, base_url: str, username: str) -> None:
    browser_log_in(watched.page, base_url, username, PASSWORD)


def bell_count(page) -> str:
    badge = page.locator("#bell .bell-count")
    return badge.inner_text() if badge.count() else ""


def test_bell_list_open_and_mark_all_read(browser_page, live_server, org):
    agent, hr = org.users["agent"], org.users["hr"]
    notify(
        recipients=[agent], kind="test.first", title="Cycle opened", body="Apply by 31 March.", url="/ladder/"
    )
    notify(recipients=[agent], kind="test.second", title="Review scheduled", body="", url="/", actor=hr)
    notify(recipients=[hr], kind="test.other", title="Someone else's news", body="", url="/")
    page = browser_page.page
    log_in(browser_page, live_server.url, "lina")
    assert bell_count(page) == "2"
    screenshot(page, "notifications-bell")

    page.click("#bell")
    page.wait_for_url("**/notifications/")
    assert page.locator(".notification-unread").count() == 2
    assert "Someone else's news" not in page.content()
    screenshot(page, "notifications-list")

    page.click("text=Cycle opened")
    page.wait_for_url("**/ladder/")
    assert bell_count(page) == "1"

    # the poll's fragment swaps in the new count (htmx.ajax stands in for the 60-second timer)
    notify(recipients=[agent], kind="test.third", title="Decision published", body="", url="/")
    page.evaluate("htmx.ajax('GET', '/notifications/bell/', {target: '#bell', swap: 'outerHTML'})")
    page.wait_for_function("document.querySelector('#bell .bell-count')?.textContent === '2'")

    page.goto(f"{live_server.url}/notifications/")
    page.click("text=Mark all as read")
    page.wait_for_load_state("networkidle")
    assert page.locator(".notification-unread").count() == 0
    assert bell_count(page) == ""
    assert browser_page.console_errors == []


def test_token_from_the_account_page_calls_the_api(browser_page, live_server, org):
    page = browser_page.page
    log_in(browser_page, live_server.url, "wangfang")
    page.click(".usermenu summary")
    page.click("text=API tokens")
    page.fill("#t-name", "team report")
    page.click("text=Create token")
    key = page.locator(".token-key").inner_text().strip()
    screenshot(page, "api-tokens")
    request = urllib.request.Request(
        f"{live_server.url}/api/people?page_size=10", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the local live server
        people = json.load(response)
    assert sorted(p["number"] for p in people["items"]) == ["E2002", "E2003", "E2004"]


def test_api_docs_render_from_local_assets(browser_page, live_server, org):
    page = browser_page.page
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 8
    assert "/api/people/{number}/eligibility" in page.content()
    screenshot(page, "api-docs")
    assert browser_page.console_errors == []
