"""HR tries a draft in the browser: edits a threshold in the YAML box and sees who gains; a broken draft
shows its problems next to the editor. Screenshots in both languages when SERVICELADDER_SCREENSHOTS is set."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot
from tests.whatif.conftest import CSAT_RULE, build_preset_org

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def preset(transactional_db):
    return build_preset_org()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_lowers_a_threshold_and_sees_a_gain(browser_page, live_server, preset, language):
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, language)
    page.goto(f"{live_server.url}/policy/")
    page.locator("a[href='/policy/whatif/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/policy/whatif/")
    screenshot(page, f"{language}-whatif-start")

    box = page.locator("#draft-yaml")
    text = box.input_value()
    assert CSAT_RULE in text  # prefilled with the policy in force
    box.fill(text.replace(CSAT_RULE, CSAT_RULE.replace("value: 4.5", "value: 4.3"), 1))
    page.fill("#as-of", "2026-07-01")
    page.locator(".whatif-run button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    gains = page.locator("section[aria-labelledby=whatif-gains]")
    assert "坐席W002" in gains.inner_text()
    assert gains.locator("tbody tr").count() == 1
    eligible = page.locator(".whatif-kpi-eligible .kpi-value").inner_text()
    assert eligible.split() == ["3", "→", "4"]
    assert "4.3" in box.input_value()  # the draft stays in the box
    screenshot(page, f"{language}-whatif-result")

    assert browser_page.console_errors == []

    # break the draft: the problem is listed next to the editor, with its line (the answer is a 400)
    box.fill(box.input_value().replace("to: CS2", "to: CS9", 1))
    page.locator(".whatif-run button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    problems = page.locator("#draft-problems").inner_text()
    assert "CS9" in problems and "transitions[0].to" in problems
    assert page.locator("section[aria-labelledby=whatif-gains]").count() == 0
    screenshot(page, f"{language}-whatif-problems")
    assert all("400" in e for e in browser_page.console_errors)
