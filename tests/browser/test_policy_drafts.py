"""HR tunes a draft in the form (no YAML), saves it, runs the simulation from it and reads the result:
no table cut off on a laptop, gains and losses stacked into cards on a phone, the form fits a phone."""

from __future__ import annotations

import pytest

from tests.browser.test_every_role_every_page import demo_org, log_in  # noqa: F401
from tests.browser.test_layouts_that_fit import CELLS_OFF_SCREEN, LAPTOP, PHONE, TABLES_CUT_OFF, _open

CSAT_CS1 = "#ptransitions0conditionsmetric_thresholds0value"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.usefixtures("demo_org")
def test_hr_saves_a_draft_in_the_form_and_reads_its_result_on_a_laptop_and_a_phone(
    browser_page, live_server, language
):
    page = browser_page.page
    page.set_viewport_size(LAPTOP)
    log_in(browser_page, live_server.url, "hr", language)
    _open(page, live_server.url, "/policy/drafts/new/")
    page.fill("#draft-name", "CSAT 3.5")
    page.fill(CSAT_CS1, "3.5")
    page.locator("input[name='p:process.application_months'][value='6']").check()
    page.locator("button[value=save]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == "CSAT 3.5"
    assert page.locator(CSAT_CS1).input_value() == "3.5"  # reopened with the saved value
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "draft form"
    page.set_viewport_size(LAPTOP)
    page.locator(".draft-run button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".whatif-kpis").count() == 1, "the simulation gave no result"
    assert page.locator("#whatif-gains").count() == 1
    assert page.evaluate(TABLES_CUT_OFF) == [], "draft result"
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "draft result"
    assert page.evaluate(CELLS_OFF_SCREEN) == []
