"""The anonymous pulse by clicks alone (issue 16 item 4): in Chinese, an agent opens the to-do on their home
page, answers the four questions and sends them anonymously; in English, HR goes from the Wellbeing area to
the results of a closed pulse where one small team is folded into its department (and its neighbour hidden
with it), named with the reason and without a number. Screenshots with SERVICELADDER_SCREENSHOTS."""

from __future__ import annotations

import pytest

from serviceladder.wellbeing.models import PulseAnswered, PulseResponse
from tests.browser.conftest import log_in, screenshot
from tests.web.org import build_org
from tests.wellbeing.pulse_setup import closed_with_teams, open_cycle

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def pulse_org(transactional_db):
    return build_org()


def test_an_agent_answers_the_pulse_in_chinese_by_clicks(browser_page, live_server, pulse_org):
    org = pulse_org
    cycle = open_cycle(org)
    page, base = browser_page.page, live_server.url
    log_in(page, base, "lina", PASSWORD, "zh-hans")
    todo = page.locator("#todos .todo[data-kind='wellbeing.pulse_to_answer']")
    assert "回答本月脉搏调查" in todo.inner_text()
    with page.expect_navigation():
        todo.locator("a").first.click()
    assert "你的回答如何保持匿名" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    for question, value in zip(range(1, 5), (4, 2, 3, 5), strict=True):
        fieldset = page.locator("fieldset.pulse-question").nth(question - 1)
        fieldset.locator("label.pulse-option", has_text=str(value)).click()
    page.get_by_label("意见（选填）").fill("希望排班能提前公布")
    screenshot(page, "pulse-answer-zh-390")
    with page.expect_navigation():
        page.get_by_role("button", name="提交我的回答").click()
    assert "你的回答已匿名记录" in page.content()
    assert "你已回答本次脉搏调查" in page.content()
    assert PulseAnswered.objects.filter(cycle=cycle, employee__number="E2003").exists()
    response = PulseResponse.objects.get(cycle=cycle)
    assert response.values == {"exhaustion": 4, "achievement": 2, "path_clarity": 3, "respect": 5}
    assert response.comment == "希望排班能提前公布"
    page.goto(f"{base}/")
    assert page.locator("#todos .todo[data-kind='wellbeing.pulse_to_answer']").count() == 0


def test_hr_reads_the_results_with_one_team_suppressed_in_english(browser_page, live_server, pulse_org):
    org = pulse_org
    closed_with_teams(org)
    page, base = browser_page.page, live_server.url
    log_in(page, base, "zhaomin", PASSWORD, "en")
    with page.expect_navigation():
        page.locator("nav.mainnav a[href='/wellbeing/']").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Pulse results").click()
    folded = page.locator("#pulse-folded")
    assert (
        "tiny · Customer Service 1: fewer than 5 answers — folded into the department" in folded.inner_text()
    )
    assert "mid · Customer Service 1: hidden together with a smaller team" in folded.inner_text()
    groups = page.locator("details.pulse-group summary").all_inner_texts()
    assert any(g.startswith("big · Customer Service 1") for g in groups)
    assert not any(g.startswith(("tiny", "mid")) for g in groups)
    assert "benchmark 48.7 % (indicative — one survey)" in page.content()
    screenshot(page, "pulse-results-en")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "pulse-results-en-390")
