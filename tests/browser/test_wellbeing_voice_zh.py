"""The voice channel by clicks alone, in Chinese, on a phone-wide screen (issue 16 item 5): 李娜 (an agent)
opens 员工关怀, follows 我要发声 and raises an anonymous suggestion to HR; 赵敏 (HR) finds it among the items
to answer, sees who raised it (HR only) and answers it before the deadline; 李娜 reads the answer under
我的事项.
Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest
from django.utils import timezone

from serviceladder.wellbeing.models import VoiceItem
from tests.browser.conftest import log_in, screenshot
from tests.web.org import build_org
from tests.wellbeing.voice_helpers import know_next_year, load_voice_policy

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def org(transactional_db):
    org = build_org()
    load_voice_policy(org, days=5)
    know_next_year()
    return org


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _open_wellbeing(page) -> None:
    menu = page.locator("[data-navtoggle]").first
    if menu.count() and menu.is_visible():
        menu.click()
    with page.expect_navigation():
        page.get_by_role("link", name="员工关怀").first.click()


def test_an_anonymous_suggestion_answered_by_hr_before_the_deadline(browser_page, live_server, org):
    page = browser_page.page
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "lina", PASSWORD, "zh-hans")
    _open_wellbeing(page)
    with page.expect_navigation():
        page.locator("#voice").get_by_role("link", name="我要发声").click()
    page.get_by_label("建议").check()
    page.locator("input[name=addressed_to][value=hr]").check()
    page.get_by_label("对除人力资源部以外的所有人匿名").check()
    page.get_by_label("主题").fill("希望增加夜班休息时间")
    page.get_by_label("想说的话").fill("夜班连续接听八小时，希望中间能有十五分钟休息。")
    assert _fits(page)
    screenshot(page, "voice-new-zh")
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    item = VoiceItem.objects.get()
    assert item.anonymous and item.addressed_to == "hr" and item.kind == "suggestion"
    assert "答复期限为 " + item.due_on.isoformat() in page.content()

    page.context.clear_cookies()
    log_in(page, live_server.url, "zhaomin", PASSWORD, "zh-hans")
    _open_wellbeing(page)
    with page.expect_navigation():
        page.locator("#voice").get_by_role("link", name="待答复事项").click()
    with page.expect_navigation():
        page.get_by_role("link", name="希望增加夜班休息时间").click()
    assert "李娜" in page.locator(".facts").inner_text()  # HR sees who raised it
    page.get_by_label("你的答复").fill("从下周起夜班中间安排十五分钟休息。")
    page.get_by_label("向全体员工公开主题和答复（不公开提交人）").check()
    assert _fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="发送答复").click()
    item.refresh_from_db()
    assert item.state == VoiceItem.State.ANSWERED and item.published
    assert timezone.localdate(item.answered_at) <= item.due_on
    screenshot(page, "voice-answered-zh")

    page.context.clear_cookies()
    log_in(page, live_server.url, "lina", PASSWORD, "zh-hans")
    _open_wellbeing(page)
    with page.expect_navigation():
        page.locator("#voice").get_by_role("link", name="我的事项").click()
    row = page.locator("tr", has_text="希望增加夜班休息时间")
    assert "已答复" in row.inner_text() and "从下周起夜班中间安排十五分钟休息。" in row.inner_text()
    assert _fits(page)
    screenshot(page, "voice-mine-zh")
    assert browser_page.console_errors == []
