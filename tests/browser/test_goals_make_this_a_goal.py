"""Make this a goal, by clicks alone, in Chinese: the demo agent opens My path, turns an unmet condition into
a goal (the form comes pre-filled), adds it, and finds it with its status on their development page; the
goal pages fit a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.development.models import Goal
from tests.browser.conftest import screenshot
from tests.browser.test_every_role_every_page import log_in


@pytest.fixture
def demo(transactional_db):
    demo_load(org=generate(seed=7, agents=320, months=18, today=timezone.localdate()), actor=Actor(user=None))


def test_agent_makes_a_goal_from_my_path_in_chinese(browser_page, live_server, demo):
    page = browser_page.page
    log_in(browser_page, live_server.url, "agent", "zh-hans")
    page.locator("nav a[href='/me/path/']").click()
    page.wait_for_load_state("networkidle")
    button = page.locator("a.make-goal").first
    assert button.inner_text().strip() == "设为目标"
    button.click()
    page.wait_for_load_state("networkidle")
    statement = page.locator("textarea[name=statement]").input_value()
    assert statement.startswith("满足晋升")  # pre-filled from the condition
    assert page.locator("input[name=due_date]").input_value()
    screenshot(page, "zh-hans-agent-goal-form")
    page.locator("form.goal-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert Goal.objects.filter(statement=statement, version__state="draft").count() == 1
    assert "/development/goals/" in page.url
    assert page.locator(".goal-detail .status").inner_text().strip() == "进行中"
    page.locator("nav a[href='/development/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".goal-list a", has_text=statement[:10]).count() >= 1
    assert page.locator(".goal-list .status", has_text="进展正常").count() >= 1  # a demo goal on track
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "390-zh-hans-agent-goals")
    assert browser_page.console_errors == []
