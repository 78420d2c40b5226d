"""Log in as each role and open every page the navigation offers, in Chinese and in English."""

from __future__ import annotations

import re

import pytest

from serviceladder.accounts.roles import Role
from tests.browser.conftest import screenshot
from tests.factories import EmployeeFactory, TeamFactory, user_with_roles

PASSWORD = "pw-for-tests-1"
CJK = re.compile(r"[\u4e00-\u9fff]")
ROLE_USERS = {
    Role.AGENT: "agent",
    Role.TEAM_LEAD: "lead",
    Role.DEPARTMENT_HEAD: "head",
    Role.HR: "hr",
    Role.MANAGEMENT: "management",
    Role.ADMIN: "admin",
}


@pytest.fixture
def small_org(transactional_db):
    head = EmployeeFactory(name="部门长")
    team = TeamFactory(lead=None)
    team.department.head = head
    team.department.save()
    lead = EmployeeFactory(name="组长甲", team=team)
    team.lead = lead
    team.save()
    agent = EmployeeFactory(name="客服乙", team=team)
    outsider = EmployeeFactory(name="外人丙")
    people = {
        Role.AGENT: agent,
        Role.TEAM_LEAD: lead,
        Role.DEPARTMENT_HEAD: head,
        Role.HR: EmployeeFactory(name="人事丁"),
        Role.MANAGEMENT: EmployeeFactory(name="高管戊"),
        Role.ADMIN: None,
    }
    for role, username in ROLE_USERS.items():
        user_with_roles(username, role, employee=people[role])
    return {"agent": agent, "outsider": outsider}


def log_in(watched, base_url: str, username: str, language: str) -> None:
    page = watched.page
    page.context.add_cookies([{"name": "serviceladder_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/login/" not in page.url, f"{username} could not log in"


def nav_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if not h.startswith(("/i18n/", "/logout"))})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_role_opens_every_page(browser_page, live_server, small_org, role, language):
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
        assert small_org["outsider"].number not in page.content() or role in {
            Role.HR,
            Role.MANAGEMENT,
            Role.ADMIN,
        }
        name = href.strip("/").replace("/", "_") or "home"
        screenshot(page, f"{language}-{role}-{name}")
    assert browser_page.console_errors == []


def test_agent_cannot_open_someone_elses_profile(browser_page, live_server, small_org):
    log_in(browser_page, live_server.url, "agent", "en")
    response = browser_page.page.goto(f"{live_server.url}/people/{small_org['outsider'].number}/")
    assert response is not None and response.status == 404
    assert small_org["outsider"].name not in browser_page.page.content()
