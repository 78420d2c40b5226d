"""Recognition by clicks alone (issue 15, item 2), on a phone-wide screen: 李娜 (an agent) opens Recognition
in Chinese, follows "Give recognition", narrows the list to 张伟 with the filter box, picks a category, writes
a few words and sends; her lead 王芳 opens 张伟's recognition page in English and hides it with a reason.
Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest

from serviceladder.recognition.models import Recognition
from tests.browser.conftest import log_in, screenshot
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def org(transactional_db):
    return build_org()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_agent_gives_and_the_lead_hides(browser_page, live_server, org):
    page = browser_page.page
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "lina", PASSWORD, "zh-hans")
    page.goto(f"{live_server.url}/recognition/")
    with page.expect_navigation():
        page.locator("#give-link").click()
    page.fill("#q", "张伟")
    with page.expect_navigation():
        page.locator("form.give-filter button[type=submit]").click()
    assert page.locator("#to option:checked").get_attribute("value") == "E2004"  # the one match, chosen
    page.locator("input[name=category][value=helping_colleague]").check()
    page.fill("#text", "夜班时替我顶了半小时班，谢谢！")
    assert _fits(page)
    screenshot(page, "recognition-give-zh")
    with page.expect_navigation():
        page.locator("#give-form button[type=submit]").click()
    r = Recognition.objects.get()
    assert (r.recipient.number, r.category, r.source) == ("E2004", "helping_colleague", "colleague")
    assert "夜班时替我顶了半小时班" in page.locator("#recognition-give").inner_text()
    assert _fits(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, "wangfang", PASSWORD, "en")
    page.goto(f"{live_server.url}/people/E2004/recognition/")
    item = page.locator(f"#recognition-{r.pk}")
    assert "from 李娜" in item.inner_text()
    with page.expect_navigation():
        item.locator("a.btn").click()
    page.fill("#reason", "Posted on the wrong colleague")
    with page.expect_navigation():
        page.locator("#visibility-form button[type=submit]").click()
    r.refresh_from_db()
    assert r.hidden_at is not None and r.hidden_reason == "Posted on the wrong colleague"
    assert "Hidden" in page.locator(f"#recognition-{r.pk}").inner_text()
    assert _fits(page)
    screenshot(page, "recognition-hidden-en")
    assert browser_page.console_errors == []
