"""A lead records a coaching session from a task and the agent acknowledges it, by clicks alone, in English
(issue 15 item 4): 王芳 finds the coaching task for 李娜 on her home page, reads why it was opened,
records the session; 李娜 finds the session to acknowledge on her home page and acknowledges it with a
comment. Each to-do is gone once done. Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest

from serviceladder.recognition.models import CoachingTask
from serviceladder.recognition.services.coaching import coaching_scan
from tests.browser.conftest import log_in, screenshot
from tests.recognition.coaching_setup import coaching_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def coaching(transactional_db):
    org = coaching_org()
    coaching_scan()
    CoachingTask.objects.filter(rule_code="csat-below").delete()  # one task: the QA drop
    return org


def test_the_lead_records_a_session_and_the_agent_acknowledges_it(browser_page, live_server, coaching):
    page = browser_page.page
    log_in(page, live_server.url, "wangfang", PASSWORD, "en")
    page.goto(f"{live_server.url}/")
    todo = page.locator("#todos .todo[data-kind='recognition.coaching_open']")
    assert todo.count() == 1
    assert "Coach 李娜: QA score" in todo.inner_text()
    screenshot(page, "coaching-lead-home-en")

    with page.expect_navigation():
        todo.locator("a").first.click()
    assert "worse by 10 than the own average of 90" in page.locator("main").inner_text()
    page.select_option("#c-competency", "communication")
    page.fill("#c-agreed", "Listen to two recorded calls a week and rework the greeting")
    screenshot(page, "coaching-task-en")
    with page.expect_navigation():
        page.locator("#record-session").click()
    assert "The coaching session is recorded" in page.locator(".message").first.inner_text()
    assert "Listen to two recorded calls a week" in page.locator("#session").inner_text()
    task = CoachingTask.objects.get()
    assert (task.state, task.focus_metric, task.focus_competency) == ("recorded", "qa_score", "communication")
    page.goto(f"{live_server.url}/")
    assert page.locator("#todos .todo[data-kind='recognition.coaching_open']").count() == 0

    page.context.clear_cookies()
    log_in(page, live_server.url, "lina", PASSWORD, "en")
    page.goto(f"{live_server.url}/")
    todo = page.locator("#todos .todo[data-kind='recognition.coaching_to_acknowledge']")
    assert todo.count() == 1
    with page.expect_navigation():
        todo.locator("a").first.click()
    assert "Listen to two recorded calls a week" in page.locator("#session").inner_text()
    page.fill("#ack-comment", "Agreed, I will send my notes on Friday")
    screenshot(page, "coaching-acknowledge-en")
    with page.expect_navigation():
        page.locator("#acknowledge-session").click()
    assert "You acknowledged the coaching session." in page.locator(".message").first.inner_text()
    task.refresh_from_db()
    assert (task.state, task.agent_comment) == ("acknowledged", "Agreed, I will send my notes on Friday")
    assert "Agreed, I will send my notes on Friday" in page.locator("#session").inner_text()
    page.goto(f"{live_server.url}/")
    assert page.locator("#todos .todo[data-kind='recognition.coaching_to_acknowledge']").count() == 0
    assert browser_page.console_errors == []
