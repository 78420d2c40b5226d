"""In headless Chromium, in Chinese: HR opens the demo organisation's cycle, clicks "Edit quotas" (the form
swaps in place through htmx), raises a quota with a reason, saves and sees the new value on the cycle page.
With SERVICELADDER_SCREENSHOTS=<dir> the form and the result are saved in zh-hans and en.

The demo organisation and its policy are loaded directly and the cycle is opened through the service; the
change itself is made only by clicks. The fixtures are tests/browser's (Debian's Chromium, no request may
leave the live server)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from serviceladder.audit.models import AuditEvent
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import DEMO_PASSWORD, generate
from serviceladder.demo.loader import demo_load
from serviceladder.promotions.models import PromotionCycle
from serviceladder.promotions.services import promotion_cycle_open
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TODAY = dt.date(2027, 3, 8)  # a Monday in the demo policy's March application window
REASON = "新开第二条热线，高级客服名额增加两个"


@pytest.fixture
def demo_cycle(transactional_db, monkeypatch) -> PromotionCycle:
    demo_load(org=generate(seed=3, agents=30, months=8, today=TODAY), actor=Actor(user=None))
    monkeypatch.setattr("serviceladder.promotions.clock.today", lambda: TODAY)
    from django.contrib.auth import get_user_model

    hr = get_user_model().objects.get(username="hr")
    return promotion_cycle_open(
        actor=Actor(user=hr, channel="web"),
        name="2027 上半年晋升",
        opens_on=TODAY,
        closes_on=dt.date(2027, 3, 31),
    )


def snap(page, base: str, name: str, url: str) -> None:
    """This page in zh-hans, and `url` in en in a second tab. Only with SERVICELADDER_SCREENSHOTS."""
    if not os.environ.get("SERVICELADDER_SCREENSHOTS"):
        return
    screenshot(page, f"promotion-quotas-{name}-zh-hans")
    context = page.context
    context.add_cookies([{"name": "serviceladder_language", "value": "en", "url": base}])
    other = context.new_page()
    try:
        other.goto(url)
        screenshot(other, f"promotion-quotas-{name}-en")
    finally:
        other.close()
        context.add_cookies([{"name": "serviceladder_language", "value": "zh-hans", "url": base}])


def test_hr_edits_a_quota_with_a_reason_and_sees_the_new_value(browser_page, live_server, demo_cycle):
    page, base = browser_page.page, live_server.url
    assert demo_cycle.quotas["CS3"] == 6
    page.context.add_cookies([{"name": "serviceladder_language", "value": "zh-hans", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/promotions/']").click()
    with page.expect_navigation():
        page.locator(f"a:text-is('{demo_cycle.name}')").first.click()
    cycle_url = page.url
    assert cycle_url.endswith(f"/promotions/cycles/{demo_cycle.pk}/")
    card = page.locator("#quota-card")
    assert "CS3" in card.inner_text() and "6" in card.locator("tr", has_text="CS3").inner_text()

    page.locator("#edit-quotas").click()  # htmx: the card becomes the form, the page stays
    page.locator("#quota-form").wait_for()
    assert page.url == cycle_url
    assert page.input_value("#quota-CS3") == "6" and page.input_value("#quota-CS4") == "2"
    page.fill("#quota-CS3", "8")
    page.fill("#quota-reason", REASON)
    snap(page, base, "01-form", f"{base}/promotions/cycles/{demo_cycle.pk}/quotas/")

    with page.expect_navigation():
        page.locator("#save-quotas").click()
    assert page.url == cycle_url
    message = page.locator(".message-success").first
    assert message.is_visible() and "CS3 6 → 8" in message.inner_text()
    assert "8" in page.locator("#quota-card tr", has_text="CS3").inner_text()
    snap(page, base, "02-saved", cycle_url)

    demo_cycle.refresh_from_db()
    assert demo_cycle.quotas["CS3"] == 8 and demo_cycle.version == 2
    event = AuditEvent.objects.get(action="promotion.cycle_quotas", object_id=str(demo_cycle.pk))
    assert event.before == {"CS3": 6} and event.after == {"CS3": 8} and event.reason == REASON
    assert browser_page.console_errors == []
