"""Every role's home is a to-do list: a department head signs in, sees the two applications waiting for
their review on the home page (and 2 on the navigation badge), opens one, approves it, and back home the
item is gone and the badge says 1. In both languages; screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import datetime as dt

import pytest

from serviceladder.promotions.models import PromotionApplication
from serviceladder.promotions.services import promotion_cycle_open
from serviceladder.promotions.states import State
from tests.browser.conftest import log_in, screenshot
from tests.promotions.conftest import build_org, submitted, today  # noqa: F401

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def waiting(transactional_db, request):
    """The promotions test organisation with two applications submitted in department a (on the promotions
    clock's fixed "today")."""
    request.getfixturevalue("today")
    org = build_org()
    org.cycle = promotion_cycle_open(
        actor=org.actor("hr"),
        name="2025 下半年晋升",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 30),
    )
    return org, submitted(org, "applicant"), submitted(org, "colleague")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_head_approves_a_waiting_review_from_the_home_page(browser_page, live_server, waiting, language):
    org, first, second = waiting
    page = browser_page.page
    log_in(page, live_server.url, "zhoujg", PASSWORD, language)
    page.goto(f"{live_server.url}/")
    todos = page.locator("#todos .todo")
    assert todos.count() == 2
    assert page.locator("#todo-count").inner_text() == "2"
    review = "Department review" if language == "en" else "部门初审"
    assert todos.first.locator(".todo-kind").inner_text() == review
    screenshot(page, f"todo-home-head-before-{language}")

    link = page.locator(f"#todos a[href='/promotions/applications/{first.pk}/#department']")
    assert link.inner_text().startswith("lina-name")
    with page.expect_navigation():
        link.click()
    page.fill("#department-opinion", "Good work / 业绩扎实")
    with page.expect_navigation():
        page.locator("#department-approve").click()
    first.refresh_from_db()
    assert first.state == State.DEPT_APPROVED

    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/']").click()
    assert page.locator("#todos .todo").count() == 1
    assert page.locator(f"#todos a[href='/promotions/applications/{first.pk}/#department']").count() == 0
    assert page.locator(f"#todos a[href='/promotions/applications/{second.pk}/#department']").count() == 1
    assert page.locator("#todo-count").inner_text() == "1"
    screenshot(page, f"todo-home-head-after-{language}")
    assert PromotionApplication.objects.filter(state=State.SUBMITTED).count() == 1
    assert browser_page.console_errors == []
