"""A mentor logs a session by clicks alone (issue 14, item 6), in English: 陈静 (an agent of another
department) signs in, finds the session with her mentee 李娜 due on her home page, opens it, writes what they
talked about and the next steps, saves, sees it on the mentorship page with the plan in force, and back home
the to-do is gone. Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serviceladder.development.models import MentoringSession
from tests.browser.conftest import log_in, screenshot
from tests.development.mentoring_org import GOAL_TEXT, agreed_plan, pair
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def mentoring(transactional_db):
    org = build_org()
    agreed_plan(org)
    # Paired five weeks ago, meeting every four weeks and no session yet: one is overdue.
    m = pair(org, starts_on=timezone.localdate() - dt.timedelta(weeks=5), every_weeks=4)
    return org, m


def test_the_mentor_logs_a_session_from_the_home_page(browser_page, live_server, mentoring):
    org, m = mentoring
    page = browser_page.page
    log_in(page, live_server.url, "chenjing", PASSWORD, "en")
    page.goto(f"{live_server.url}/")
    todo = page.locator("#todos .todo[data-kind='development.mentoring_session']")
    assert todo.count() == 1
    assert "Meet 李娜, your mentee" in todo.inner_text()
    assert todo.locator(".badge-danger").inner_text() == "overdue"
    screenshot(page, "mentor-home-en")

    with page.expect_navigation():
        todo.locator("a").click()
    assert page.locator("h1").inner_text() == "Log a session with 李娜"
    page.fill("#notes", "Listened to two escalated calls together")
    page.fill("#next_steps", "Use the confirming question before offering a refund")
    screenshot(page, "mentor-session-form-en")
    with page.expect_navigation():
        page.locator("#save-session").click()

    session = MentoringSession.objects.get()
    assert (session.mentorship_id, session.held_on) == (m.pk, timezone.localdate())
    assert session.logged_by == org.users["mentor"]
    assert "Session of" in page.locator(".messages, [role=status], .message").first.inner_text()
    assert "Listened to two escalated calls together" in page.locator("#sessions").inner_text()
    assert GOAL_TEXT in page.locator("#mentee-plan").inner_text()
    screenshot(page, "mentor-mentorship-en")

    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/']").click()
    assert page.locator("#todos .todo[data-kind='development.mentoring_session']").count() == 0
    assert "李娜" in page.locator("#home-mentees").inner_text()
    assert browser_page.console_errors == []
