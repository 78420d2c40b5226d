"""HR uploads an export that no shipped mapping reads together with their own mapping file; the worker
imports it with that mapping and the job page says which mapping was used. A mapping with a mistake is
refused on the form, naming the mistake, and nothing is queued. The mapping fields stay tidy at 1366 and
390 px in both languages.

Screenshots of the Imports page in zh-hans and en at 1366 and 390 px when SERVICELADDER_SCREENSHOTS is set."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from serviceladder.metrics.models import ImportJob, MonthlyMetric
from tests.browser.conftest import log_in, screenshot
from tests.factories import EmployeeFactory, user_with_roles
from tests.interactions.conftest import figures
from tests.interactions.test_mapping_upload_web import DATA, MAPPING

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.fixture
def importer(transactional_db):
    for number, name in (("E001", "王芳"), ("E002", "李雷")):
        EmployeeFactory(number=number, name=name)
    return user_with_roles("hr", "hr")


def _choose(page, base_url: str, tmp_path, mapping_text: str) -> None:
    data, mapping = tmp_path / "tickets.csv", tmp_path / "my-mapping.yaml"
    data.write_bytes(DATA)
    mapping.write_text(mapping_text, encoding="utf-8")
    page.goto(f"{base_url}/imports/")
    page.select_option("#imp-kind", "interactions")
    page.set_input_files("#imp-file", str(data))
    page.set_input_files("#imp-mapping-file", str(mapping))
    page.fill("#imp-reason", "ticket system export")
    page.locator(".upload-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_an_upload_with_its_own_mapping(browser_page, live_server, importer, tmp_path):
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, "en")
    _choose(page, live_server.url, tmp_path, MAPPING)
    assert page.url.rstrip("/").split("/")[-1].isdigit()
    assert page.locator("#import-mapping").inner_text() == (
        "Column mapping: my-mapping.yaml (uploaded with the file)"
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.locator("#import-status .message-success").wait_for(timeout=10_000)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.report["imported"] == 4
    assert figures()[("E001", "2026-01")]["aht_seconds"] == (300 + 180) / 2  # minutes, as the mapping says
    screenshot(page, "en-import-own-mapping-done")
    assert browser_page.console_errors == []


def test_a_mapping_with_a_mistake_is_refused_on_the_form(browser_page, live_server, importer, tmp_path):
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, "zh-hans")
    _choose(page, live_server.url, tmp_path, MAPPING.replace("unit: minutes", "unit: fortnights"))
    assert page.url == f"{live_server.url}/imports/"
    error = page.locator(".message-error").inner_text()
    assert "my-mapping.yaml" in error and "columns.talk_seconds.unit" in error
    assert not ImportJob.objects.exists()
    assert not MonthlyMetric.objects.exists()
    screenshot(page, "zh-hans-imports-mapping-refused")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_mapping_fields_stay_tidy(browser_page, live_server, importer, language, width):
    page = browser_page.page
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server.url, "hr", PASSWORD, language)
    page.goto(f"{live_server.url}/imports/")
    viewport = WIDTHS[width]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport
    form = page.locator(".upload-form").bounding_box()
    for selector in ("#imp-mapping", "#imp-mapping-file", "#imp-mapping-file-hint", "#imp-file"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= form["x"] - 1 and box["x"] + box["width"] <= form["x"] + form["width"] + 1, (
            selector
        )
    labels = page.locator("#imp-mapping option").all_inner_texts()
    assert labels[0].startswith("canonical · ") and any(t.startswith("acd-calls · ") for t in labels)
    screenshot(page, f"{language}-imports-{width}")
