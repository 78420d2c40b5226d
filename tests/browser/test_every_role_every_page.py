"""Log in as each role and open every page the navigation offers, in Chinese and in English."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.demo.generator import DEMO_PASSWORD, generate
from serviceladder.demo.loader import demo_load
from serviceladder.org.models import Employee
from tests.browser.conftest import log_in as browser_log_in
from tests.browser.conftest import screenshot

CJK = re.compile(r"[\u4e00-\u9fff]")
ROLE_USERS = {
    Role.AGENT: "agent",
    Role.TEAM_LEAD: "lead",
    Role.DEPARTMENT_HEAD: "head",
    Role.HR: "hr",
    Role.MANAGEMENT: "management",
    Role.ADMIN: "admin",
}
SEES_EVERYONE = {Role.HR, Role.MANAGEMENT, Role.ADMIN}


@pytest.fixture
def demo_org(transactional_db):
    """A small demo organisation, loaded by the same code as `serviceladder demo`."""
    org = generate(seed=3, agents=30, months=4, today=dt.date(2026, 11, 24))
    demo_load(org=org, actor=Actor(user=None))
    agent = Employee.objects.get(user__username="agent")
    outsider = Employee.objects.exclude(team__department=agent.team.department).exclude(team=None).first()
    return {"agent": agent, "outsider": outsider}


def log_in(watched, base_url: str, username: str, language: str) -> None:
    browser_log_in(watched.page, base_url, username, DEMO_PASSWORD, language)


def nav_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if not h.startswith(("/i18n/", "/logout"))})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_role_opens_every_page(browser_page, live_server, demo_org, role, language):
    page = browser_page.page
    username = ROLE_USERS[role]
    log_in(browser_page, live_server.url, username, language)
    links = nav_links(page)
    assert links, "the navigation offers no page"
    for href in links:
        response = page.goto(f"{live_server.url}{href}")
        assert response is not None and response.status == 200, (
            f"{href} answered {response and response.status}"
        )
        assert page.locator("html").get_attribute("lang") == language
        heading = page.locator("h1").first.inner_text()
        assert heading.strip(), f"{href} has no heading"
        if language == "zh-hans":
            assert CJK.search(heading), f"{href} heading not in Chinese: {heading!r}"
        assert demo_org["outsider"].number not in page.content() or role in {
            Role.HR,
            Role.MANAGEMENT,
            Role.ADMIN,
        }
        name = href.strip("/").replace("/", "_") or "home"
        screenshot(page, f"{language}-{role}-{name}")
    assert browser_page.console_errors == []


def test_agent_cannot_open_someone_elses_profile(browser_page, live_server, demo_org):
    log_in(browser_page, live_server.url, "agent", "en")
    response = browser_page.page.goto(f"{live_server.url}/people/{demo_org['outsider'].number}/")
    assert response is not None and response.status == 404
    assert demo_org["outsider"].name not in browser_page.page.content()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_agent_follows_home_to_own_profile_with_kpis_chart_and_pay(
    browser_page, live_server, demo_org, language
):
    page = browser_page.page
    log_in(browser_page, live_server.url, "agent", language)
    agent = demo_org["agent"]
    # The home's link to the agent's own profile (to-do items link to their development page too).
    page.locator(f"main a[href='/people/{agent.number}/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/people/{agent.number}/")
    assert agent.name in page.locator("h1").first.inner_text()
    kpi_rows = page.locator("#kpis ~ * table tbody tr, section:has(#kpis) table tbody tr")
    assert kpi_rows.count() >= 3
    assert page.locator("main svg").count() >= 1
    assert page.locator("#levels").count() == 1
    assert page.locator("#pay").count() == 1  # one's own pay is visible
    screenshot(page, f"{language}-agent-own-profile")


def test_lead_searches_the_directory_and_opens_a_team_member(browser_page, live_server, demo_org):
    page = browser_page.page
    log_in(browser_page, live_server.url, "lead", "zh-hans")
    agent = demo_org["agent"]
    page.goto(f"{live_server.url}/people/")
    page.fill("input[name=q]", agent.name)
    page.wait_for_timeout(800)  # htmx swaps the results table after typing
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/people/{agent.number}/")
    screenshot(page, "zh-hans-lead-team-member-profile")
    assert page.locator("#pay").count() == 0  # a lead never sees a team member's pay
