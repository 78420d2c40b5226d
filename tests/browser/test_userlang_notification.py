"""HR, reading English, approves a promotion case at the HR review; the agent, whose language is Chinese,
signs in on a browser last used in English and reads the notification in Chinese.

The case is brought to the HR review through the services (tests.promotions_web.builders); the HR step and
everything the agent sees go through the pages. With SERVICELADDER_SCREENSHOTS=<dir> both sides are saved.
"""

from __future__ import annotations

import pytest

from serviceladder.accounts.services import user_language_set
from serviceladder.notifications.models import Notification
from tests.browser.conftest import screenshot
from tests.promotions_web import builders
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
# Already in the catalogue: "{stage}: approved" and "HR review"; 高级客服 is L3's Chinese name.
TITLE_ZH = "人力资源复审：已通过"
TITLE_EN = "HR review: approved"


@pytest.fixture
def case(transactional_db, monkeypatch):
    """李娜's (lina) application to L3, approved by the department and waiting for HR, on a fixed today."""
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: builders.SEPTEMBER)
    org = build_org(months=2)
    app = builders.dept_approved(org)
    user_language_set(user=org.users["agent"], language="zh-hans")
    user_language_set(user=org.users["hr"], language="en")
    Notification.objects.all().delete()
    return app


def sign_in(page, base_url: str, username: str, *, browser_language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "serviceladder_language", "value": browser_language, "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/login/" not in page.url, f"{username} could not sign in"


def test_english_hr_approves_and_the_chinese_agent_reads_the_notification_in_chinese(
    browser_page, live_server, case
):
    page, base = browser_page.page, live_server.url

    sign_in(page, base, "zhaomin", browser_language="zh-hans")
    assert page.locator("html").get_attribute("lang") == "en"  # HR's stored language wins
    page.goto(f"{base}/promotions/applications/{case.pk}/")
    page.fill("#hr-opinion", "Figures checked against the snapshot; approved.")
    with page.expect_navigation():
        page.locator("#hr-approve").click()
    assert page.locator(".message-success").first.is_visible()
    screenshot(page, "userlang-hr-approves-en")
    case.refresh_from_db()
    assert case.state == "hr_approved"

    sign_in(page, base, "lina", browser_language="en")
    assert page.locator("html").get_attribute("lang") == "zh-hans"  # the agent's stored language wins
    assert page.locator("#bell .bell-count").inner_text() == "1"
    with page.expect_navigation():
        page.locator("#bell").click()
    item = page.locator(".notification").first
    assert TITLE_ZH in item.locator(".notification-title").inner_text()
    body = item.locator(".notification-body").inner_text()
    assert "高级客服" in body and "人力资源复审" in body
    assert TITLE_EN not in page.content()
    screenshot(page, "userlang-agent-reads-zh")
    assert browser_page.console_errors == []
