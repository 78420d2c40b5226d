"""My path and the eligibility lists in headless Chromium: the agent reads their path; a team lead filters
the list, expands an explanation and downloads the CSV. Screenshots in both languages."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone

from serviceladder.audit.services import Actor
from serviceladder.demo.generator import generate
from serviceladder.demo.loader import demo_load
from serviceladder.org.models import Employee
from tests.browser.conftest import screenshot
from tests.browser.test_every_role_every_page import log_in


@pytest.fixture
def demo(transactional_db):
    """The demo organisation as `serviceladder demo` loads it, dated today."""
    demo_load(org=generate(seed=7, agents=320, months=18, today=timezone.localdate()), actor=Actor(user=None))
    lead = Employee.objects.get(user__username="lead")
    return {
        "agent": Employee.objects.get(user__username="agent"),
        "team": set(Employee.objects.filter(team__lead=lead).values_list("number", flat=True))
        | {lead.number},
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_agent_reads_my_path(browser_page, live_server, demo, language):
    page = browser_page.page
    log_in(browser_page, live_server.url, "agent", language)
    page.locator("nav a[href='/me/path/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/me/path/")
    steps = page.locator("section.step")
    assert steps.count() >= 2  # CS2 → CS3 and the lateral move to the quality team
    assert page.locator("section.step .conditions tbody tr").count() >= 8
    assert page.locator(".bar > svg.bar-fill rect").count() >= 8
    # one step is a single condition (time in level) away, with its date
    assert page.locator("section.step-not_yet .cond-fail").count() >= 1
    assert page.locator(".projection-dates li").count() >= 1
    screenshot(page, f"{language}-agent-my-path")
    page.emulate_media(media="print")
    assert page.locator(".asof-form").is_hidden()  # print-friendly: no controls on paper
    screenshot(page, f"{language}-agent-my-path-print")
    page.emulate_media(media="screen")
    assert browser_page.console_errors == []
    # the lists are not for agents
    response = page.goto(f"{live_server.url}/eligibility/")
    assert response is not None and response.status == 403
    browser_page.console_errors.clear()  # the browser logs the 403 itself


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_lead_filters_expands_and_downloads(browser_page, live_server, demo, language):
    page = browser_page.page
    log_in(browser_page, live_server.url, "lead", language)
    page.locator("nav a[href='/eligibility/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#group-ready_now tbody tr:not(.elig-detail)").count() >= 1
    assert page.locator("#group-ready_soon tbody tr:not(.elig-detail)").count() >= 1
    screenshot(page, f"{language}-lead-eligibility")

    # filter: htmx swaps the list and updates the address
    page.select_option("#f-status", "not_yet")
    page.wait_for_url("**/eligibility/?*status=not_yet*")
    page.wait_for_load_state("networkidle")
    badges = page.locator("#elig-results tbody .status")
    assert badges.count() >= 1
    assert set(badges.evaluate_all("els => els.map(e => e.className)")) == {"status status-not_yet"}

    # one click: the person's explanation opens under the row
    page.locator("#elig-results tbody a.btn", has_text="").first.click()
    explanation = page.locator("#elig-results details.explain")
    explanation.wait_for(state="visible")
    assert explanation.locator(".conditions tbody tr").count() >= 1
    screenshot(page, f"{language}-lead-eligibility-explained")

    # the CSV has the list's filter and the lead's scope
    with page.expect_download() as info:
        page.locator("a[href^='/eligibility/export.csv']").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows[0]) == 9 and len(rows) > 1
    assert {r[0] for r in rows[1:]} <= demo["team"]
    assert browser_page.console_errors == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_head_and_hr_lists(browser_page, live_server, demo, language):
    page = browser_page.page
    for username in ("head", "hr"):
        page.context.clear_cookies()
        log_in(browser_page, live_server.url, username, language)
        page.goto(f"{live_server.url}/eligibility/")
        assert page.locator("h1").first.inner_text().strip()
        assert page.locator("#group-later .pagination").count() == 1  # long groups are paged
        screenshot(page, f"{language}-{username}-eligibility")
    assert browser_page.console_errors == []
