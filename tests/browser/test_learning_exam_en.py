"""An agent takes an exam in the browser, in English, with a reload mid-way (issue 17 item 5): 李娜 finds the
exam on the Learning page, starts it, answers two questions (each autosaved), reloads — the answers and the
deadline survive — answers the rest, submits and reads her result. Screenshots with
SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest

from serviceladder.learning.models import Attempt
from serviceladder.org.models import ExamResult
from tests.browser.conftest import log_in, screenshot
from tests.learning.exams_setup import exam
from tests.web.org import build_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def exam_org(transactional_db):
    org = build_org()
    return org, exam(short=False, time_limit=20, allow_review=True)


def _saved(page, click):
    """Click, and wait until the autosave that the change sends has been answered."""
    with page.expect_response(lambda r: r.url.endswith("/save/") and r.status == 200):
        click()
    page.locator("#exam-saved", has_text="Answers saved at").wait_for()


def test_an_agent_takes_an_exam_with_a_reload_mid_way(browser_page, live_server, exam_org):
    _org, the_exam = exam_org
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "lina", PASSWORD, "en")
    page.goto(f"{live_server.url}/learning/")
    with page.expect_navigation():
        page.locator("#exams a", has_text="Knowledge exam").first.click()
    assert "Time limit: 20 minutes" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("#start-exam").click()
    assert page.locator("#exam-timer").is_visible()
    deadline = page.locator("#exam-timer").get_attribute("data-deadline")
    _saved(page, page.locator(".exam-choice", has_text="B").first.click)  # single choice: b is right
    true_false = page.locator("fieldset", has_text="True or false")
    _saved(page, true_false.locator(".exam-choice", has_text="True").click)
    screenshot(page, "exam-taking-en")
    before = page.locator("#exam-remaining").inner_text()

    page.reload()
    assert page.locator("#exam-timer").get_attribute("data-deadline") == deadline
    remaining = page.locator("#exam-remaining").inner_text()
    assert remaining <= before and remaining.startswith(("19:", "20:"))
    single = page.locator("fieldset", has_text="Single")
    assert single.locator("input[value=b]").is_checked()
    assert page.locator("fieldset", has_text="True or false").locator("input[value=true]").is_checked()

    multiple = page.locator("fieldset", has_text="Multiple")
    _saved(page, multiple.locator(".exam-choice", has_text="A").click)
    _saved(page, multiple.locator(".exam-choice", has_text="C").click)
    with page.expect_navigation():
        page.locator("#submit-exam").click()
    main = page.locator("main").inner_text()
    assert "Your answers are submitted." in page.locator(".message").first.inner_text()
    assert "100%" in main and "passed" in main
    screenshot(page, "exam-result-en")
    attempt = Attempt.objects.get(exam=the_exam)
    assert attempt.state == "marked" and not attempt.timed_out
    assert ExamResult.objects.get(exam_code="knowledge-exam").score == 100
