"""HR uploads interaction records in the browser; the background worker (django-tasks' database backend,
the same `db_worker` command `serve` starts) imports them, and the page follows the job to its report.
A file naming an unknown agent is refused with its row, column and value, and nothing is written.

Screenshots in both languages when SERVICELADDER_SCREENSHOTS is set."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from serviceladder.metrics.models import ImportJob, MonthlyMetric
from tests.browser.conftest import log_in, screenshot
from tests.factories import EmployeeFactory, user_with_roles
from tests.interactions.conftest import (
    assert_figures_equal,
    expected_figures,
    figures,
    fixture_path,
    read_rows,
    write_rows,
)

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
UNMATCHED = "No employee matches this agent; rows in the file: 1."


@pytest.fixture
def importer(transactional_db):
    for number, name in (("E001", "王芳"), ("E002", "李雷")):
        EmployeeFactory(number=number, name=name)
    return user_with_roles("hr", "hr")


def _upload(page, base_url: str, path, *, reason: str, strict_ids: bool = False) -> None:
    page.goto(f"{base_url}/imports/")
    page.select_option("#imp-kind", "interactions")
    if strict_ids:
        page.check("input[name=strict_ids]")
    page.set_input_files("#imp-file", str(path))
    page.fill("#imp-reason", reason)
    page.locator(".upload-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/imports/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit()


def _work_off_the_queue() -> None:
    # The worker runs in this thread so it sees the live server's test database (SQLite in memory too).
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_uploads_interactions_and_the_page_shows_the_report(browser_page, live_server, importer, language):
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, language)
    _upload(page, live_server.url, fixture_path("interactions_small.csv"), reason="January export")
    status = page.locator("#import-status")
    assert status.get_attribute("hx-get")  # queued: the page polls
    assert not MonthlyMetric.objects.exists()
    screenshot(page, f"{language}-import-queued")

    _work_off_the_queue()
    status.locator(".message-success").wait_for(timeout=10_000)  # the next poll shows the report
    assert status.get_attribute("hx-get") is None  # finished: polling stops
    report = status.locator(".report").inner_text()
    assert "2026-01" in report and "2026-02" in report
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.report["duplicates"] == 1
    assert_figures_equal(figures(), expected_figures())
    screenshot(page, f"{language}-import-done")
    assert browser_page.console_errors == []


def test_an_unknown_agent_is_refused_with_row_column_value(browser_page, live_server, importer, tmp_path):
    header, rows = read_rows(fixture_path("interactions_small.csv"))
    rows[2][header.index("agent_id")] = "E999"
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, "en")
    _upload(page, live_server.url, bad, reason="with a stranger")

    _work_off_the_queue()
    status = page.locator("#import-status")
    status.locator(".message-error").wait_for(timeout=10_000)
    message = status.locator(".message-error").inner_text()
    assert message.startswith("bad.csv was not imported") and "uploads" not in message  # the user's name
    problem = status.locator("tbody tr")
    assert problem.count() == 1
    assert problem.locator("td").all_inner_texts()[1:] == ["agent_id", "E999", UNMATCHED]
    assert ImportJob.objects.get().status == ImportJob.Status.REJECTED
    assert not MonthlyMetric.objects.exists()
    screenshot(page, "en-import-rejected")


def test_strict_ids_refuse_an_id_that_changes_agent(browser_page, live_server, importer, tmp_path):
    """The Strict ids box: a repeated id with another agent is refused, listed with its row."""
    header, rows = read_rows(fixture_path("interactions_small.csv"))
    again = list(rows[0])
    again[header.index("agent_id")] = "E002"
    bad = write_rows(tmp_path / "ids.csv", header, [*rows, again])
    page = browser_page.page
    log_in(page, live_server.url, "hr", PASSWORD, "en")
    _upload(page, live_server.url, bad, reason="strict", strict_ids=True)
    assert ImportJob.objects.get().options["strict_ids"] is True

    _work_off_the_queue()
    status = page.locator("#import-status")
    status.locator(".message-error").wait_for(timeout=10_000)
    assert "1 interaction id(s) come again" in status.locator(".message-error").inner_text()
    cells = status.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:3] == [str(len(rows) + 2), "interaction_id", "I1"]
    assert not MonthlyMetric.objects.exists()
    assert browser_page.console_errors == []
