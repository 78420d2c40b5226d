"""HR downloads a template from the Imports page (in the page's language), uploads it as it is, and the
background import creates what its example row describes. The list fits a 390 px phone.

Screenshots of the page at 1366 and 390 px when SERVICELADDER_SCREENSHOTS is set."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command

from serviceladder.metrics.models import ImportJob
from serviceladder.org.models import Team
from tests.browser.conftest import log_in, screenshot
from tests.factories import user_with_roles

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture
def hr(transactional_db):
    return user_with_roles("hr", "hr")


def test_hr_downloads_a_template_and_uploads_it_as_it_is(browser_page, live_server, hr, tmp_path):
    page = browser_page.page
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "hr", PASSWORD, "zh-hans")
    page.goto(f"{live_server.url}/imports/")
    templates = page.locator(".template-list li")
    # every kind HR may upload has its template: with compliments (issue 15), courses and enrolments (17)
    assert templates.count() == 11
    teams = templates.filter(has_text="部门与班组")
    assert "模板：" in teams.inner_text()
    screenshot(page, "zh-hans-imports-templates-1366")

    with page.expect_download() as caught:
        teams.get_by_role("link", name="XLSX").click()
    download = caught.value
    assert download.suggested_filename == "teams-template-zh-hans.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    header = next(openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert header[:2] == ("部门编码", "部门名称")

    page.select_option("#imp-kind", "teams")
    page.set_input_files("#imp-file", str(path))
    page.locator(".upload-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.locator("#import-status .message-success").wait_for(timeout=10_000)
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert Team.objects.get(code="cs-1").department.name_zh == "客服中心"
    assert browser_page.console_errors == []


def test_the_template_list_fits_a_phone(browser_page, live_server, hr):
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "hr", PASSWORD, "zh-hans")
    page.goto(f"{live_server.url}/imports/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for link in page.locator(".template-list a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["height"] >= 24  # a finger-sized target
    screenshot(page, "zh-hans-imports-templates-390")
